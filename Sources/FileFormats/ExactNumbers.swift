// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import JMESPath

extension JSONValue {
    /// The smallest magnitude from which not every integer is a `Double`: 2^53.
    static let inexactIntegers = 9_007_199_254_740_992.0

    /// Whether the value is, or holds at any depth, a number of magnitude 2^53 or more: from there on a `Double`
    /// holds only some integers, so such a number may have been read as the nearest one (`12345678901234567890` as
    /// `12345678901234567168`) and writing it back could change it silently, as any JSON reader using doubles would.
    /// Rendered files refuse it instead (store it as a string); `1e21`, exact though it is, is refused alike, as the
    /// text it was read from is not known.
    public var holdsInexactNumber: Bool {
        var pending = [self]
        while let value = pending.popLast() {
            switch value {
            case .number(let number):
                if abs(number) >= Self.inexactIntegers { return true }
            case .array(let elements):
                pending += elements
            case .object(let object):
                pending += object.map(\.value)
            case .null, .bool, .string:
                continue
            }
        }
        return false
    }
}

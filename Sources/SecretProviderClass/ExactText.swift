// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// Text that is equal to other text only when their UTF-8 bytes are equal.
///
/// Swift's `String` compares and hashes by Unicode canonical equivalence, so `café` written with `é` (NFC) and with
/// `e` and a combining accent (NFD) are one dictionary key. A file system, AWS and the driver see two different
/// names. Every cache or set keyed by text a tenant chose (object names, aliases, file paths, the whole class) uses
/// this instead, so one tenant's text can never stand in for another's.
public struct ExactText: Hashable, Sendable, CustomStringConvertible {
    /// The text.
    public let text: String

    /// Wraps `text`.
    public init(_ text: String) {
        self.text = text
    }

    /// The text itself.
    public var description: String {
        self.text
    }

    /// Whether the two texts have the same UTF-8 bytes.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    /// Hashes the UTF-8 bytes.
    public func hash(into hasher: inout Hasher) {
        var text = self.text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

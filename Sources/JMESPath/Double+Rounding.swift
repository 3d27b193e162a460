// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

// `Double.rounded(_:)` lowers to libm's ceil, floor and trunc, which a module without Foundation or Glibc
// does not link on Linux; these helpers use integer conversion instead.
extension Double {
    /// 2^52: from here on every `Double` is an integer.
    private static let firstIntegralMagnitude: Double = 4_503_599_627_370_496

    /// Whether the value is a whole number.
    var isIntegral: Bool {
        self.isFinite && (Swift.abs(self) >= Self.firstIntegralMagnitude || Double(Int64(self)) == self)
    }

    /// The smallest whole number not less than the value (JMESPath `ceil`).
    var ceiling: Double {
        guard self.isFinite, Swift.abs(self) < Self.firstIntegralMagnitude else { return self }
        let truncated = Double(Int64(self))
        return truncated < self ? truncated + 1 : truncated
    }

    /// The largest whole number not greater than the value (JMESPath `floor`).
    var flooring: Double {
        guard self.isFinite, Swift.abs(self) < Self.firstIntegralMagnitude else { return self }
        let truncated = Double(Int64(self))
        return truncated > self ? truncated - 1 : truncated
    }
}

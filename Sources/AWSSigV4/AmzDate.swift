// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif

/// A signing time in the two UTC forms SigV4 uses: `YYYYMMDD'T'HHMMSS'Z'` (``dateTime``) and `YYYYMMDD` (``date``).
///
/// Formatting is done by hand from seconds since 1970 (Howard Hinnant's civil-from-days algorithm), so the module
/// needs no `DateFormatter`, no locale and no time-zone database.
package struct AmzDate: Hashable, Sendable {
    /// The last second of year 9999, the latest time that fits the four-digit year of the format.
    private static let maximumSeconds: Int64 = 253_402_300_799

    /// The timestamp, for example `20150830T123600Z`; the value of `X-Amz-Date`.
    package let dateTime: String

    /// The date part of ``dateTime``, for example `20150830`; the first element of the credential scope.
    package var date: Substring {
        self.dateTime.prefix(8)
    }

    /// Creates the timestamp of `date`, dropping fractions of a second.
    ///
    /// - Throws: ``SigV4Error/Code/invalidDate`` if `date` is not finite or lies outside 1970...9999.
    package init(_ date: Date) throws(SigV4Error) {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds.isFinite, seconds >= 0, seconds <= Double(Self.maximumSeconds) else {
            throw Self.outOfRange
        }
        try self.init(secondsSince1970: Int64(seconds))
    }

    /// Creates the timestamp `seconds` after 1970-01-01T00:00:00Z.
    ///
    /// - Throws: ``SigV4Error/Code/invalidDate`` if the time lies outside 1970...9999.
    package init(secondsSince1970 seconds: Int64) throws(SigV4Error) {
        guard seconds >= 0, seconds <= Self.maximumSeconds else {
            throw Self.outOfRange
        }
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (year, month, day) = Self.civil(fromDays: days)

        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        Self.appendDigits(year, count: 4, to: &bytes)
        Self.appendDigits(month, count: 2, to: &bytes)
        Self.appendDigits(day, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        Self.appendDigits(secondOfDay / 3600, count: 2, to: &bytes)
        Self.appendDigits(secondOfDay % 3600 / 60, count: 2, to: &bytes)
        Self.appendDigits(secondOfDay % 60, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
        self.dateTime = String(decoding: bytes, as: UTF8.self)
    }

    private static var outOfRange: SigV4Error {
        SigV4Error(
            code: .invalidDate,
            message: "The signing date must be a time between 1970 and the end of 9999 (UTC)."
        )
    }

    /// Converts days since 1970-01-01 to a proleptic Gregorian (year, month, day); `days` is never negative here.
    private static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        // Shift the epoch to 0000-03-01 so that leap days fall at the end of each 400-year era.
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func appendDigits(_ value: Int64, count: Int, to bytes: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<count {
            divisor *= 10
        }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSSigV4
import Foundation
import Testing

@Suite("AmzDate")
struct AmzDateTests {
    @Test(
        "formats seconds since 1970 in UTC",
        arguments: [
            (Int64(0), "19700101T000000Z"),
            (1_440_938_160, "20150830T123600Z"),
            (951_782_400, "20000229T000000Z"),
            (1_709_251_199, "20240229T235959Z"),
            (1_709_251_200, "20240301T000000Z"),
            (4_107_542_400, "21000301T000000Z"),
            (253_402_300_799, "99991231T235959Z"),
        ]
    )
    func formatsSeconds(seconds: Int64, expected: String) throws {
        let date = try AmzDate(secondsSince1970: seconds)
        #expect(date.dateTime == expected)
        #expect(date.date == expected.prefix(8))
    }

    @Test("drops fractions of a second")
    func dropsFractions() throws {
        #expect(try AmzDate(Date(timeIntervalSince1970: 1_440_938_160.999)).dateTime == "20150830T123600Z")
    }

    @Test("rejects times outside 1970 to 9999", arguments: [Int64(-1), 253_402_300_800, .min, .max])
    func rejectsOutOfRange(seconds: Int64) {
        let error = #expect(throws: SigV4Error.self) {
            try AmzDate(secondsSince1970: seconds)
        }
        #expect(error?.code == .invalidDate)
    }

    @Test("rejects dates that are not finite", arguments: [Double.nan, .infinity, -.infinity])
    func rejectsNonFinite(seconds: Double) {
        #expect(throws: SigV4Error.self) {
            try AmzDate(Date(timeIntervalSince1970: seconds))
        }
    }
}

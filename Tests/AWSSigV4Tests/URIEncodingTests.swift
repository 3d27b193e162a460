// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSSigV4
import Testing

@Suite("URIEncoding")
struct URIEncodingTests {
    @Test(
        "encodes everything but unreserved characters",
        arguments: [
            ("", ""),
            ("-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", nil),
            ("a b", "a%20b"),
            ("a+b=c&d", "a%2Bb%3Dc%26d"),
            ("a/b", "a%2Fb"),
            ("100%", "100%25"),
            ("ሴ", "%E1%88%B4"),
            ("\u{0}\u{7F}", "%00%7F"),
        ] as [(String, String?)]
    )
    func encodes(input: String, expected: String?) {
        #expect(URIEncoding.percentEncode(input) == (expected ?? input))
    }

    @Test("keeps slashes only when asked to")
    func keepsSlashes() {
        #expect(URIEncoding.percentEncode("/a b/c", keepingSlashes: true) == "/a%20b/c")
        #expect(URIEncoding.percentEncode("/a b/c") == "%2Fa%20b%2Fc")
    }
}

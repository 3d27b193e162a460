// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSSigV4
import Testing

@Suite("CanonicalRequest")
struct CanonicalRequestTests {
    @Test(
        "normalizes and encodes the path like every service but S3",
        arguments: [
            ("", "/"),
            ("/", "/"),
            ("//", "/"),
            ("/./", "/"),
            ("/example/..", "/"),
            ("/a/b/../..", "/"),
            ("/../a", "/a"),
            ("/a/b/..", "/a"),
            ("/a/./b/", "/a/b/"),
            ("//example//", "/example/"),
            ("/example space/", "/example%20space/"),
            ("/ሴ", "/%E1%88%B4"),
            ("/example/$delete", "/example/%24delete"),
            ("/already%20encoded", "/already%2520encoded"),
            ("/-._~AZaz09", "/-._~AZaz09"),
        ]
    )
    func normalizesAndEncodes(path: String, expected: String) {
        #expect(CanonicalRequest.canonicalURI(path: path, normalize: true, encode: true) == expected)
    }

    @Test(
        "keeps the path as given when normalization and encoding are off",
        arguments: ["//example//", "/a/./b/../c", "/already%20encoded"]
    )
    func keepsPath(path: String) {
        #expect(CanonicalRequest.canonicalURI(path: path, normalize: false, encode: false) == path)
        #expect(
            CanonicalRequest.canonicalURI(path: path, normalize: false, encode: true)
                == URIEncoding.percentEncode(path, keepingSlashes: true)
        )
    }

    @Test("sorts the query by encoded name, then encoded value")
    func sortsQuery() {
        let items: [SigV4Request.QueryItem] = [
            .init(name: "Param-3", value: "Value3"),
            .init(name: "Param", value: "b"),
            .init(name: "Param", value: "B"),
            .init(name: "ሴ", value: "a b/c"),
            .init(name: "empty"),
        ]
        #expect(
            CanonicalRequest.encodedQuery(items, sorted: true)
                == "%E1%88%B4=a%20b%2Fc&Param=B&Param=b&Param-3=Value3&empty="
        )
        #expect(
            CanonicalRequest.encodedQuery(items, sorted: false)
                == "Param-3=Value3&Param=b&Param=B&%E1%88%B4=a%20b%2Fc&empty="
        )
    }

    @Test("joins the six parts with line feeds")
    func joinsParts() throws {
        let request = CanonicalRequest(
            method: "GET",
            uri: "/",
            queryItems: [.init(name: "Action", value: "GetCallerIdentity")],
            headers: try CanonicalHeaders(signing: [.init(name: "Host", value: "sts.amazonaws.com")]),
            payloadHash: "UNSIGNED-PAYLOAD"
        )
        #expect(request.string == "GET\n/\nAction=GetCallerIdentity\nhost:sts.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD")
    }
}

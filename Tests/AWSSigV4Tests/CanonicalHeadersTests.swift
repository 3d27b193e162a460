// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSSigV4
import Testing

@Suite("CanonicalHeaders")
struct CanonicalHeadersTests {
    @Test("lower-cases, sorts, trims, collapses and merges headers")
    func canonicalizes() throws {
        let headers = try CanonicalHeaders(signing: [
            .init(name: "Host", value: "example.amazonaws.com"),
            .init(name: "My-Header2", value: "  \"a   b \t c\"  "),
            .init(name: "my-header1", value: "value2"),
            .init(name: "MY-HEADER1", value: " value1 "),
            .init(name: "X-Empty", value: "   "),
            .init(name: "X-Tab", value: "a\tb"),
        ])
        #expect(
            headers.block
                == "host:example.amazonaws.com\nmy-header1:value2,value1\nmy-header2:\"a b c\"\nx-empty:\nx-tab:a b\n"
        )
        #expect(headers.signedHeaders == "host;my-header1;my-header2;x-empty;x-tab")
    }

    @Test("leaves out headers that proxies rewrite")
    func skipsUnsignable() throws {
        let headers = try CanonicalHeaders(signing: [
            .init(name: "host", value: "example.amazonaws.com"),
            .init(name: "User-Agent", value: "csi-provider"),
            .init(name: "X-Amzn-Trace-Id", value: "Root=1-5759e988-bd862e3fe1be46a994272793"),
            .init(name: "Expect", value: "100-continue"),
        ])
        #expect(headers.signedHeaders == "host")
    }

    @Test("requires a Host header")
    func requiresHost() {
        let error = #expect(throws: SigV4Error.self) {
            try CanonicalHeaders(signing: [.init(name: "X-Amz-Date", value: "20150830T123600Z")])
        }
        #expect(error?.code == .missingHost)
    }
}

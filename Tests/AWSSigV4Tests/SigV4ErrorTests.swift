// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSSigV4
import Testing

@Suite("SigV4Error")
struct SigV4ErrorTests {
    @Test("describes itself as code and quoted message")
    func describesItself() {
        let error = #expect(throws: SigV4Error.self) {
            try SigV4Signer(region: "", service: "sts")
        }
        #expect(
            error?.description
                == #"invalidScope: "The region '' must be non-empty ASCII letters, digits, '-', '_' or '.'.""#
        )
    }

    @Test("has stable code names")
    func hasStableCodeNames() {
        let codes: [SigV4Error.Code] = [
            .invalidScope, .invalidCredentials, .invalidMethod, .invalidPath, .invalidHeader, .missingHost,
            .invalidPayloadHash, .invalidDate, .invalidExpiration,
        ]
        #expect(
            codes.map(\.description) == [
                "invalidScope", "invalidCredentials", "invalidMethod", "invalidPath", "invalidHeader", "missingHost",
                "invalidPayloadHash", "invalidDate", "invalidExpiration",
            ]
        )
    }
}

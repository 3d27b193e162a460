// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Testing

struct ServiceAccountTokensTests {
    @Test("tokens parse as Go's encoding/json would: any letter case, unknown fields ignored, null is empty")
    func parsing() throws {
        let tokens = try ServiceAccountTokens(
            json: #"{"sts.amazonaws.com": {"Token": "a", "EXPIRATIONTIMESTAMP": "2026-01-01T00:00:00Z", "x": 1},"#
                + #" "": {"token": "default"}, "aud": null, "aud2": {"token": null}}"#
        )
        #expect(tokens.audiences == ["", "aud", "aud2", "sts.amazonaws.com"])
        #expect(tokens.token(forAudience: "sts.amazonaws.com")?.token == "a")
        #expect(tokens.token(forAudience: "sts.amazonaws.com")?.expirationTimestamp == "2026-01-01T00:00:00Z")
        #expect(tokens.token(forAudience: "")?.token == "default")
        #expect(tokens.token(forAudience: "aud")?.token == "")
        #expect(tokens.token(forAudience: "aud2")?.token == "")
        #expect(tokens.token(forAudience: "missing") == nil)
        #expect(try ServiceAccountTokens(json: "null").audiences.isEmpty)
    }

    @Test(
        "malformed tokens are rejected without quoting the text",
        arguments: [
            (#"{"sts.amazonaws.com": {"token": "eyJhbGciOi"#, "the JSON is malformed at line 1, column 33"),
            (#"["eyJhbGciOi"]"#, "expected a JSON object of audience to {token, expirationTimestamp}"),
            (#"{"aud": "eyJhbGciOi"}"#, "the value for audience \"aud\" is not an object"),
            (#"{"aud": {"token": 12}}"#, "the token of audience \"aud\" is not a string"),
        ]
    )
    func malformed(json: String, reason: String) throws {
        let error = try #require(throws: SecretProviderClassError.self) { try ServiceAccountTokens(json: json) }
        #expect(error.code == .invalidTokens)
        #expect(
            error.problems.first?.message
                == "CSI token error: failed to parse serviceAccount.tokens: \(reason) - ensure tokenRequests is "
                + "configured in CSIDriver spec"
        )
        #expect(!error.message.contains("eyJ"))
    }

    @Test("descriptions, debug descriptions and dumps never show a token")
    func redaction() throws {
        let token = ServiceAccountToken(token: "eyJ.secret", expirationTimestamp: "2026-01-01T00:00:00Z")
        let tokens = ServiceAccountTokens(["sts.amazonaws.com": token])
        var dumped = ""
        dump(tokens, to: &dumped)
        dump(token, to: &dumped)
        for text in ["\(token)", String(reflecting: token), "\(tokens)", String(reflecting: tokens), dumped] {
            #expect(!text.contains("eyJ"))
            #expect(text.contains("<REDACTED>"))
        }
        #expect("\(tokens)" == #"ServiceAccountTokens(audiences: ["sts.amazonaws.com"], tokens: <REDACTED>)"#)
        #expect("\(token)" == "ServiceAccountToken(token: <REDACTED>, expirationTimestamp: 2026-01-01T00:00:00Z)")
    }
}

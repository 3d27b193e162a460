// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSSigV4
import Foundation
import Testing

extension SigV4SignerTests {
    /// One invalid input and the error code it must produce.
    struct InvalidInput: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var request = SigV4Request(method: "GET", headers: [.init(name: "Host", value: "example.amazonaws.com")])
        var credentials = SigV4TestData.credentials()
        var date = SigV4TestData.date
        var code: SigV4Error.Code

        static func withHeader(_ description: String, name: String, value: String) -> Self {
            var input = Self(testDescription: description, code: .invalidHeader)
            input.request.headers.append(.init(name: name, value: value))
            return input
        }
    }

    static let invalidInputs: [InvalidInput] = [
        .withHeader("header value with a bare line feed", name: "My-Header", value: "SENTINEL\nInjected: 1"),
        .withHeader("header value with a trailing line break", name: "My-Header", value: "SENTINEL\r\n"),
        .withHeader("header value with a lone carriage return", name: "My-Header", value: "SENTI\rNEL"),
        .withHeader("header value with a NUL byte", name: "My-Header", value: "SENTI\u{0}NEL"),
        .withHeader("header name with a space", name: "My Header", value: "value"),
        .withHeader("empty header name", name: "", value: "value"),
        {
            var input = InvalidInput(testDescription: "no Host header", code: .missingHost)
            input.request.headers = [.init(name: "X-Amz-Target", value: "secretsmanager.GetSecretValue")]
            return input
        }(),
        {
            var input = InvalidInput(testDescription: "method with a space", code: .invalidMethod)
            input.request.method = "GET /"
            return input
        }(),
        {
            var input = InvalidInput(testDescription: "relative path", code: .invalidPath)
            input.request.path = "example"
            return input
        }(),
        {
            var input = InvalidInput(testDescription: "malformed payload hash", code: .invalidPayloadHash)
            input.request.payload = .precomputedSHA256("not-a-sha256")
            return input
        }(),
        {
            var input = InvalidInput(testDescription: "empty secret access key", code: .invalidCredentials)
            input.credentials.secretAccessKey = ""
            return input
        }(),
        {
            var input = InvalidInput(testDescription: "secret key passed as the key ID", code: .invalidCredentials)
            input.credentials.accessKeyId = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
            return input
        }(),
        {
            var input = InvalidInput(testDescription: "session token with a line break", code: .invalidCredentials)
            input.credentials.sessionToken = "SENTINEL\nInjected: 1"
            return input
        }(),
        {
            var input = InvalidInput(testDescription: "date before 1970", code: .invalidDate)
            input.date = Date(timeIntervalSince1970: -1)
            return input
        }(),
        {
            var input = InvalidInput(testDescription: "date after 9999", code: .invalidDate)
            input.date = Date(timeIntervalSince1970: 1e15)
            return input
        }(),
        {
            var input = InvalidInput(testDescription: "infinite date", code: .invalidDate)
            input.date = Date(timeIntervalSince1970: .infinity)
            return input
        }(),
    ]

    @Test("rejects invalid input with a typed error and no secret in it", arguments: Self.invalidInputs)
    func rejectsInvalidInput(_ input: InvalidInput) throws {
        let signer = try SigV4Signer(region: "us-east-1", service: "service")
        for presign in [false, true] {
            let error = #expect(throws: SigV4Error.self) {
                if presign {
                    _ = try signer.presign(
                        input.request,
                        credentials: input.credentials,
                        date: input.date,
                        expiresInSeconds: 60
                    )
                } else {
                    _ = try signer.sign(input.request, credentials: input.credentials, date: input.date)
                }
            }
            #expect(error?.code == input.code)
            // Neither the offending value nor the secret key may leak into logs through the error.
            #expect(error?.description.contains("SENTI") == false)
            #expect(error?.description.contains("EXAMPLEKEY") == false)
        }
    }

    @Test(
        "rejects a region or service that cannot appear in a credential scope",
        arguments: [("", "sts"), ("us-east-1", ""), ("us east 1", "sts"), ("us-east-1", "sts/aws4_request")]
    )
    func rejectsScope(region: String, service: String) {
        let error = #expect(throws: SigV4Error.self) {
            try SigV4Signer(region: region, service: service)
        }
        #expect(error?.code == .invalidScope)
    }
}

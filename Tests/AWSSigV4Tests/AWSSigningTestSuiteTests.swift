// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSSigV4
import Foundation
import Testing

/// The `aws-signing-test-suite/v4/` vectors, each signed twice: with an `Authorization` header and as a presigned
/// URL (query signing), every input taken from the case's `context.json`.
@Suite("aws-signing-test-suite v4 vectors")
struct AWSSigningTestSuiteTests {
    /// The inputs of one case, as in `context.json`.
    private struct Context: Decodable {
        struct Credentials: Decodable {
            var accessKeyId: String
            var secretAccessKey: String
            var token: String?
        }

        var credentials: Credentials
        var expirationInSeconds: Int
        var normalize: Bool
        var region: String
        var service: String
        var signBody: Bool
        var timestamp: String
        var omitSessionToken: Bool?
    }

    /// Everything needed to sign one case.
    private struct Case {
        var request: RawHTTPRequest
        var signer: SigV4Signer
        var credentials: AWSCredentials
        var date: Date
        var expiration: Int

        init(_ name: String) throws {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            let context = try decoder.decode(Context.self, from: SigV4TestData.data("\(name)/context.json"))
            self.request = try RawHTTPRequest(parsing: SigV4TestData.text("\(name)/request.txt"))
            // Double URI encoding of the path is on in every case: only `normalize` varies.
            self.signer = try SigV4Signer(
                region: context.region,
                service: context.service,
                options: .init(
                    normalizePath: context.normalize,
                    addContentSHA256Header: context.signBody,
                    signSessionToken: !(context.omitSessionToken ?? false)
                )
            )
            self.credentials = AWSCredentials(
                accessKeyId: context.credentials.accessKeyId,
                secretAccessKey: context.credentials.secretAccessKey,
                sessionToken: context.credentials.token
            )
            self.date = try Date(context.timestamp, strategy: .iso8601)
            self.expiration = context.expirationInSeconds
        }
    }

    private static let suite = "aws-signing-test-suite/v4"

    @Test("finds all 38 cases; the count is printed")
    func findsAllCases() {
        print("SigV4 v4Cases: \(SigV4TestData.v4Cases.count) cases")
        #expect(SigV4TestData.v4Cases.count == 38)
    }

    @Test(
        "header signing matches the reference",
        arguments: SigV4TestData.v4Cases
    )
    func headerSigning(_ name: String) throws {
        let folder = "\(Self.suite)/\(name)"
        let testCase = try Case(folder)
        let signed = try testCase.signer.sign(
            testCase.request.sigV4Request,
            credentials: testCase.credentials,
            date: testCase.date
        )

        #expect(signed.artifacts.canonicalRequest == (try SigV4TestData.text("\(folder)/header-canonical-request.txt")))
        #expect(signed.artifacts.stringToSign == (try SigV4TestData.text("\(folder)/header-string-to-sign.txt")))
        #expect(signed.artifacts.signature == (try SigV4TestData.text("\(folder)/header-signature.txt")))
        let expected = try RawHTTPRequest(parsing: SigV4TestData.text("\(folder)/header-signed-request.txt"))
        #expect(signed.authorization == expected.header("Authorization"))
        #expect(RawHTTPRequest.comparable(signed.headers) == RawHTTPRequest.comparable(expected.headers))
        #expect(expected.body == testCase.request.body)
    }

    @Test(
        "query signing (presigned URL) matches the reference",
        arguments: SigV4TestData.v4Cases
    )
    func querySigning(_ name: String) throws {
        let folder = "\(Self.suite)/\(name)"
        let testCase = try Case(folder)
        let presigned = try testCase.signer.presign(
            testCase.request.sigV4Request,
            credentials: testCase.credentials,
            date: testCase.date,
            expiresInSeconds: testCase.expiration
        )

        #expect(
            presigned.artifacts.canonicalRequest == (try SigV4TestData.text("\(folder)/query-canonical-request.txt"))
        )
        #expect(presigned.artifacts.stringToSign == (try SigV4TestData.text("\(folder)/query-string-to-sign.txt")))
        #expect(presigned.artifacts.signature == (try SigV4TestData.text("\(folder)/query-signature.txt")))
        let expected = try RawHTTPRequest(parsing: SigV4TestData.text("\(folder)/query-signed-request.txt"))
        #expect(presigned.queryItems == expected.queryItems)
        #expect(RawHTTPRequest.comparable(presigned.headers) == RawHTTPRequest.comparable(expected.headers))
        #expect(expected.path == testCase.request.path)
        #expect(expected.body == testCase.request.body)
    }
}

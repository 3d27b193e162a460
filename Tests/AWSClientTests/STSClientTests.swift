// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import AWSSigV4
import Foundation
import ProviderTestSupport
import Testing

struct STSClientTests {
    static let roleArn = "arn:aws:iam::123456789012:role/app"

    /// An `AssumeRoleWithWebIdentityResponse` as STS (and moto) send it.
    static func answer(
        expiration: String = "2026-11-23T13:00:00Z",
        token: String = "FwoGZX&amp;IvYXdzE"
    ) -> AWSHTTPResponse {
        let xml = """
            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleWithWebIdentityResult>
                <SubjectFromWebIdentityToken>system:serviceaccount:default:app</SubjectFromWebIdentityToken>
                <Audience>sts.amazonaws.com</Audience>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::123456789012:assumed-role/app/csi</Arn>
                  <AssumedRoleId>AROAEXAMPLE:csi</AssumedRoleId>
                </AssumedRoleUser>
                <Credentials>
                  <AccessKeyId>ASIAEXAMPLE</AccessKeyId>
                  <SecretAccessKey>temporary/secret+key</SecretAccessKey>
                  <SessionToken>\(token)</SessionToken>
                  <Expiration>\(expiration)</Expiration>
                </Credentials>
              </AssumeRoleWithWebIdentityResult>
              <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
            </AssumeRoleWithWebIdentityResponse>
            """
        return AWSHTTPResponse(status: 200, body: Array(xml.utf8))
    }

    private static func assume(
        _ transport: FakeTransport,
        token: String = "eyJhbGciOiJSUzI1NiJ9.payload.sig",
        sessionName: String = "csi",
        roleArn: String = Self.roleArn
    ) async throws -> AssumedRoleCredentials {
        let sts = try Fixtures.sts(transport)
        return try await sts.client.assumeRoleWithWebIdentity(
            roleArn: roleArn,
            roleSessionName: sessionName,
            webIdentityToken: token,
            deadline: sts.deadline
        )
    }

    @Test("sends an unsigned form POST with every field percent-encoded")
    func request() async throws {
        let transport = FakeTransport(always: Self.answer())
        _ = try await Self.assume(transport, token: "a.b_c-d~e+f/g=")
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://sts.us-west-2.amazonaws.com/")
        #expect(request.header("Host") == "sts.us-west-2.amazonaws.com")
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(request.header("User-Agent") == Fixtures.userAgent)
        #expect(request.header("Authorization") == nil)
        #expect(request.header("X-Amz-Security-Token") == nil)
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(
            body == "Action=AssumeRoleWithWebIdentity&Version=2011-06-15"
                + "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fapp&RoleSessionName=csi"
                + "&WebIdentityToken=a.b_c-d~e%2Bf%2Fg%3D"
        )
    }

    @Test("reads the credentials, the session token and the assumed-role ARN from the XML")
    func response() async throws {
        let assumed = try await Self.assume(FakeTransport(always: Self.answer()))
        #expect(assumed.credentials.accessKeyId == "ASIAEXAMPLE")
        #expect(assumed.credentials.secretAccessKey == "temporary/secret+key")
        #expect(assumed.credentials.sessionToken == "FwoGZX&IvYXdzE")
        #expect(assumed.credentials.expiration == Date(timeIntervalSince1970: 1_795_438_800))
        #expect(assumed.assumedRoleArn == "arn:aws:sts::123456789012:assumed-role/app/csi")
        #expect(!"\(assumed)".contains("temporary/secret+key"))
    }

    @Test(
        "reads ISO 8601 expiry times",
        arguments: [
            ("2026-11-23T13:00:00Z", 1_795_438_800.0),
            ("2026-11-23T13:00:00.250Z", 1_795_438_800.25),
            ("2026-11-23T15:30:00+02:30", 1_795_438_800.0),
            ("2000-02-29T23:59:59Z", 951_868_799.0),
            ("1970-01-01T00:00:00Z", 0.0),
        ]
    )
    func expiry(text: String, seconds: Double) async throws {
        let assumed = try await Self.assume(FakeTransport(always: Self.answer(expiration: text)))
        let expiration = try #require(assumed.credentials.expiration)
        #expect(abs(expiration.timeIntervalSince1970 - seconds) < 0.001)
    }

    @Test(
        "an answer without complete credentials is an invalid response",
        arguments: [
            "2026-11-23", "2026-13-01T00:00:00Z", "2026-11-23T13:00:00", "tomorrow", "2026-11-23T13:00:00Zjunk",
        ]
    )
    func invalidExpiry(text: String) async throws {
        let error = try await #require(throws: AWSError.self) {
            try await Self.assume(FakeTransport(always: Self.answer(expiration: text)))
        }
        #expect(error.code == .invalidResponse)
        #expect(error.operation == "AssumeRoleWithWebIdentity")
    }

    @Test(
        "classifies STS errors and explains a rejected token",
        arguments: [
            ("InvalidIdentityToken", 400, AWSError.Code.credentials),
            ("ExpiredTokenException", 400, .credentials),
            ("AccessDenied", 403, .accessDenied),
            ("IDPCommunicationError", 400, .clientFault),
            ("InternalFailure", 500, .serverFault),
        ]
    )
    func errors(awsCode: String, status: Int, code: AWSError.Code) async throws {
        let xml =
            "<ErrorResponse><Error><Type>Sender</Type><Code>\(awsCode)</Code><Message>nope</Message></Error>"
            + "<RequestId>req-sts</RequestId></ErrorResponse>"
        let transport = FakeTransport(always: AWSHTTPResponse(status: status, body: Array(xml.utf8)))
        let error = try await #require(throws: AWSError.self) {
            try await Self.assume(transport, token: "secret-token-value")
        }
        #expect(error.code == code)
        #expect(error.service == "sts")
        #expect(error.requestId == "req-sts")
        #expect(!error.message.contains("secret-token-value"))
        if code == .accessDenied {
            #expect(error.message.contains("`sts:AssumeRoleWithWebIdentity` on role '\(Self.roleArn)'"))
        }
        if awsCode == "InvalidIdentityToken" {
            #expect(error.message.contains("STS rejected the service account token"))
        }
    }

    @Test(
        "rejects malformed input before any call, never echoing the token",
        arguments: [
            ("not-an-arn", "csi", "token"),
            ("arn:aws:iam::1:user/bob", "csi", "token"),
            (Self.roleArn, "x", "token"),
            (Self.roleArn, String(repeating: "s", count: 65), "token"),
            (Self.roleArn, "has space", "token"),
            (Self.roleArn, "csi", ""),
        ]
    )
    func validation(roleArn: String, sessionName: String, token: String) async throws {
        let transport = FakeTransport(always: Self.answer())
        let error = try await #require(throws: AWSError.self) {
            try await Self.assume(transport, token: token, sessionName: sessionName, roleArn: roleArn)
        }
        #expect(error.code == .invalidRequest)
        #expect(transport.requests.isEmpty)
    }
}

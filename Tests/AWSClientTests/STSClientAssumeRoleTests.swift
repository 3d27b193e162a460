// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import AWSSigV4
import Foundation
import Logging
import ProviderTestSupport
import Testing

struct STSClientAssumeRoleTests {
    static let roleArn = "arn:aws:iam::111122223333:role/shared-reader"
    static let externalId = "tenant-42-external-id"

    /// An `AssumeRoleResponse` as STS sends it.
    static func answer(expiration: String = "2026-11-23T13:00:00Z") -> AWSHTTPResponse {
        let xml = """
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <SourceIdentity>csi</SourceIdentity>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::111122223333:assumed-role/shared-reader/csi</Arn>
                  <AssumedRoleId>AROACHAINED:csi</AssumedRoleId>
                </AssumedRoleUser>
                <Credentials>
                  <AccessKeyId>ASIACHAINED</AccessKeyId>
                  <SecretAccessKey>chained/secret+key</SecretAccessKey>
                  <SessionToken>chained-session&amp;token</SessionToken>
                  <Expiration>\(expiration)</Expiration>
                </Credentials>
                <PackedPolicySize>6</PackedPolicySize>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """
        return AWSHTTPResponse(status: 200, body: Array(xml.utf8))
    }

    /// An STS error answer.
    static func error(_ awsCode: String, status: Int, message: String = "nope") -> AWSHTTPResponse {
        let xml =
            "<ErrorResponse><Error><Type>Sender</Type><Code>\(awsCode)</Code><Message>\(message)</Message></Error>"
            + "<RequestId>req-sts</RequestId></ErrorResponse>"
        return AWSHTTPResponse(status: status, body: Array(xml.utf8))
    }

    private static func assume(
        _ transport: FakeTransport,
        roleArn: String = Self.roleArn,
        sessionName: String = "csi",
        externalId: String? = Self.externalId,
        durationSeconds: Int? = nil,
        credentials: AWSCredentials = Fixtures.credentials,
        base: (any CredentialProvider)? = nil,
        logger: Logger? = nil
    ) async throws -> AssumedRoleCredentials {
        let (client, deadline) = try Fixtures.sts(transport)
        return try await client.assumeRole(
            roleArn: roleArn,
            roleSessionName: sessionName,
            externalId: externalId,
            durationSeconds: durationSeconds,
            credentials: base ?? StaticCredentialProvider(credentials: credentials),
            deadline: deadline,
            logger: logger
        )
    }

    @Test(
        "sends a form POST with Action=AssumeRole, the role, the session, and ExternalId and DurationSeconds if given",
        arguments: [
            (Self.externalId, 3600, "&ExternalId=tenant-42-external-id&DurationSeconds=3600"),
            (Self.externalId, nil, "&ExternalId=tenant-42-external-id"),
            (nil, 900, "&DurationSeconds=900"),
            (nil, nil, ""),
        ] as [(String?, Int?, String)]
    )
    func formFields(externalId: String?, durationSeconds: Int?, tail: String) async throws {
        let transport = FakeTransport(always: Self.answer())
        _ = try await Self.assume(transport, externalId: externalId, durationSeconds: durationSeconds)
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://sts.us-west-2.amazonaws.com/")
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(
            body == "Action=AssumeRole&Version=2011-06-15"
                + "&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fshared-reader&RoleSessionName=csi" + tail
        )
    }

    @Test("signs with the base credentials, with their session token when they have one", arguments: [true, false])
    func signedWithBaseCredentials(withSessionToken: Bool) async throws {
        let transport = FakeTransport(always: Self.answer())
        var base = Fixtures.credentials
        if !withSessionToken {
            base.sessionToken = nil
        }
        _ = try await Self.assume(transport, credentials: base)
        let request = try #require(transport.requests.first)
        let authorization = try #require(request.header("Authorization"))
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"))
        #expect(authorization.contains("/us-west-2/sts/aws4_request"))
        #expect(request.header("X-Amz-Date") != nil)
        #expect(request.header("X-Amz-Security-Token") == (withSessionToken ? "session-token-value" : nil))
    }

    @Test("reads the credentials, the session token and the assumed-role ARN from the AssumeRoleResponse")
    func response() async throws {
        let assumed = try await Self.assume(FakeTransport(always: Self.answer()))
        #expect(assumed.credentials.accessKeyId == "ASIACHAINED")
        #expect(assumed.credentials.secretAccessKey == "chained/secret+key")
        #expect(assumed.credentials.sessionToken == "chained-session&token")
        #expect(assumed.credentials.expiration == Date(timeIntervalSince1970: 1_795_438_800))
        #expect(assumed.assumedRoleArn == "arn:aws:sts::111122223333:assumed-role/shared-reader/csi")
        #expect(!"\(assumed)".contains("chained/secret+key"))
    }

    @Test("an answer for another operation, or without complete credentials, is an invalid response")
    func invalidResponse() async throws {
        for answer in [STSClientTests.answer(), Self.answer(expiration: "tomorrow")] {
            let error = try await #require(throws: AWSError.self) {
                try await Self.assume(FakeTransport(always: answer))
            }
            #expect(error.code == .invalidResponse)
            #expect(error.operation == "AssumeRole")
        }
    }

    @Test(
        "rejects malformed input before any call, naming the field and never echoing the external ID",
        arguments: [
            ("not-an-arn", "csi", nil, nil, "RoleArn"),
            ("arn:aws:iam::111122223333:user/bob", "csi", nil, nil, "RoleArn"),
            ("arn:aws:iam::11112222333:role/app", "csi", nil, nil, "RoleArn"),
            ("arn:aws:iam::11112222333x:role/app", "csi", nil, nil, "RoleArn"),
            ("arn:aws-iso:iam::111122223333:role/app", "csi", nil, nil, "RoleArn"),
            ("arn:aws:sts::111122223333:role/app", "csi", nil, nil, "RoleArn"),
            ("arn:aws:iam:us-east-1:111122223333:role/app", "csi", nil, nil, "RoleArn"),
            ("arn:aws:iam::111122223333:role/", "csi", nil, nil, "RoleArn"),
            ("arn:aws:iam::111122223333:role/path/", "csi", nil, nil, "RoleArn"),
            ("arn:aws:iam::111122223333:role/bad name", "csi", nil, nil, "RoleArn"),
            ("arn:aws:iam::111122223333:role/" + String(repeating: "r", count: 65), "csi", nil, nil, "RoleArn"),
            (Self.roleArn, "x", nil, nil, "RoleSessionName"),
            (Self.roleArn, String(repeating: "s", count: 65), nil, nil, "RoleSessionName"),
            (Self.roleArn, "has space", nil, nil, "RoleSessionName"),
            (Self.roleArn, "séssion", nil, nil, "RoleSessionName"),
            (Self.roleArn, "csi", "Z", nil, "ExternalId"),
            (Self.roleArn, "csi", "§", nil, "ExternalId"),
            (Self.roleArn, "csi", String(repeating: "e", count: 1225), nil, "ExternalId"),
            (Self.roleArn, "csi", "secret external id", nil, "ExternalId"),
            (Self.roleArn, "csi", "secret;external;id", nil, "ExternalId"),
            (Self.roleArn, "csi", nil, 899, "DurationSeconds"),
            (Self.roleArn, "csi", nil, 43_201, "DurationSeconds"),
            (Self.roleArn, "csi", nil, -1, "DurationSeconds"),
        ] as [(String, String, String?, Int?, String)]
    )
    func validation(roleArn: String, sessionName: String, externalId: String?, duration: Int?, field: String)
        async throws
    {
        let transport = FakeTransport(always: Self.answer())
        let error = try await #require(throws: AWSError.self) {
            try await Self.assume(
                transport,
                roleArn: roleArn,
                sessionName: sessionName,
                externalId: externalId,
                durationSeconds: duration
            )
        }
        #expect(error.code == .invalidRequest)
        #expect(error.operation == "AssumeRole")
        #expect(error.message.hasPrefix("STS AssumeRole needs a"))
        #expect(error.message.contains(" \(field) "))
        if let externalId {
            #expect(!"\(error)".contains(externalId))
        }
        #expect(transport.requests.isEmpty)
    }

    @Test(
        "accepts roles in the aws, aws-cn and aws-us-gov partitions, with paths, and the limits' edges",
        arguments: [
            ("arn:aws:iam::111122223333:role/a", "ab", "ab", 900),
            ("arn:aws-cn:iam::111122223333:role/path/to/app", "a+=,.@_-b", "a_+=,.@:/-b", 43_200),
            (
                "arn:aws-us-gov:iam::111122223333:role/" + String(repeating: "r", count: 64),
                String(repeating: "s", count: 64), String(repeating: "e", count: 1224), 3600
            ),
        ] as [(String, String, String, Int)]
    )
    func validInput(roleArn: String, sessionName: String, externalId: String, duration: Int) async throws {
        let transport = FakeTransport(always: Self.answer())
        _ = try await Self.assume(
            transport,
            roleArn: roleArn,
            sessionName: sessionName,
            externalId: externalId,
            durationSeconds: duration
        )
        #expect(transport.requests.count == 1)
    }

    @Test(
        "classifies STS errors with the existing mapping",
        arguments: [
            (AWSError.Code.accessDenied, "AccessDenied", 403),
            (.credentials, "InvalidClientTokenId", 403),
            (.credentials, "ExpiredToken", 400),
            (.clientFault, "RegionDisabledException", 403),
            (.throttled, "Throttling", 400),
            (.serverFault, "InternalFailure", 500),
        ]
    )
    func errors(code: AWSError.Code, awsCode: String, status: Int) async throws {
        let transport = FakeTransport(always: Self.error(awsCode, status: status))
        let error = try await #require(throws: AWSError.self) { try await Self.assume(transport) }
        #expect(error.code == code)
        #expect(error.service == "sts")
        #expect(error.operation == "AssumeRole")
        #expect(error.region == "us-west-2")
        #expect(error.requestId == "req-sts")
        if code == .accessDenied {
            #expect(error.message.contains("`sts:AssumeRole` on role '\(Self.roleArn)'"))
        }
        for secret in [Self.externalId, "wJalrXUtnFEMI", "session-token-value"] {
            #expect(!"\(error)".contains(secret))
        }
    }

    @Test("an STS message that quotes the external ID is redacted, and no log line names it")
    func externalIdNeverInErrors() async throws {
        let message = "1 validation error detected: Value '\(Self.externalId)' at 'externalId' failed"
        let transport = FakeTransport(always: Self.error("ValidationError", status: 400, message: message))
        let (logger, records) = RecordingLogHandler.logger()
        let error = try await #require(throws: AWSError.self) { try await Self.assume(transport, logger: logger) }
        #expect(error.code == .clientFault)
        #expect(error.message.contains("Value '<REDACTED>' at 'externalId'"))
        #expect(!"\(error)".contains(Self.externalId))
        #expect(!records.all.isEmpty)
        #expect(!records.all.contains { $0.text.contains(Self.externalId) })
    }

    @Test("a base provider failure reaches the caller and nothing is sent")
    func baseFailure() async throws {
        struct Refusing: CredentialProvider {
            func credentials() async throws -> AWSCredentials {
                throw AWSError(code: .credentials, message: "no pod credentials")
            }
        }
        let transport = FakeTransport(always: Self.answer())
        let error = try await #require(throws: AWSError.self) { try await Self.assume(transport, base: Refusing()) }
        #expect(error.message == "no pod credentials")
        #expect(transport.requests.isEmpty)
    }
}

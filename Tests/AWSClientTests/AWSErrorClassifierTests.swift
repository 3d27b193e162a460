// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import ProviderTestSupport
import Testing

/// Classification and actionable messages, checked through real client calls on a fake transport.
struct AWSErrorClassifierTests {
    static let throttlingCodes = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    static let classification: [(awsCode: String, status: Int, message: String, code: AWSError.Code)] =
        Self.throttlingCodes.map { ($0, 400, "slow down", .throttled) } + [
            ("RequestTimeout", 400, "too slow", .timeout),
            ("RequestTimeoutException", 408, "too slow", .timeout),
            ("SignatureDoesNotMatch", 403, "bad signature", .credentials),
            ("InvalidClientTokenId", 403, "unknown key", .credentials),
            ("ExpiredToken", 400, "expired", .credentials),
            ("ExpiredTokenException", 400, "expired", .credentials),
            ("UnrecognizedClientException", 400, "unknown", .credentials),
            ("AccessDeniedException", 400, "not authorized", .accessDenied),
            ("AccessDenied", 403, "not authorized", .accessDenied),
            ("DecryptionFailure", 400, "cannot decrypt", .accessDenied),
            ("KMS.AccessDeniedException", 400, "kms says no", .accessDenied),
            ("ResourceNotFoundException", 400, "missing", .notFound),
            ("ParameterNotFound", 400, "missing", .notFound),
            ("ParameterVersionNotFound", 400, "missing", .notFound),
            ("InvalidParameterException", 400, "bad", .clientFault),
            ("ValidationException", 400, "bad", .clientFault),
            ("InternalServiceError", 500, "oops", .serverFault),
            ("ServiceUnavailable", 503, "later", .serverFault),
            ("SomethingNew", 400, "new", .clientFault),
            ("SomethingNew", 500, "new", .serverFault),
        ]

    @Test("classifies AWS error codes and statuses", arguments: Self.classification)
    func classifies(awsCode: String, status: Int, message: String, code: AWSError.Code) async throws {
        let error = try await Self.getSecretValueError(Fixtures.jsonError(awsCode, status: status, message: message))
        #expect(error.code == code)
        #expect(error.awsErrorCode == awsCode)
        #expect(error.isClientFault == (status < 500 && code != .throttled && code != .timeout))
    }

    @Test("an access denial names the operation, the resource and the missing IAM action")
    func accessDeniedSecret() async throws {
        let error = try await Self.getSecretValueError(
            Fixtures.jsonError("AccessDeniedException", status: 400, message: "User is not authorized")
        )
        #expect(error.code == .accessDenied)
        #expect(error.isClientFault)
        #expect(error.message.contains("GetSecretValue"))
        #expect(error.message.contains("secret 'db'"))
        #expect(error.message.contains("`secretsmanager:GetSecretValue`"))
        #expect(error.message.contains("us-east-1"))
        #expect(error.message.contains("User is not authorized"))
        #expect(!error.message.contains("kms:Decrypt"))
    }

    @Test("access denials on the other operations name their IAM actions")
    func accessDeniedOtherOperations() async throws {
        let denied = Fixtures.jsonError("AccessDeniedException", status: 400)
        let clock = ManualClock(sleepsAdvance: true)
        let transport = FakeTransport(always: denied)
        let runtime = Fixtures.runtime(transport, clock: clock)
        let provider = StaticCredentialProvider(credentials: Fixtures.credentials)
        let secrets = try SecretsManagerClient(region: "eu-west-1", credentials: provider, runtime: runtime)
        let parameters = try ParameterStoreClient(region: "eu-west-1", credentials: provider, runtime: runtime)
        let deadline = Fixtures.deadline(clock)

        let describe = try await #require(throws: AWSError.self) {
            try await secrets.describeSecret(secretId: "app/db", deadline: deadline)
        }
        #expect(describe.message.contains("`secretsmanager:DescribeSecret` on secret 'app/db'"))
        let batch = try await #require(throws: AWSError.self) {
            try await secrets.batchGetSecretValue(secretIds: ["a", "b"], deadline: deadline)
        }
        #expect(batch.message.contains("`secretsmanager:BatchGetSecretValue` on secrets 'a', 'b'"))
        let ssm = try await #require(throws: AWSError.self) {
            try await parameters.getParameters([ParameterSelector(name: "/app/key", version: 2)], deadline: deadline)
        }
        #expect(ssm.message.contains("`ssm:GetParameters` on parameters '/app/key:2'"))
        #expect(ssm.service == "ssm")
        #expect(ssm.region == "eu-west-1")
    }

    @Test(
        "a KMS failure names kms:Decrypt",
        arguments: [
            ("DecryptionFailure", "Secrets Manager can't decrypt the protected secret text using the provided key."),
            ("KMS.AccessDeniedException", "The ciphertext refers to a key you have no access to."),
            ("AccessDeniedException", "Access to KMS is not allowed"),
        ]
    )
    func kmsFailure(awsCode: String, message: String) async throws {
        let error = try await Self.getSecretValueError(Fixtures.jsonError(awsCode, status: 400, message: message))
        #expect(error.code == .accessDenied)
        #expect(error.message.contains("`kms:Decrypt`"))
        #expect(error.message.contains("secret 'db'"))
    }

    @Test(
        "a rejected signature says the credentials were rejected",
        arguments: ["SignatureDoesNotMatch", "InvalidClientTokenId", "ExpiredToken"]
    )
    func signatureRejected(awsCode: String) async throws {
        let error = try await Self.getSecretValueError(Fixtures.jsonError(awsCode, status: 403))
        #expect(error.code == .credentials)
        #expect(error.message.contains("AWS rejected the request's credentials (\(awsCode))"))
    }

    @Test("BatchGetSecretValue entries are classified like single calls")
    func batchEntries() async throws {
        let answer = Fixtures.json(
            #"{"SecretValues":[],"Errors":["#
                + #"{"SecretId":"gone","ErrorCode":"ResourceNotFoundException","Message":"not found"},"#
                + #"{"SecretId":"locked","ErrorCode":"DecryptionFailure","Message":"no key"},"#
                + #"{"SecretId":"denied","ErrorCode":"AccessDeniedException","Message":"no"},"#
                + #"{"SecretId":"flaky","ErrorCode":"InternalServiceError","Message":"oops"}]}"#
        )
        let clock = ManualClock(sleepsAdvance: true)
        let client = try Fixtures.secretsManager(FakeTransport(always: answer), clock: clock)
        let result = try await client.batchGetSecretValue(
            secretIds: ["gone", "locked", "denied", "flaky"],
            deadline: Fixtures.deadline(clock)
        )
        let errors = Dictionary(uniqueKeysWithValues: result.errors.map { ($0.secretId, $0.error) })
        #expect(errors["gone"]?.code == .notFound)
        #expect(errors["locked"]?.code == .accessDenied)
        #expect(errors["locked"]?.message.contains("`kms:Decrypt`") == true)
        #expect(errors["denied"]?.message.contains("`secretsmanager:GetSecretValue` on secret 'denied'") == true)
        #expect(errors["flaky"]?.code == .serverFault)
        #expect(errors["flaky"]?.isClientFault == false)
        #expect(errors["gone"]?.awsErrorCode == "ResourceNotFoundException")
        #expect(errors["gone"]?.httpStatus == nil)
    }

    private static func getSecretValueError(_ response: AWSHTTPResponse) async throws -> AWSError {
        let clock = ManualClock(sleepsAdvance: true)
        let client = try Fixtures.secretsManager(FakeTransport(always: response), clock: clock)
        return try await #require(throws: AWSError.self) {
            try await client.getSecretValue(.init(secretId: "db"), deadline: Fixtures.deadline(clock))
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import AWSSigV4
import Logging
import ProviderTestSupport
import Testing

/// The request path every operation shares: signing, retries, the token bucket, deadlines, cancellation, logging.
struct AWSClientRuntimeTests {
    private static let throttled = Fixtures.jsonError("ThrottlingException", status: 400, message: "Rate exceeded")
    private static let unavailable = Fixtures.jsonError("InternalServiceError", status: 503)

    @Test("retries throttling with full-jitter backoff, then succeeds and refunds the retry tokens")
    func retriesThrottling() async throws {
        let transport = FakeTransport(sequence: [
            .success(Self.throttled), .success(Self.throttled), .success(Fixtures.secretAnswer),
        ])
        let clock = ManualClock(sleepsAdvance: true)
        let bucket = RetryTokenBucket()
        let client = try Fixtures.secretsManager(transport, clock: clock, retryTokens: bucket)
        let value = try await client.getSecretValue(.init(secretId: "db"), deadline: Fixtures.deadline(clock))
        #expect(value.contents == .string("hunter2"))
        #expect(transport.requests.count == 3)
        // Random 0.5 of the ceilings 100 ms and 200 ms.
        #expect(clock.sleeps == [.milliseconds(50), .milliseconds(100)])
        #expect(bucket.available == 500)
    }

    @Test("gives up after 3 attempts in all with a server fault, keeping the retry tokens spent")
    func exhaustsAttempts() async throws {
        let transport = FakeTransport(always: Self.unavailable)
        let clock = ManualClock(sleepsAdvance: true)
        let bucket = RetryTokenBucket()
        let client = try Fixtures.secretsManager(transport, clock: clock, retryTokens: bucket)
        let error = try await #require(throws: AWSError.self) {
            try await client.getSecretValue(.init(secretId: "db"), deadline: Fixtures.deadline(clock))
        }
        #expect(error.code == .serverFault)
        #expect(!error.isClientFault)
        #expect(error.httpStatus == 503)
        #expect(transport.requests.count == 3)
        #expect(clock.sleeps.count == 2)
        #expect(bucket.available == 490)
    }

    @Test(
        "never retries a client fault",
        arguments: [
            "ValidationException", "ResourceNotFoundException", "AccessDeniedException", "SignatureDoesNotMatch",
        ]
    )
    func noRetryOnClientFault(awsCode: String) async throws {
        let transport = FakeTransport(always: Fixtures.jsonError(awsCode, status: 400))
        let clock = ManualClock(sleepsAdvance: true)
        let client = try Fixtures.secretsManager(transport, clock: clock)
        let error = try await #require(throws: AWSError.self) {
            try await client.getSecretValue(.init(secretId: "db"), deadline: Fixtures.deadline(clock))
        }
        #expect(error.isClientFault)
        #expect(transport.requests.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test("retries network failures and timeouts; a timeout costs 10 tokens")
    func retriesTransportFailures() async throws {
        let transport = FakeTransport(
            sequence: [
                .failure(AWSError(code: .network, message: "connection refused")),
                .failure(AWSError(code: .timeout, message: "read timeout")),
                .success(Fixtures.secretAnswer),
            ]
        )
        let clock = ManualClock(sleepsAdvance: true)
        let bucket = RetryTokenBucket()
        let client = try Fixtures.secretsManager(transport, clock: clock, retryTokens: bucket)
        _ = try await client.getSecretValue(.init(secretId: "db"), deadline: Fixtures.deadline(clock))
        #expect(transport.requests.count == 3)
        #expect(bucket.available == 500)
    }

    @Test("a transport failure names the endpoint and keeps the cause")
    func transportFailureMessage() async throws {
        let failing = FakeTransport { _, _ in throw AWSError(code: .network, message: "connection refused") }
        let clock = ManualClock(sleepsAdvance: true)
        let client = try Fixtures.secretsManager(failing, clock: clock)
        let error = try await #require(throws: AWSError.self) {
            try await client.getSecretValue(.init(secretId: "db"), deadline: Fixtures.deadline(clock))
        }
        #expect(error.code == .network)
        #expect(error.message.contains("secretsmanager.us-east-1.amazonaws.com"))
        #expect((error.cause as? AWSError)?.message == "connection refused")
        #expect(failing.requests.count == 3)
    }

    @Test("never sleeps past the deadline: a backoff that would end after it stops the retries")
    func backoffWithinDeadline() async throws {
        let transport = FakeTransport(always: Self.unavailable)
        let clock = ManualClock(sleepsAdvance: true)
        let client = try Fixtures.secretsManager(transport, clock: clock)
        let error = try await #require(throws: AWSError.self) {
            try await client.getSecretValue(
                .init(secretId: "db"),
                deadline: Fixtures.deadline(clock, .milliseconds(120))
            )
        }
        // First backoff 50 ms fits (50 < 120); the second (100 ms, ending at 150 ms) would not.
        #expect(error.code == .serverFault)
        #expect(transport.requests.count == 2)
        #expect(clock.sleeps == [.milliseconds(50)])
        #expect(clock.elapsed < .milliseconds(120))
    }

    @Test("a transport timeout at the deadline ends the call with a timeout naming the deadline")
    func timeoutAtDeadline() async throws {
        let clock = ManualClock(sleepsAdvance: true)
        let deadline = Fixtures.deadline(clock, .seconds(2))
        let transport = FakeTransport { _, _ in
            clock.advance(by: .seconds(2))
            throw AWSError(code: .timeout, message: "deadline exceeded")
        }
        let client = try Fixtures.secretsManager(transport, clock: clock)
        let error = try await #require(throws: AWSError.self) {
            try await client.getSecretValue(.init(secretId: "db"), deadline: deadline)
        }
        #expect(error.code == .timeout)
        #expect(!error.isClientFault)
        #expect(error.message.contains("did not complete before its deadline"))
        #expect(transport.requests.count == 1)
    }

    @Test("a deadline already passed makes no request")
    func passedDeadline() async throws {
        let transport = FakeTransport(always: Fixtures.secretAnswer)
        let clock = ManualClock(sleepsAdvance: true)
        clock.advance(by: .seconds(1))
        let client = try Fixtures.secretsManager(transport, clock: clock)
        let error = try await #require(throws: AWSError.self) {
            try await client.getSecretValue(.init(secretId: "db"), deadline: clock.startInstant)
        }
        #expect(error.code == .timeout)
        #expect(transport.requests.isEmpty)
    }

    @Test("an empty retry quota stops retries, so a storm does not multiply the load")
    func emptyQuota() async throws {
        let transport = FakeTransport(always: Self.throttled)
        let clock = ManualClock(sleepsAdvance: true)
        let client = try Fixtures.secretsManager(transport, clock: clock, retryTokens: RetryTokenBucket(capacity: 4))
        let error = try await #require(throws: AWSError.self) {
            try await client.getSecretValue(.init(secretId: "db"), deadline: Fixtures.deadline(clock))
        }
        #expect(error.code == .throttled)
        #expect(transport.requests.count == 1)
    }

    @Test("cancellation during the backoff ends the call with CancellationError")
    func cancellation() async throws {
        let transport = FakeTransport { _, _ in
            withUnsafeCurrentTask { $0?.cancel() }
            return Self.throttled
        }
        let clock = ManualClock(sleepsAdvance: true)
        let client = try Fixtures.secretsManager(transport, clock: clock)
        await #expect(throws: CancellationError.self) {
            try await client.getSecretValue(.init(secretId: "db"), deadline: Fixtures.deadline(clock))
        }
        #expect(transport.requests.count == 1)
    }

    @Test("signs every attempt with the current credentials and session token")
    func signsEachAttempt() async throws {
        let transport = FakeTransport(sequence: [.success(Self.throttled), .success(Fixtures.secretAnswer)])
        let clock = ManualClock(sleepsAdvance: true)
        let client = try Fixtures.secretsManager(transport, clock: clock)
        _ = try await client.getSecretValue(.init(secretId: "db"), deadline: Fixtures.deadline(clock))
        for request in transport.requests {
            let authorization = try #require(request.header("Authorization"))
            #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"))
            #expect(authorization.contains("/us-east-1/secretsmanager/aws4_request"))
            #expect(request.header("X-Amz-Security-Token") == "session-token-value")
            #expect(request.header("X-Amz-Date") != nil)
        }
    }

    @Test("a credential failure makes no request and is not retried")
    func credentialFailure() async throws {
        struct Failing: CredentialProvider {
            func credentials() async throws -> AWSCredentials {
                throw AWSError(code: .credentials, message: "STS said no")
            }
        }
        struct Broken: CredentialProvider {
            struct Oops: Error {}
            func credentials() async throws -> AWSCredentials {
                throw Oops()
            }
        }
        let transport = FakeTransport(always: Fixtures.secretAnswer)
        let clock = ManualClock(sleepsAdvance: true)
        let failing = try Fixtures.secretsManager(transport, clock: clock, credentials: Failing())
        let error = try await #require(throws: AWSError.self) {
            try await failing.getSecretValue(.init(secretId: "db"), deadline: Fixtures.deadline(clock))
        }
        #expect(error.message == "STS said no")
        let broken = try Fixtures.secretsManager(transport, clock: clock, credentials: Broken())
        let wrapped = try await #require(throws: AWSError.self) {
            try await broken.getSecretValue(.init(secretId: "db"), deadline: Fixtures.deadline(clock))
        }
        #expect(wrapped.code == .credentials)
        #expect(wrapped.cause is Broken.Oops)
        #expect(transport.requests.isEmpty)
    }

    @Test("logs at debug and trace only, and never a secret, token, key or signature")
    func logging() async throws {
        let (logger, store) = RecordingLogHandler.logger()
        let transport = FakeTransport(sequence: [.success(Self.throttled), .success(Fixtures.secretAnswer)])
        let clock = ManualClock(sleepsAdvance: true)
        let client = try Fixtures.secretsManager(transport, clock: clock)
        _ = try await client.getSecretValue(.init(secretId: "db"), deadline: Fixtures.deadline(clock), logger: logger)
        let records = store.all
        #expect(records.count >= 3)
        #expect(records.allSatisfy { $0.level == .debug || $0.level == .trace })
        for forbidden in ["hunter2", Fixtures.credentials.secretAccessKey, "session-token-value", "Signature="] {
            #expect(!records.contains { $0.text.contains(forbidden) })
        }
        #expect(records.contains { $0.text.contains("aws.operation=GetSecretValue") })
        #expect(records.contains { $0.text.contains("error.code=throttled") })
    }
}

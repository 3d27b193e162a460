// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import AWSSigV4
import Foundation
import ProviderTestSupport
import Synchronization
import Testing

/// A transport that answers each request with a closure and keeps every request it was given.
final class FakeTransport: AWSHTTPTransport {
    /// Answers request number `index` (0-based).
    typealias Answer = @Sendable (_ request: AWSHTTPRequest, _ index: Int) async throws -> AWSHTTPResponse

    private let answer: Answer
    private let recorded = Mutex<[AWSHTTPRequest]>([])

    init(_ answer: @escaping Answer) {
        self.answer = answer
    }

    /// Answers every request with the same response.
    convenience init(always response: AWSHTTPResponse) {
        self.init { _, _ in response }
    }

    /// Answers the requests in order with `responses`, repeating the last one; an `Error` entry is thrown.
    convenience init(sequence responses: [Result<AWSHTTPResponse, AWSError>]) {
        self.init { _, index in try responses[min(index, responses.count - 1)].get() }
    }

    /// Every request so far, in order.
    var requests: [AWSHTTPRequest] {
        self.recorded.withLock { $0 }
    }

    func execute(_ request: AWSHTTPRequest, deadline: ContinuousClock.Instant) async throws -> AWSHTTPResponse {
        let index = self.recorded.withLock { requests in
            requests.append(request)
            return requests.count - 1
        }
        return try await self.answer(request, index)
    }
}

/// Shared values and builders for the unit tests.
enum Fixtures {
    static let userAgent = "secrets-store-csi-driver-provider-aws-test"
    static let credentials = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        sessionToken: "session-token-value"
    )

    /// A runtime over `transport` with a fake clock and a fixed jitter of one half, whose retries all spend
    /// `retryTokens`.
    static func runtime(
        _ transport: FakeTransport,
        clock: ManualClock = ManualClock(sleepsAdvance: true),
        retryTokens: RetryTokenBucket = RetryTokenBucket(),
        configuration: AWSClientConfiguration = AWSClientConfiguration(userAgent: Fixtures.userAgent)
    ) -> AWSClientRuntime {
        AWSClientRuntime(
            configuration: configuration,
            transport: transport,
            retryStrategy: RetryStrategy(random: { 0.5 }),
            retryQuotas: RetryQuotas(makeBucket: { retryTokens }),
            clock: clock.timeSource
        )
    }

    /// A Secrets Manager client in us-east-1 over `transport`.
    static func secretsManager(
        _ transport: FakeTransport,
        clock: ManualClock = ManualClock(sleepsAdvance: true),
        retryTokens: RetryTokenBucket = RetryTokenBucket(),
        credentials: any CredentialProvider = StaticCredentialProvider(credentials: Fixtures.credentials)
    ) throws -> SecretsManagerClient {
        try SecretsManagerClient(
            region: "us-east-1",
            credentials: credentials,
            runtime: Self.runtime(transport, clock: clock, retryTokens: retryTokens)
        )
    }

    /// An STS client in us-west-2 over `transport` on a fake clock, and a deadline far enough away on that clock.
    static func sts(_ transport: FakeTransport) throws -> (client: STSClient, deadline: ContinuousClock.Instant) {
        let clock = ManualClock(sleepsAdvance: true)
        return (
            try STSClient(region: "us-west-2", runtime: Self.runtime(transport, clock: clock)), Self.deadline(clock)
        )
    }

    /// A deadline far enough away for any unit test on the fake clock.
    static func deadline(_ clock: ManualClock, _ duration: Duration = .seconds(60)) -> ContinuousClock.Instant {
        clock.startInstant + duration
    }

    /// A JSON answer.
    static func json(_ text: String, status: Int = 200, headers: [AWSHTTPHeader] = []) -> AWSHTTPResponse {
        AWSHTTPResponse(status: status, headers: headers, body: Array(text.utf8))
    }

    /// A JSON 1.1 error answer.
    static func jsonError(_ code: String, status: Int, message: String = "injected") -> AWSHTTPResponse {
        Self.json(
            #"{"__type":"com.amazonaws.service#\#(code)","message":"\#(message)"}"#,
            status: status,
            headers: [AWSHTTPHeader(name: "x-amzn-RequestId", value: "req-1")]
        )
    }

    /// A minimal `GetSecretValue` answer.
    static let secretAnswer = Self.json(
        #"{"Name":"db","ARN":"arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf","#
            + #""VersionId":"v1","VersionStages":["AWSCURRENT"],"SecretString":"hunter2"}"#
    )

    /// The JSON object of a request body.
    static func body(_ request: AWSHTTPRequest) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
    }
}

/// A thread-safe counter for fakes that count their calls.
final class Counter: Sendable {
    private let value = Mutex(0)

    /// Adds one and returns the new count.
    @discardableResult
    func increment() -> Int {
        self.value.withLock { value in
            value += 1
            return value
        }
    }

    /// The count so far.
    var count: Int {
        self.value.withLock { $0 }
    }
}

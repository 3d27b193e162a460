// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import Kubernetes

/// Which failures are retried, how long the client waits first, and `Retry-After`.
struct RetryPolicyTests {
    static let now = ContinuousClock.now

    static func failure(_ code: KubernetesError.Code) -> KubernetesError {
        KubernetesError(code: code, message: "m")
    }

    @Test(
        "429s, 5xx answers and network failures are retried; everything else is final",
        arguments: [
            (KubernetesError.Code.serverError, true), (.network, true), (.timeout, false), (.forbidden, false),
            (.unauthorized, false), (.notFound, false), (.invalidResponse, false), (.invalidConfiguration, false),
        ]
    )
    func retryable(code: KubernetesError.Code, retried: Bool) {
        let delay = KubernetesClient.retryDelay(
            after: Self.failure(code),
            retryAfter: nil,
            attempt: 1,
            now: Self.now,
            deadline: Self.now + .seconds(30)
        )
        #expect((delay != nil) == retried)
    }

    @Test("at most three attempts, with a backoff of about 200 ms, then 400 ms")
    func attempts() throws {
        let delays = (1...3).map { attempt in
            KubernetesClient.retryDelay(
                after: Self.failure(.serverError),
                retryAfter: nil,
                attempt: attempt,
                now: Self.now,
                deadline: Self.now + .seconds(30)
            )
        }
        let first = try #require(delays[0])
        let second = try #require(delays[1])
        #expect(first >= .milliseconds(160) && first <= .milliseconds(240))
        #expect(second >= .milliseconds(320) && second <= .milliseconds(480))
        #expect(delays[2] == nil)
    }

    @Test("Retry-After is honoured while it ends before the deadline")
    func retryAfterWithinDeadline() {
        let deadline = Self.now + .seconds(5)
        let within = KubernetesClient.retryDelay(
            after: Self.failure(.serverError),
            retryAfter: .seconds(3),
            attempt: 1,
            now: Self.now,
            deadline: deadline
        )
        #expect(within == .seconds(3))
        let beyond = KubernetesClient.retryDelay(
            after: Self.failure(.serverError),
            retryAfter: .seconds(5),
            attempt: 1,
            now: Self.now,
            deadline: deadline
        )
        #expect(beyond == nil)
        let backoffTooLong = KubernetesClient.retryDelay(
            after: Self.failure(.network),
            retryAfter: nil,
            attempt: 1,
            now: Self.now,
            deadline: Self.now + .milliseconds(100)
        )
        #expect(backoffTooLong == nil)
    }

    @Test(
        "Retry-After in seconds is parsed; dates and garbage are ignored",
        arguments: [
            ("2", Duration?.some(.seconds(2))), (" 0 ", .some(.zero)), ("-1", nil), ("soon", nil),
            ("Wed, 21 Oct 2015 07:28:00 GMT", nil), (nil, nil),
        ] as [(String?, Duration?)]
    )
    func retryAfterHeader(header: String?, expected: Duration?) {
        #expect(KubernetesClient.retryAfter(header) == expected)
    }
}

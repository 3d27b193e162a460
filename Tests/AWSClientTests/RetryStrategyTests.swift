// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Testing

struct RetryStrategyTests {
    static let decisions: [(code: AWSError.Code, status: Int?, retryable: Bool)] = [
        (.throttled, 400, true),
        (.throttled, 429, true),
        (.timeout, nil, true),
        (.network, nil, true),
        (.serverFault, 500, true),
        (.serverFault, 502, true),
        (.serverFault, 503, true),
        (.serverFault, 504, true),
        (.serverFault, 501, false),
        (.serverFault, 505, false),
        (.clientFault, 400, false),
        (.accessDenied, 403, false),
        (.notFound, 400, false),
        (.credentials, 403, false),
        (.invalidRequest, nil, false),
        (.invalidResponse, 200, false),
    ]

    @Test("retries throttling, 500/502/503/504, timeouts and network failures only", arguments: Self.decisions)
    func decides(code: AWSError.Code, status: Int?, retryable: Bool) {
        let error = AWSError(code: code, message: "m", httpStatus: status)
        #expect(RetryStrategy().isRetryable(error) == retryable)
    }

    @Test(
        "doubles the backoff ceiling from 100 ms up to 20 s",
        arguments: [(1, 100), (2, 200), (3, 400), (8, 12_800), (9, 20_000), (10, 20_000), (1_000, 20_000)]
    )
    func ceilings(retry: Int, milliseconds: Int64) {
        #expect(RetryStrategy().backoffCeiling(beforeRetry: retry) == .milliseconds(milliseconds))
    }

    @Test("full jitter scales the ceiling by the random number", arguments: [0.0, 0.25, 0.5, 0.999_999])
    func jitter(random: Double) {
        let strategy = RetryStrategy(random: { random })
        for retry in 1...12 {
            let ceiling = strategy.backoffCeiling(beforeRetry: retry)
            let backoff = strategy.backoff(beforeRetry: retry)
            #expect(backoff >= .zero)
            #expect(backoff <= ceiling)
            #expect(abs((backoff - ceiling * random) / .nanoseconds(1)) <= 1)
        }
    }

    @Test("real randomness stays within the bounds")
    func realRandomness() {
        let strategy = RetryStrategy()
        for _ in 0..<1_000 {
            let backoff = strategy.backoff(beforeRetry: 2)
            #expect(backoff >= .zero && backoff < .milliseconds(200))
        }
    }

    @Test("clamps a random source that strays outside 0..<1, and keeps at least one attempt")
    func clamps() {
        #expect(RetryStrategy(random: { 7 }).backoff(beforeRetry: 1) == .milliseconds(100))
        #expect(RetryStrategy(random: { -1 }).backoff(beforeRetry: 1) == .zero)
        #expect(RetryStrategy(maxAttempts: 0).maxAttempts == 1)
    }
}

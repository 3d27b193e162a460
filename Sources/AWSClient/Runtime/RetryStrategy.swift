// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// The AWS SDKs' "standard" retry mode: which failures are retried, how often, and how long to wait in between.
///
/// A call is attempted at most ``maxAttempts`` times. Throttling, transient server errors (HTTP 500, 502, 503,
/// 504), timeouts and network failures are retried; other 4xx answers never are. Before retry *n* the call waits a
/// random time between zero and `min(maxBackoff, baseDelay × 2^(n-1))` ("full jitter"). Retries also need tokens
/// from the call's ``RetryTokenBucket`` (its scope's, region's and service's, in the runtime's ``RetryQuotas``) and
/// time before the caller's deadline.
public struct RetryStrategy: Sendable {
    /// The most attempts of one call, the first included.
    public var maxAttempts: Int
    /// The backoff ceiling of the first retry.
    public var baseDelay: Duration
    /// The highest backoff ceiling.
    public var maxBackoff: Duration
    /// A random number in `0..<1` for the jitter; injectable so backoff can be tested.
    public var random: @Sendable () -> Double

    /// HTTP statuses that the standard mode retries.
    static let retryableStatuses: Set<Int> = [500, 502, 503, 504]

    /// Creates a strategy; the defaults are the standard retry mode's.
    ///
    /// - Parameters:
    ///   - maxAttempts: The most attempts of one call, at least 1.
    ///   - baseDelay: The backoff ceiling of the first retry.
    ///   - maxBackoff: The highest backoff ceiling.
    ///   - random: A random number in `0..<1`.
    public init(
        maxAttempts: Int = 3,
        baseDelay: Duration = .milliseconds(100),
        maxBackoff: Duration = .seconds(20),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
        self.random = random
    }

    /// Whether a failure may be retried: throttling, timeouts, network failures and HTTP 500, 502, 503 or 504.
    package func isRetryable(_ error: AWSError) -> Bool {
        switch error.code {
        case .throttled, .timeout, .network:
            true
        case .serverFault:
            error.httpStatus.map(Self.retryableStatuses.contains) ?? true
        default:
            false
        }
    }

    /// The ceiling of the wait before retry number `retry` (1 for the first retry).
    package func backoffCeiling(beforeRetry retry: Int) -> Duration {
        // Doubling past the cap is pointless, and bounding the exponent keeps the arithmetic from overflowing.
        let doublings = min(max(0, retry - 1), 30)
        return min(self.maxBackoff, self.baseDelay * (1 << doublings))
    }

    /// The wait before retry number `retry`: a random time between zero and ``backoffCeiling(beforeRetry:)``.
    package func backoff(beforeRetry retry: Int) -> Duration {
        let fraction = min(max(self.random(), 0), 1)
        return self.backoffCeiling(beforeRetry: retry) * fraction
    }
}

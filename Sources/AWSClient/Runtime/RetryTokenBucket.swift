// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// The retry quota of the AWS SDKs' standard retry mode, shared by the calls of one scope, region and service (see
/// ``RetryQuotas``).
///
/// Every retry takes tokens (``retryCost``, or ``timeoutCost`` after a timeout); with too few tokens left the call
/// fails instead of retrying. A call that succeeds after retries gives its tokens back; one that succeeds at once
/// adds ``successIncrement``, up to ``capacity``. During an outage the quota runs dry, so a storm of failing calls
/// does not multiply the load on AWS by the number of attempts.
public final class RetryTokenBucket: Sendable {
    /// The most tokens held.
    public let capacity: Int
    /// The tokens one retry takes.
    public let retryCost: Int
    /// The tokens one retry after a timeout takes.
    public let timeoutCost: Int
    /// The tokens a call that succeeded without retrying adds back.
    public let successIncrement: Int
    private let tokens: Mutex<Int>

    /// Creates a full bucket with the standard retry mode's numbers by default.
    ///
    /// - Parameters:
    ///   - capacity: The most tokens held, and the tokens at start.
    ///   - retryCost: The tokens one retry takes.
    ///   - timeoutCost: The tokens one retry after a timeout takes.
    ///   - successIncrement: The tokens a call that succeeded at once adds back.
    public init(capacity: Int = 500, retryCost: Int = 5, timeoutCost: Int = 10, successIncrement: Int = 1) {
        self.capacity = capacity
        self.retryCost = retryCost
        self.timeoutCost = timeoutCost
        self.successIncrement = successIncrement
        self.tokens = Mutex(capacity)
    }

    /// The tokens left now.
    public var available: Int {
        self.tokens.withLock { $0 }
    }

    /// Takes the tokens for one retry.
    ///
    /// - Parameter afterTimeout: Whether the failed attempt timed out, which costs more.
    /// - Returns: The tokens taken, or `nil` when too few are left and the call must not retry.
    package func acquire(afterTimeout: Bool) -> Int? {
        let cost = afterTimeout ? self.timeoutCost : self.retryCost
        return self.tokens.withLock { tokens in
            guard tokens >= cost else { return nil }
            tokens -= cost
            return cost
        }
    }

    /// Records a successful call: gives back the tokens its retries took, or adds ``successIncrement`` if it did not
    /// retry.
    ///
    /// - Parameter acquired: The tokens the call's retries took.
    package func recordSuccess(acquired: Int) {
        let refund = acquired > 0 ? acquired : self.successIncrement
        self.tokens.withLock { tokens in
            tokens = min(self.capacity, tokens + refund)
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

package import Coordination
import Synchronization

/// The client-side rate limit of the Kubernetes client: a token bucket like client-go's, holding at most `burst`
/// tokens and refilled at `qps` tokens per second; every request attempt takes one.
///
/// A caller that finds the bucket empty reserves the next token that will be refilled and sleeps until then, so
/// callers are served in arrival order and never more than `burst + qps × t` requests start in any `t` seconds.
/// A caller whose reserved time would fall at or past its deadline does not wait at all: it gets
/// ``KubernetesError/Code/timeout`` at once, naming the rate limit. A cancelled waiter gives its token back (a later
/// arrival may then overtake earlier waiters, which is why the order is only nearly first come, first served).
package final class KubernetesRateLimiter: Sendable {
    private struct State {
        /// Tokens in the bucket; negative while callers wait for tokens not yet refilled.
        var tokens: Double
        /// When `tokens` was last brought up to date.
        var updated: ContinuousClock.Instant
    }

    /// The refill rate in tokens per second; `nil` when requests are not limited.
    package let qps: Double?
    /// The most tokens the bucket holds, and so the most requests that can start at once.
    package let burst: Int
    private let clock: TimeSource
    private let state: Mutex<State>

    /// Creates a full bucket.
    ///
    /// - Parameters:
    ///   - qps: Tokens per second (`--qps`); zero, negative or non-finite turns the limit off.
    ///   - burst: The bucket's size (`--burst`); at least one.
    ///   - clock: The time source.
    package init(qps: Double, burst: Int, clock: TimeSource = .system) {
        self.qps = qps > 0 && qps.isFinite ? qps : nil
        self.burst = max(1, burst)
        self.clock = clock
        self.state = Mutex(State(tokens: Double(self.burst), updated: clock.now()))
    }

    /// Takes a token now or reserves the next one, unless it would come at or after `deadline`.
    ///
    /// - Returns: When the reserved token may be used (now, if one was in the bucket), or `nil` when the wait would
    ///   reach the deadline; then nothing was taken.
    package func reserve(deadline: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        guard let qps = self.qps else { return self.clock.now() }
        return self.state.withLock { state in
            let now = self.clock.now()
            if now > state.updated {
                state.tokens = min(Double(self.burst), state.tokens + (now - state.updated).seconds * qps)
                state.updated = now
            }
            state.tokens -= 1
            guard state.tokens < 0 else { return now }
            // Whole nanoseconds, so that waits such as 200 ms at 5 qps are exact.
            let ready = now + .nanoseconds(Int64(min((-state.tokens / qps * 1e9).rounded(), 1e18)))
            guard ready < deadline else {
                state.tokens += 1
                return nil
            }
            return ready
        }
    }

    /// Gives back a reserved token that was not used.
    package func cancelReservation() {
        guard self.qps != nil else { return }
        self.state.withLock { state in
            state.tokens = min(Double(self.burst), state.tokens + 1)
        }
    }

    /// Tokens in the bucket now (negative while callers wait), for tests and logs.
    package var available: Double {
        guard let qps = self.qps else { return Double(self.burst) }
        return self.state.withLock { state in
            let elapsed = max(.zero, self.clock.now() - state.updated)
            return min(Double(self.burst), state.tokens + elapsed.seconds * qps)
        }
    }

    /// Waits for a token.
    ///
    /// - Parameters:
    ///   - deadline: When the caller gives up.
    ///   - object: What the request is about, for the timeout message, such as `serviceaccount "default/app"`.
    /// - Returns: How long the caller waited.
    /// - Throws: ``KubernetesError/Code/timeout`` when the token would come at or after the deadline, or
    ///   `CancellationError` when the task is cancelled while waiting.
    @discardableResult
    package func waitForToken(deadline: ContinuousClock.Instant, object: String) async throws -> Duration {
        let start = self.clock.now()
        guard let ready = self.reserve(deadline: deadline) else {
            let rate = self.qps.map { "\(Self.format($0)) request\($0 == 1 ? "" : "s") per second" } ?? "no limit"
            throw KubernetesError(
                code: .timeout,
                message: "the client-side rate limit on Kubernetes requests (\(rate), burst \(self.burst)) would "
                    + "delay the request for \(object) past its deadline; raise --qps or --burst if this repeats"
            )
        }
        guard ready > start else { return .zero }
        do {
            try await self.clock.sleep(until: ready)
        } catch {
            self.cancelReservation()
            throw error
        }
        return ready - start
    }

    private static func format(_ qps: Double) -> String {
        qps == qps.rounded() && qps < 1e15 ? String(Int(qps)) : String(qps)
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (seconds, attoseconds) = self.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}

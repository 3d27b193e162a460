// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Kubernetes
import ProviderTestSupport
import Testing

/// The client-side token bucket, on a fake clock: burst, then spacing at qps, deadlines and cancellation.
@Suite(.timeLimit(.minutes(1)))
struct KubernetesRateLimiterTests {
    private static func farDeadline(_ clock: ManualClock) -> ContinuousClock.Instant {
        clock.now + .seconds(3600)
    }

    @Test(
        "the first burst requests start at once, the rest one every 1/qps seconds, in arrival order",
        arguments: [(5.0, 10), (2.0, 3), (1.0, 1), (0.5, 2), (100.0, 1)]
    )
    func burstThenSpacing(qps: Double, burst: Int) throws {
        let clock = ManualClock()
        let start = clock.now
        let limiter = KubernetesRateLimiter(qps: qps, burst: burst, clock: clock.timeSource)
        for index in 0..<(burst + 6) {
            let ready = try #require(limiter.reserve(deadline: Self.farDeadline(clock)))
            let expected = index < burst ? 0 : Double(index + 1 - burst) / qps
            #expect(abs((ready - start).inSeconds - expected) < 1e-6, "request \(index) at \(ready - start)")
        }
    }

    @Test("tokens refill at qps up to burst, never beyond")
    func refill() {
        let clock = ManualClock()
        let limiter = KubernetesRateLimiter(qps: 2, burst: 4, clock: clock.timeSource)
        for _ in 0..<4 {
            #expect(limiter.reserve(deadline: Self.farDeadline(clock)) == clock.now)
        }
        #expect(abs(limiter.available) < 1e-9)
        clock.advance(by: .seconds(1))
        #expect(abs(limiter.available - 2) < 1e-9)
        clock.advance(by: .seconds(3600))
        #expect(abs(limiter.available - 4) < 1e-9)
        for _ in 0..<4 {
            #expect(limiter.reserve(deadline: Self.farDeadline(clock)) == clock.now)
        }
        #expect(limiter.reserve(deadline: Self.farDeadline(clock)) == clock.now + .milliseconds(500))
    }

    @Test("a waiter sleeps until its token is refilled")
    func waiterSleeps() async throws {
        let clock = ManualClock()
        let limiter = KubernetesRateLimiter(qps: 1, burst: 1, clock: clock.timeSource)
        #expect(try await limiter.waitForToken(deadline: Self.farDeadline(clock), object: "node \"a\"") == .zero)
        let waiter = Task {
            try await limiter.waitForToken(deadline: Self.farDeadline(clock), object: "node \"a\"")
        }
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(500))
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .milliseconds(500))
        #expect(try await waiter.value == .seconds(1))
    }

    @Test("a token that would come at or after the deadline fails at once with a timeout naming the rate limit")
    func deadline() async throws {
        let clock = ManualClock()
        let limiter = KubernetesRateLimiter(qps: 5, burst: 10, clock: clock.timeSource)
        for _ in 0..<10 {
            _ = limiter.reserve(deadline: Self.farDeadline(clock))
        }
        // The next token comes in 200 ms.
        let error = await #expect(throws: KubernetesError.self) {
            try await limiter.waitForToken(deadline: clock.now + .milliseconds(200), object: "serviceaccount \"ns/sa\"")
        }
        #expect(error?.code == .timeout)
        #expect(
            error?.message
                == "the client-side rate limit on Kubernetes requests (5 requests per second, burst 10) would delay "
                + "the request for serviceaccount \"ns/sa\" past its deadline; raise --qps or --burst if this repeats"
        )
        #expect(clock.sleeperCount == 0)
        // Nothing was taken: the next caller still gets the token in 200 ms.
        #expect(limiter.reserve(deadline: Self.farDeadline(clock)) == clock.now + .milliseconds(200))
        // A deadline just after the token is fine.
        #expect(limiter.reserve(deadline: clock.now + .milliseconds(401)) == clock.now + .milliseconds(400))
    }

    @Test("a cancelled waiter stops at once and gives its token back")
    func cancellation() async throws {
        let clock = ManualClock()
        let limiter = KubernetesRateLimiter(qps: 1, burst: 1, clock: clock.timeSource)
        _ = limiter.reserve(deadline: Self.farDeadline(clock))
        let waiter = Task {
            try await limiter.waitForToken(deadline: Self.farDeadline(clock), object: "pod \"ns/p\"")
        }
        await clock.waitForSleepers(1)
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(clock.sleeperCount == 0)
        #expect(limiter.reserve(deadline: Self.farDeadline(clock)) == clock.now + .seconds(1))
    }

    @Test("concurrent waiters are admitted one per 1/qps")
    func concurrentWaiters() async throws {
        let clock = ManualClock()
        let limiter = KubernetesRateLimiter(qps: 10, burst: 2, clock: clock.timeSource)
        try await withThrowingTaskGroup(of: Duration.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await limiter.waitForToken(deadline: Self.farDeadline(clock), object: "node \"n\"")
                }
            }
            await clock.waitForSleepers(4)
            for _ in 0..<4 {
                clock.advance(by: .milliseconds(100))
            }
            var waits: [Duration] = []
            for try await wait in group {
                waits.append(wait)
            }
            let milliseconds = waits.map { Int(($0.inSeconds * 1000).rounded()) }.sorted()
            #expect(milliseconds == [0, 0, 100, 200, 300, 400])
        }
    }

    @Test("zero, negative or infinite qps turns the limit off", arguments: [0.0, -1.0, Double.infinity])
    func unlimited(qps: Double) {
        let clock = ManualClock()
        let limiter = KubernetesRateLimiter(qps: qps, burst: 1, clock: clock.timeSource)
        #expect(limiter.qps == nil)
        for _ in 0..<100 {
            #expect(limiter.reserve(deadline: clock.now + .milliseconds(1)) == clock.now)
        }
    }
}

extension Duration {
    /// The duration in seconds.
    var inSeconds: Double {
        let (seconds, attoseconds) = self.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}

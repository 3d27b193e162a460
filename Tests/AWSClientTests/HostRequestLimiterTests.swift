// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Synchronization
import Testing

@testable import AWSClient

struct HostRequestLimiterTests {
    /// Counts how many bodies run at once and the most that ever did.
    final class Gauge: Sendable {
        private let counts = Mutex((current: 0, peak: 0, order: [Int]()))

        func enter(_ number: Int) {
            self.counts.withLock {
                $0.current += 1
                $0.peak = max($0.peak, $0.current)
                $0.order.append(number)
            }
        }

        func leave() {
            self.counts.withLock { $0.current -= 1 }
        }

        var peak: Int { self.counts.withLock { $0.peak } }
        var order: [Int] { self.counts.withLock { $0.order } }
    }

    private static func farDeadline() -> ContinuousClock.Instant {
        .now + .seconds(60)
    }

    @Test(
        "At most the limit of bodies run at once for one host; other hosts have their own limit",
        arguments: [1, 3, 8]
    )
    func boundsConcurrency(limit: Int) async throws {
        let limiter = HostRequestLimiter(limit: limit)
        let gauges = [Gauge(), Gauge()]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for number in 0..<40 {
                group.addTask {
                    let gauge = gauges[number % 2]
                    try await limiter.withTurn(host: "https://host\(number % 2)", deadline: Self.farDeadline()) {
                        gauge.enter(number)
                        // Held until the limit is reached, so the bodies are seen to overlap however slowly the
                        // machine starts them.
                        try await Self.waitUntil { gauge.peak >= limit }
                        gauge.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(gauges.allSatisfy { $0.peak == limit })
        #expect(limiter.load(host: "https://host0") == (0, 0))
    }

    @Test("Waiters are admitted in arrival order")
    func firstComeFirstServed() async throws {
        let limiter = HostRequestLimiter(limit: 1)
        let gauge = Gauge()
        let (release, releaser) = AsyncStream.makeStream(of: Void.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await limiter.withTurn(host: "h", deadline: Self.farDeadline()) {
                    for await _ in release { break }
                }
            }
            for number in 0..<5 {
                try await Self.waitUntil { limiter.load(host: "h") == (1, number) }
                group.addTask {
                    try await limiter.withTurn(host: "h", deadline: Self.farDeadline()) { gauge.enter(number) }
                }
            }
            try await Self.waitUntil { limiter.load(host: "h") == (1, 5) }
            releaser.yield()
            try await group.waitForAll()
        }
        #expect(gauge.order == [0, 1, 2, 3, 4])
    }

    @Test("A waiter whose deadline passes gets a timeout naming the host, and its place is not lost")
    func deadlineWhileWaiting() async throws {
        let limiter = HostRequestLimiter(limit: 1)
        let (release, releaser) = AsyncStream.makeStream(of: Void.self)
        async let holder: Void = limiter.withTurn(host: "https://sm", deadline: Self.farDeadline()) {
            for await _ in release { break }
        }
        try await Self.waitUntil { limiter.load(host: "https://sm").inFlight == 1 }
        let error = await #expect(throws: AWSError.self) {
            try await limiter.withTurn(host: "https://sm", deadline: .now + .milliseconds(50)) {}
        }
        #expect(error?.code == .timeout)
        #expect(error?.message.contains("https://sm") == true)
        #expect(limiter.load(host: "https://sm") == (1, 0))
        releaser.yield()
        try await holder
        #expect(limiter.load(host: "https://sm") == (0, 0))
        try await limiter.withTurn(host: "https://sm", deadline: .now + .milliseconds(50)) {}
    }

    @Test("A cancelled waiter stops waiting at once and leaves no trace")
    func cancellationWhileWaiting() async throws {
        let limiter = HostRequestLimiter(limit: 1)
        let (release, releaser) = AsyncStream.makeStream(of: Void.self)
        async let holder: Void = limiter.withTurn(host: "h", deadline: Self.farDeadline()) {
            for await _ in release { break }
        }
        try await Self.waitUntil { limiter.load(host: "h").inFlight == 1 }
        let waiter = Task {
            try await limiter.withTurn(host: "h", deadline: Self.farDeadline()) {}
        }
        try await Self.waitUntil { limiter.load(host: "h").waiting == 1 }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(limiter.load(host: "h") == (1, 0))
        releaser.yield()
        try await holder
        #expect(limiter.load(host: "h") == (0, 0))
    }

    @Test(
        "Requests are grouped by scheme, host and port",
        arguments: [
            ("https://secretsmanager.eu-west-1.amazonaws.com/", "https://secretsmanager.eu-west-1.amazonaws.com"),
            ("http://127.0.0.1:8080/__faults?x=1", "http://127.0.0.1:8080"),
            ("http://[::1]:9000?Action=Get", "http://[::1]:9000"),
            ("https://sts.amazonaws.com", "https://sts.amazonaws.com"),
        ]
    )
    func origin(url: String, expected: String) {
        #expect(HTTPClientTransport.origin(of: url) == expected)
    }

    /// Polls `condition` until it holds; records an issue after a minute (a loaded machine is slow, not that slow).
    private static func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not reached")
                return
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import Coordination

@Suite(.timeLimit(.minutes(1)))
struct CancellableSleepTests {
    @Test("returns at its deadline, not before")
    func returnsAtDeadline() async throws {
        let start = ContinuousClock.now
        try await CancellableSleep.sleep(until: start + .milliseconds(30))
        #expect(ContinuousClock.now >= start + .milliseconds(30))
        let again = ContinuousClock.now
        try await CancellableSleep.sleep(for: .milliseconds(5))
        #expect(ContinuousClock.now >= again + .milliseconds(5))
    }

    @Test("a deadline already passed returns at once")
    func pastDeadline() async throws {
        let start = ContinuousClock.now
        try await CancellableSleep.sleep(until: start - .seconds(3600))
        // At once, not an hour (a loaded machine may still take a while to run the next line).
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    @Test("cancelling a sleep of an hour ends it at once with CancellationError")
    func cancelled() async throws {
        let (started, starting) = AsyncStream.makeStream(of: Void.self)
        let sleeper = Task {
            starting.yield()
            try await CancellableSleep.sleep(for: .seconds(3600))
        }
        // The sleeper is about to sleep or sleeping: whichever side of scheduling its timer the cancellation lands
        // on, the sleep must end with CancellationError, long before its hour.
        await started.first { true }
        let cancelledAt = ContinuousClock.now
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(ContinuousClock.now - cancelledAt < .seconds(30))
    }

    @Test("a task cancelled before it sleeps throws without sleeping")
    func cancelledBefore() async throws {
        let sleeper = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await CancellableSleep.sleep(for: .seconds(3600))
        }
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }

    @Test("a deadline centuries away is clamped, not overflowed")
    func farFuture() async throws {
        let (started, starting) = AsyncStream.makeStream(of: Void.self)
        let sleeper = Task {
            starting.yield()
            try await CancellableSleep.sleep(until: .now + .seconds(Int64.max / 2))
        }
        await started.first { true }
        // An overflowed deadline would be in the past and return at once; a clamped one is still asleep. (Waiting a
        // little longer can only let such a bug show; it orders nothing.)
        try await Task.sleep(for: .milliseconds(100))
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import Timers

@Suite(.timeLimit(.minutes(1)))
struct CancellableSleepTests {
    @Test("returns at its deadline, not before")
    func returnsAtDeadline() async throws {
        let start = ContinuousClock.now
        try await CancellableSleep.sleep(until: start + .milliseconds(30))
        #expect(ContinuousClock.now >= start + .milliseconds(30))
        try await CancellableSleep.sleep(for: .milliseconds(5))
    }

    @Test("a deadline already passed returns at once")
    func pastDeadline() async throws {
        try await CancellableSleep.sleep(until: .now - .seconds(1))
    }

    @Test("cancelling a sleep of an hour ends it at once with CancellationError")
    func cancelled() async throws {
        let sleeper = Task { try await CancellableSleep.sleep(for: .seconds(3600)) }
        try await Task.sleep(for: .milliseconds(20))
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
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
        let sleeper = Task { try await CancellableSleep.sleep(until: .now + .seconds(Int64.max / 2)) }
        try await Task.sleep(for: .milliseconds(20))
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }
}

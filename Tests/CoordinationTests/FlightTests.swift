// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Coordination
import Testing

/// Yields until `condition` holds (no wall clock: it only lets the other tasks run); false if it never did.
func yieldUntil(_ condition: () -> Bool) async -> Bool {
    for _ in 0..<1_000_000 {
        if condition() { return true }
        await Task.yield()
    }
    return condition()
}

@Suite("Flight", .timeLimit(.minutes(1)))
struct FlightTests {
    static func value(_ outcome: Flight<Int>.Outcome) -> Int? {
        guard case .finished(let value) = outcome else { return nil }
        return value
    }

    @Test("a cancelled waiter stops waiting at once; the others still get the outcome, a late one at once")
    func cancelledWaiter() async throws {
        let flight = Flight<Int>(started: .now)
        let cancelled = Task { try await flight.wait() }
        let patient = Task { try await flight.wait() }
        #expect(await yieldUntil { flight.waiting == 2 })
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(flight.waiting == 1)
        flight.finish(7)
        #expect(Self.value(try await patient.value) == 7)
        #expect(Self.value(try await flight.wait()) == 7)
    }

    @Test("a waiter already cancelled does not wait")
    func cancelledBefore() async throws {
        let flight = Flight<Int>(started: .now)
        let waiter = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await flight.wait()
        }
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(flight.waiting == 0)
    }

    @Test("an abandoned flight tells every waiter to start again; only the first ending counts")
    func abandoned() async throws {
        let flight = Flight<Int>(started: .now)
        let waiter = Task { try await flight.wait() }
        #expect(await yieldUntil { flight.waiting == 1 })
        flight.abandon()
        flight.finish(1)
        guard case .abandoned = try await waiter.value, case .abandoned = try await flight.wait() else {
            Issue.record("a waiter of an abandoned flight got a value")
            return
        }
    }

    @Test("a key's flight is joined until it ends, unless the caller refuses it; a later claim replaces it")
    func table() {
        var flights = SingleFlight<String, Int>()
        guard case .claimed(let first) = flights.flight(for: "k", at: .now),
            case .joined(let joined) = flights.flight(for: "k", at: .now),
            case .claimed(let second) = flights.flight(for: "k", at: .now, joining: { _ in false })
        else {
            Issue.record("the table did not join, or did not let a caller refuse")
            return
        }
        #expect(joined === first)
        let endedFirst = flights.end("k", first)
        let endedSecond = flights.end("k", second)
        #expect(!endedFirst, "the first flight was replaced")
        #expect(endedSecond)
        guard case .claimed = flights.flight(for: "k", at: .now) else {
            Issue.record("an ended flight was joined")
            return
        }
    }
}

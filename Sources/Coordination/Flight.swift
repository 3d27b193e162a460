// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// One piece of work whose outcome several callers share: the single flight of every cache in the package.
///
/// The caller that claims a flight (from ``SingleFlight``) does the work and ends the flight with ``finish(_:)``
/// or ``abandon()``; every other caller asking for the same thing meanwhile ``wait()``s for it. One rule for
/// cancellation holds for every user:
///
/// - The work runs in the task of the caller that claimed the flight (structured concurrency: a flight has no task
///   of its own), so it is cancelled exactly when that caller is.
/// - A waiter that is cancelled stops waiting at once with `CancellationError`; the flight goes on for the others.
/// - Work that failed because its own caller was cancelled is not handed to the waiters as their failure: the flight
///   is abandoned, and each waiter starts again (one of them claims a new flight). Any other outcome, a failure
///   included, is every waiter's outcome.
package final class Flight<Value: Sendable>: Sendable {
    /// How a flight ended.
    package enum Outcome: Sendable {
        /// The work's outcome.
        case finished(Value)
        /// The work was cut short by its own caller's cancellation; start again.
        case abandoned
    }

    private struct State {
        var outcome: Outcome?
        var waiters: [Int: CheckedContinuation<Outcome, any Error>] = [:]
        var nextWaiter = 0
    }

    /// When the flight started: its outcome is at least as new as this.
    package let started: ContinuousClock.Instant
    private let state = Mutex(State())

    /// A flight that started at `started`.
    package init(started: ContinuousClock.Instant) {
        self.started = started
    }

    /// Hands `value` to every waiter, present and future. Only the first ``finish(_:)`` or ``abandon()`` counts.
    package func finish(_ value: Value) {
        self.end(.finished(value))
    }

    /// Tells every waiter, present and future, to start again. Only the first ``finish(_:)`` or ``abandon()`` counts.
    package func abandon() {
        self.end(.abandoned)
    }

    /// The outcome, once the flight ends.
    ///
    /// - Throws: `CancellationError` when the waiting task is cancelled first; the flight goes on for the others.
    package func wait() async throws -> Outcome {
        let id = self.state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let ready = self.state.withLock { state -> Result<Outcome, CancellationError>? in
                    if let outcome = state.outcome { return .success(outcome) }
                    // The cancellation flag is set before the handler runs: a handler that found no waiter to
                    // remove ran before this, and the flag is seen here.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let ready {
                    continuation.resume(with: ready)
                }
            }
        } onCancel: {
            let waiter = self.state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// How many callers are waiting; for tests.
    package var waiting: Int {
        self.state.withLock { $0.waiters.count }
    }

    private func end(_ outcome: Outcome) {
        let waiters = self.state.withLock { state -> [CheckedContinuation<Outcome, any Error>] in
            guard state.outcome == nil else { return [] }
            state.outcome = outcome
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters {
            waiter.resume(returning: outcome)
        }
    }
}

/// The flights in progress, by key: a caller asking for a key either joins the flight in progress or claims a new
/// one (see ``Flight`` for the cancellation rule).
///
/// Not synchronised: its owner keeps it inside a `Mutex`, with whatever it caches, so that a lookup of the cache and
/// of the flights is one step.
package struct SingleFlight<Key: Hashable, Value: Sendable> {
    /// How a caller takes part in a key's flight.
    package enum Part: Sendable {
        /// It waits for the flight in progress.
        case joined(Flight<Value>)
        /// It does the work, then ends the flight with ``end(_:_:)`` and `finish` or `abandon`.
        case claimed(Flight<Value>)
    }

    private var flights: [Key: Flight<Value>] = [:]

    /// Creates an empty table.
    package init() {}

    /// Joins the flight of `key` in progress when there is one and `mayJoin` accepts it, else claims a new flight
    /// started at `instant` (which then replaces the other in the table).
    package mutating func flight(
        for key: Key,
        at instant: ContinuousClock.Instant,
        joining mayJoin: (Flight<Value>) -> Bool = { _ in true }
    ) -> Part {
        if let current = self.flights[key], mayJoin(current) {
            return .joined(current)
        }
        let flight = Flight<Value>(started: instant)
        self.flights[key] = flight
        return .claimed(flight)
    }

    /// Takes a claimed flight out of the table, so later callers no longer join it; true if it was still the key's
    /// flight (no later claim replaced it).
    @discardableResult
    package mutating func end(_ key: Key, _ flight: Flight<Value>) -> Bool {
        guard self.flights[key] === flight else { return false }
        self.flights[key] = nil
        return true
    }

    /// How many callers wait for the flight of `key`; for tests.
    package func waiting(for key: Key) -> Int {
        self.flights[key]?.waiting ?? 0
    }
}

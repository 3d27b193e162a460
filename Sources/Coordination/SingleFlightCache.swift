// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Synchronization

#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif

/// Remembers values by key until they expire, and lets concurrent callers asking for the same missing key share one
/// fetch (a ``Flight``, with its cancellation rule: the fetch runs in the task of the caller that started it, a
/// cancelled waiter stops waiting at once, and a fetch cut short by its own caller's cancellation is started again
/// by a waiter).
///
/// A failed fetch is not remembered: the next caller tries again. Expired values are dropped when new ones arrive,
/// so the cache holds at most the keys used within one lifetime. With `sharesFailures` false, a caller that joined a
/// fetch which then failed makes its own, so no caller ever receives the failure of another's fetch (made with the
/// other's deadline, and naming what the other asked for).
package final class SingleFlightCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// Until when a value is served.
    package enum Expiry: Sendable {
        /// For the life of the process.
        case never
        /// Until this instant of the clock's ``TimeSource/now``.
        case instant(ContinuousClock.Instant)
        /// Until this wall-clock time (the clock's ``TimeSource/date``).
        case date(Date)
    }

    private struct State {
        var values: [Key: (value: Value, expiry: Expiry)] = [:]
        var flights = SingleFlight<Key, Result<Value, any Error>>()
    }

    private enum Answer {
        case cached(Value)
        case part(SingleFlight<Key, Result<Value, any Error>>.Part)
    }

    private let clock: TimeSource
    private let sharesFailures: Bool
    private let expiry: @Sendable (Value) -> Expiry
    private let state = Mutex(State())

    /// Creates an empty cache whose values expire as `expiry` says.
    ///
    /// - Parameters:
    ///   - clock: The clock expiry is read on.
    ///   - sharesFailures: Whether callers that joined a fetch receive its failure (else they fetch themselves).
    ///   - expiry: Until when a value just fetched is served; called when it arrives.
    package init(
        clock: TimeSource,
        sharesFailures: Bool = true,
        expiry: @escaping @Sendable (Value) -> Expiry
    ) {
        self.clock = clock
        self.sharesFailures = sharesFailures
        self.expiry = expiry
    }

    /// Creates an empty cache whose values are served for `lifetime` (zero: only to the callers of one fetch).
    ///
    /// - Parameters:
    ///   - lifetime: How long a value is kept; nil for the life of the process.
    ///   - sharesFailures: Whether callers that joined a fetch receive its failure (else they fetch themselves).
    ///   - clock: The clock the lifetime is measured on.
    package convenience init(lifetime: Duration?, sharesFailures: Bool = true, clock: TimeSource) {
        self.init(clock: clock, sharesFailures: sharesFailures) { _ in
            lifetime.map { .instant(clock.now() + $0) } ?? .never
        }
    }

    /// The value for `key`: the remembered one while fresh, else the outcome of the fetch in flight, else of a new
    /// `fetch`, run in this task. The fetch should end by itself within the caller's deadline; later callers share
    /// it.
    ///
    /// - Throws: The fetch's error (another caller's too, when failures are shared), or `CancellationError` when
    ///   this task is cancelled before a value is remembered.
    package func value(for key: Key, fetch: () async throws -> Value) async throws -> Value {
        var mayJoin = true
        while true {
            let instant = self.clock.now()
            let answer = try self.state.withLock { state throws(CancellationError) -> Answer in
                if let entry = state.values[key], self.isFresh(entry.expiry, at: instant) {
                    return .cached(entry.value)
                }
                // A caller that is already cancelled must not start (or wait for) a fetch nobody will use.
                if Task.isCancelled { throw CancellationError() }
                return .part(state.flights.flight(for: key, at: instant) { _ in mayJoin })
            }
            switch answer {
            case .cached(let value):
                return value
            case .part(.claimed(let flight)):
                return try await self.run(flight, for: key, fetch: fetch)
            case .part(.joined(let flight)):
                switch try await flight.wait() {
                case .finished(.success(let value)):
                    return value
                case .finished(.failure(let error)) where self.sharesFailures:
                    throw error
                case .finished(.failure):
                    mayJoin = false  // Another caller's fetch failed; this caller makes its own.
                case .abandoned:
                    break  // The caller that fetched was cancelled; start again.
                }
            }
        }
    }

    /// How many callers wait for the fetch of `key` in flight; for tests.
    package func waiting(for key: Key) -> Int {
        self.state.withLock { $0.flights.waiting(for: key) }
    }

    private func run(
        _ flight: Flight<Result<Value, any Error>>,
        for key: Key,
        fetch: () async throws -> Value
    ) async throws -> Value {
        let value: Value
        do {
            value = try await fetch()
        } catch {
            self.state.withLock { _ = $0.flights.end(key, flight) }
            if Task.isCancelled {
                flight.abandon()
            } else {
                flight.finish(.failure(error))
            }
            throw error
        }
        let expiry = self.expiry(value)
        let instant = self.clock.now()
        self.state.withLock { state in
            guard state.flights.end(key, flight) else { return }  // A later fetch replaced this one.
            state.values = state.values.filter { self.isFresh($0.value.expiry, at: instant) }
            state.values[key] = (value, expiry)
        }
        flight.finish(.success(value))
        return value
    }

    private func isFresh(_ expiry: Expiry, at instant: ContinuousClock.Instant) -> Bool {
        switch expiry {
        case .never: true
        case .instant(let end): instant < end
        case .date(let end): self.clock.date() < end
        }
    }
}

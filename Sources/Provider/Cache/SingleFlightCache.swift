// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// Remembers values by key for a while, and lets concurrent callers asking for the same missing key share one fetch.
///
/// A failed fetch is not remembered: the next caller tries again. Expired values are dropped when new ones arrive,
/// so the cache holds at most the keys used within one lifetime. With `sharesFailures` false, a caller that joined a
/// fetch which then failed makes its own, so no caller ever receives the failure of another's fetch (made with the
/// other's deadline, and naming what the other asked for).
actor SingleFlightCache<Key: Hashable & Sendable, Value: Sendable> {
    private enum Slot {
        case value(Value, expires: ContinuousClock.Instant?)
        case fetching(Task<Value, any Error>, generation: Int)
    }

    private let lifetime: Duration?
    private let sharesFailures: Bool
    private let now: @Sendable () -> ContinuousClock.Instant
    private var slots: [Key: Slot] = [:]
    private var generation = 0

    /// Creates an empty cache.
    ///
    /// - Parameters:
    ///   - lifetime: How long a value is kept; nil for the life of the process.
    ///   - sharesFailures: Whether callers that joined a fetch receive its failure (else they fetch themselves).
    ///   - now: The clock, injectable for tests.
    init(
        lifetime: Duration?,
        sharesFailures: Bool = true,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.lifetime = lifetime
        self.sharesFailures = sharesFailures
        self.now = now
    }

    /// The value for `key`: the remembered one while fresh, else the result of the fetch in flight, else of a new
    /// `fetch`. The fetch should end by itself within the caller's deadline; later callers share it.
    func value(for key: Key, fetch: @escaping @Sendable () async throws -> Value) async throws -> Value {
        switch self.slots[key] {
        case .value(let value, let expires) where expires.map { self.now() < $0 } ?? true:
            return value
        case .fetching(let task, _):
            do {
                return try await task.value
            } catch  where !self.sharesFailures {
                break  // Another caller's fetch failed; this caller makes its own.
            }
        default:
            break
        }
        try Task.checkCancellation()
        self.generation += 1
        let generation = self.generation
        let task = Task {
            do {
                let value = try await fetch()
                self.store(value, for: key, generation: generation)
                return value
            } catch {
                self.forget(key, generation: generation)
                throw error
            }
        }
        self.slots[key] = .fetching(task, generation: generation)
        return try await task.value
    }

    /// Drops the value for `key`, so the next caller fetches it again.
    func invalidate(_ key: Key) {
        if case .value = self.slots[key] {
            self.slots[key] = nil
        }
    }

    private func store(_ value: Value, for key: Key, generation: Int) {
        guard case .fetching(_, let current) = self.slots[key], current == generation else { return }
        let instant = self.now()
        self.slots = self.slots.filter { _, slot in
            if case .value(_, let expires?) = slot { return instant < expires }
            return true
        }
        self.slots[key] = .value(value, expires: self.lifetime.map { instant + $0 })
    }

    private func forget(_ key: Key, generation: Int) {
        guard case .fetching(_, let current) = self.slots[key], current == generation else { return }
        self.slots[key] = nil
    }
}

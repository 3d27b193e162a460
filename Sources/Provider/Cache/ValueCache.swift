// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Synchronization

/// What one cached value answers: one object (a name with a version, a label or neither) in one region, for one
/// identity. An identity never sees a value fetched with another identity's credentials.
struct ValueKey: Hashable, Sendable {
    /// Who fetched it.
    let identity: MountIdentity
    /// Where.
    let region: String
    /// What: the service, the name and the version or label asked for.
    let reference: ObjectReference

    /// A pinned version never changes, so its value never goes stale.
    var isPinned: Bool {
        self.reference.version != nil
    }

    /// The bytes of the key's texts, charged with the value.
    var textBytes: Int {
        self.identity.textBytes + self.region.utf8.count + self.reference.name.utf8.count
            + (self.reference.version?.utf8.count ?? 0) + (self.reference.versionLabel?.utf8.count ?? 0)
    }
}

/// The per-node cache of fetched values, with single flight.
///
/// - A value fetched by an explicit version never changes: it is kept until evicted for space.
/// - A value fetched by stage or label (or the latest) is what rotation changes: it is served only within the
///   freshness window (`ttl`), and a caller may ask for one fetched after a given instant (a rotation check).
/// - Concurrent lookups of the same missing key share one fetch: the first claims it, the others wait for it.
/// - Values live only in memory, bounded by `maximumBytes` and `maximumEntries`; each entry is charged its value's
///   bytes, its key's texts and a fixed overhead, so many tiny values cannot grow the cache past the bound. The
///   least recently used go first, stale ones before them, and each is zeroed when its last reference goes.
final class ValueCache: Sendable {
    /// How a lookup is answered.
    enum Lookup {
        /// From memory.
        case cached(FetchedValue)
        /// By a fetch already in flight.
        case shared(SharedFetch)
        /// By a fetch the caller must make now, then hand to ``complete(_:claim:with:)``.
        case claimed(SharedFetch)
    }

    private struct Entry {
        let version: String
        let bytes: SecretBytes
        let fetchedAt: ContinuousClock.Instant
        var lastUsed: UInt64
        /// What the entry is charged against `maximumBytes`.
        let charge: Int
    }

    /// The bytes charged per entry beyond its value and key texts: the entry, its key and the dictionary slot.
    static let entryOverhead = 256

    private struct State {
        var entries: [ValueKey: Entry] = [:]
        var inFlight: [ValueKey: SharedFetch] = [:]
        var bytes = 0
        var uses: UInt64 = 0
    }

    private let ttl: Duration
    private let maximumBytes: Int
    private let maximumEntries: Int
    /// The cache's clock.
    let now: @Sendable () -> ContinuousClock.Instant
    private let metrics: ProviderMetrics
    private let state = Mutex(State())

    /// Creates an empty cache.
    ///
    /// - Parameters:
    ///   - ttl: How long a value read by stage or label is served; zero to serve only pinned versions.
    ///   - maximumBytes: The most bytes charged for the values kept (value, key texts and overhead of each).
    ///   - maximumEntries: The most values kept.
    ///   - metrics: Where lookups and sizes are counted.
    ///   - now: The clock, injectable for tests.
    init(
        ttl: Duration,
        maximumBytes: Int,
        maximumEntries: Int = 10_000,
        metrics: ProviderMetrics = ProviderMetrics(),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.ttl = ttl
        self.maximumBytes = max(0, maximumBytes)
        self.maximumEntries = max(0, maximumEntries)
        self.metrics = metrics
        self.now = now
    }

    /// Looks `key` up.
    ///
    /// - Parameters:
    ///   - key: The value wanted.
    ///   - freshAfter: If set, a value by stage or label must have been fetched at or after this instant (pinned
    ///     versions always qualify).
    func lookup(_ key: ValueKey, freshAfter: ContinuousClock.Instant?) -> Lookup {
        self.lookup([key], freshAfter: freshAfter)[0]
    }

    /// Looks every key up at one instant, so the values one fetch brought in are all fresh or all stale together.
    func lookup(_ keys: [ValueKey], freshAfter: ContinuousClock.Instant?) -> [Lookup] {
        let instant = self.now()
        let lookups = self.state.withLock { state in
            keys.map { key in self.lookup(key, freshAfter: freshAfter, at: instant, in: &state) }
        }
        for lookup in lookups {
            switch lookup {
            case .cached: self.metrics.cacheLookup(.hit)
            case .shared: self.metrics.cacheLookup(.shared)
            case .claimed: self.metrics.cacheLookup(.miss)
            }
        }
        return lookups
    }

    private func lookup(
        _ key: ValueKey,
        freshAfter: ContinuousClock.Instant?,
        at instant: ContinuousClock.Instant,
        in state: inout State
    ) -> Lookup {
        if let entry = state.entries[key], self.isFresh(entry.fetchedAt, key: key, freshAfter: freshAfter, at: instant)
        {
            state.uses += 1
            state.entries[key]?.lastUsed = state.uses
            return .cached(FetchedValue(bytes: entry.bytes.bytes, version: entry.version, region: key.region))
        }
        if let pending = state.inFlight[key], key.isPinned || freshAfter.map({ pending.started >= $0 }) ?? true {
            return .shared(pending)
        }
        let claim = SharedFetch(region: key.region, started: instant)
        state.inFlight[key] = claim
        return .claimed(claim)
    }

    /// Ends a claimed fetch: keeps a fetched value and hands the result to the waiters. Every claim must be
    /// completed, whatever happened.
    func complete(_ key: ValueKey, claim: SharedFetch, with result: RegionResult) {
        let sizes = self.state.withLock { state -> (entries: Int, bytes: Int) in
            if state.inFlight[key] === claim {
                state.inFlight[key] = nil
            }
            if case .success(let value) = result,
                case let charge = value.bytes.count + key.textBytes + Self.entryOverhead,
                charge <= self.maximumBytes, self.maximumEntries > 0,
                key.isPinned || self.ttl > .zero,
                (state.entries[key]?.fetchedAt).map({ $0 <= claim.started }) ?? true
            {
                self.remove(key, from: &state)
                state.uses += 1
                state.entries[key] = Entry(
                    version: value.version,
                    bytes: SecretBytes(value.bytes),
                    fetchedAt: claim.started,
                    lastUsed: state.uses,
                    charge: charge
                )
                state.bytes += charge
                self.evict(&state, keeping: key)
            }
            return (state.entries.count, state.bytes)
        }
        claim.resolve(result)
        self.metrics.cacheSize(entries: sizes.entries, bytes: sizes.bytes)
    }

    /// Drops the values read by stage or label that are past the freshness window, so secrets nobody asks for do
    /// not stay in memory.
    func sweep() {
        let instant = self.now()
        let sizes = self.state.withLock { state -> (entries: Int, bytes: Int) in
            for (key, entry) in state.entries
            where !self.isFresh(entry.fetchedAt, key: key, freshAfter: nil, at: instant) {
                self.remove(key, from: &state)
            }
            return (state.entries.count, state.bytes)
        }
        self.metrics.cacheSize(entries: sizes.entries, bytes: sizes.bytes)
    }

    /// The number of values and their bytes; for tests and metrics.
    var size: (entries: Int, bytes: Int) {
        self.state.withLock { ($0.entries.count, $0.bytes) }
    }

    private func isFresh(
        _ fetchedAt: ContinuousClock.Instant,
        key: ValueKey,
        freshAfter: ContinuousClock.Instant?,
        at instant: ContinuousClock.Instant
    ) -> Bool {
        if key.isPinned {
            return true
        }
        if let freshAfter, fetchedAt < freshAfter {
            return false
        }
        return instant - fetchedAt < self.ttl
    }

    private func remove(_ key: ValueKey, from state: inout State) {
        if let old = state.entries.removeValue(forKey: key) {
            state.bytes -= old.charge
        }
    }

    /// Drops stale values, then the least recently used, until the bytes and the count fit; never `kept`.
    private func evict(_ state: inout State, keeping kept: ValueKey) {
        guard state.bytes > self.maximumBytes || state.entries.count > self.maximumEntries else { return }
        let instant = self.now()
        for (key, entry) in state.entries where key != kept {
            if !self.isFresh(entry.fetchedAt, key: key, freshAfter: nil, at: instant) {
                self.remove(key, from: &state)
            }
        }
        while state.bytes > self.maximumBytes || state.entries.count > self.maximumEntries,
            let oldest = state.entries.filter({ $0.key != kept }).min(by: { $0.value.lastUsed < $1.value.lastUsed })
        {
            self.remove(oldest.key, from: &state)
        }
    }
}

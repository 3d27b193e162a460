// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Coordination
import SecretProviderClass
import Synchronization

/// What one cached value answers: one object (a name with a version, a label or neither) or one wildcard's
/// listing, in one region, for one identity. An identity never sees a value fetched with another identity's
/// credentials.
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
        case shared(Flight<RegionResult>)
        /// By a fetch the caller must make now, then hand to ``complete(_:claim:with:)``.
        case claimed(Flight<RegionResult>)
    }

    private struct Entry {
        let version: String
        let bytes: SecretBytes
        /// A wildcard's matches.
        let matches: [(name: String, version: String, bytes: SecretBytes)]
        let fetchedAt: ContinuousClock.Instant

        init(_ value: FetchedValue, fetchedAt: ContinuousClock.Instant) {
            self.version = value.version
            self.bytes = SecretBytes(value.bytes)
            self.matches = value.matches.map { ($0.name, $0.version, SecretBytes($0.bytes)) }
            self.fetchedAt = fetchedAt
        }

        func value(region: String) -> FetchedValue {
            FetchedValue(
                bytes: self.bytes.bytes,
                version: self.version,
                region: region,
                matches: self.matches.map { MatchedValue(name: $0.name, bytes: $0.bytes.bytes, version: $0.version) }
            )
        }
    }

    /// The bytes charged per entry beyond its value and key texts: the entry, its key and the dictionary slot.
    static let entryOverhead = 256

    /// The bytes charged per match of a wildcard's listing beyond its value, name and version.
    static let matchOverhead = 96

    /// What `value` is charged for `key`: its bytes, its key's texts, and the overheads of the entry and matches.
    static func charge(_ value: FetchedValue, for key: ValueKey) -> Int {
        value.matches.reduce(value.bytes.count + key.textBytes + Self.entryOverhead) { total, match in
            total + match.bytes.count + match.name.utf8.count + match.version.utf8.count + Self.matchOverhead
        }
    }

    private struct State {
        /// Each entry weighs what it is charged against `maximumBytes`.
        var entries: LeastRecentlyUsed<ValueKey, Entry>
        var flights = SingleFlight<ValueKey, RegionResult>()
    }

    private let ttl: Duration
    private let maximumBytes: Int
    private let maximumEntries: Int
    private let clock: TimeSource
    private let metrics: ProviderMetrics
    private let state: Mutex<State>

    /// Creates an empty cache.
    ///
    /// - Parameters:
    ///   - ttl: How long a value read by stage or label is served; zero to serve only pinned versions.
    ///   - maximumBytes: The most bytes charged for the values kept (value, key texts and overhead of each).
    ///   - maximumEntries: The most values kept.
    ///   - metrics: Where lookups and sizes are counted.
    ///   - clock: The clock freshness is measured on.
    init(
        ttl: Duration,
        maximumBytes: Int,
        maximumEntries: Int = 10_000,
        metrics: ProviderMetrics = ProviderMetrics(),
        clock: TimeSource = .system
    ) {
        self.ttl = ttl
        self.maximumBytes = max(0, maximumBytes)
        self.maximumEntries = max(0, maximumEntries)
        self.metrics = metrics
        self.clock = clock
        self.state = Mutex(State(entries: LeastRecentlyUsed(capacity: maximumEntries, maximumWeight: maximumBytes)))
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
        let instant = self.clock.now()
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
        if let entry = state.entries.peek(key),
            self.isFresh(entry.fetchedAt, key: key, freshAfter: freshAfter, at: instant)
        {
            _ = state.entries.value(for: key)  // A use.
            return .cached(entry.value(region: key.region))
        }
        let joinable = { (flight: Flight<RegionResult>) in
            key.isPinned || freshAfter.map { flight.started >= $0 } ?? true
        }
        switch state.flights.flight(for: key, at: instant, joining: joinable) {
        case .joined(let flight): return .shared(flight)
        case .claimed(let flight): return .claimed(flight)
        }
    }

    /// Ends a claimed fetch: keeps a fetched value and hands the result to the waiters, or, when the fetch failed
    /// because the claiming task was cancelled, tells them to fetch again (the single flight's cancellation rule).
    /// Every claim must be completed, whatever happened.
    ///
    /// - Parameter keeps: Whether a fetched value is kept (false hands it to the waiters only, such as an export
    ///   that is not of the serial its key names).
    func complete(_ key: ValueKey, claim: Flight<RegionResult>, with result: RegionResult, keeps: Bool = true) {
        let instant = self.clock.now()
        let sizes = self.state.withLock { state -> (entries: Int, bytes: Int) in
            state.flights.end(key, claim)
            if keeps, case .success(let value) = result,
                case let charge = Self.charge(value, for: key),
                charge <= self.maximumBytes, self.maximumEntries > 0,
                key.isPinned || self.ttl > .zero,
                (state.entries.peek(key)?.fetchedAt).map({ $0 <= claim.started }) ?? true
            {
                let entry = Entry(value, fetchedAt: claim.started)
                // Over a bound, stale values go before the least recently used.
                state.entries.insert(entry, for: key, weight: charge) { other, kept in
                    !self.isFresh(kept.fetchedAt, key: other, freshAfter: nil, at: instant)
                }
            }
            return (state.entries.count, state.entries.weight)
        }
        if case .failure = result, Task.isCancelled {
            claim.abandon()
        } else {
            claim.finish(result)
        }
        self.metrics.cacheSize(entries: sizes.entries, bytes: sizes.bytes)
    }

    /// Drops the values read by stage or label that are past the freshness window, so secrets nobody asks for do
    /// not stay in memory.
    func sweep() {
        let instant = self.clock.now()
        self.remove { key, entry in !self.isFresh(entry.fetchedAt, key: key, freshAfter: nil, at: instant) }
    }

    /// Drops the values whose keys `shouldRemove` picks (such as the exports of a certificate's other serials).
    func removeAll(where shouldRemove: @Sendable (ValueKey) -> Bool) {
        self.remove { key, _ in shouldRemove(key) }
    }

    private func remove(where shouldRemove: @Sendable (ValueKey, Entry) -> Bool) {
        let sizes = self.state.withLock { state -> (entries: Int, bytes: Int) in
            state.entries.removeAll(where: shouldRemove)
            return (state.entries.count, state.entries.weight)
        }
        self.metrics.cacheSize(entries: sizes.entries, bytes: sizes.bytes)
    }

    /// The number of values and their bytes; for tests and metrics.
    var size: (entries: Int, bytes: Int) {
        self.state.withLock { ($0.entries.count, $0.entries.weight) }
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
}

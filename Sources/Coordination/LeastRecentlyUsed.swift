// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// A map that keeps at most `capacity` entries and `maximumWeight` in all, dropping the least recently used first:
/// the one eviction of every bounded cache in the package.
///
/// Not synchronised: its owner keeps it inside a `Mutex`. Eviction scans the entries, which is cheap at the few
/// thousand entries it is made for.
package struct LeastRecentlyUsed<Key: Hashable, Value> {
    private var entries: [Key: (value: Value, weight: Int, used: UInt64)] = [:]
    private var uses: UInt64 = 0
    private let capacity: Int
    private let maximumWeight: Int

    /// The weight of the entries kept.
    package private(set) var weight = 0

    /// Creates an empty map.
    ///
    /// - Parameters:
    ///   - capacity: The most entries kept.
    ///   - maximumWeight: The most weight kept; an entry heavier than that is never kept.
    package init(capacity: Int, maximumWeight: Int = .max) {
        self.capacity = max(0, capacity)
        self.maximumWeight = max(0, maximumWeight)
    }

    /// The number of entries.
    package var count: Int {
        self.entries.count
    }

    /// The value of `key`, without counting as a use.
    package func peek(_ key: Key) -> Value? {
        self.entries[key]?.value
    }

    /// Whether `key` is kept, without counting as a use.
    package func contains(_ key: Key) -> Bool {
        self.entries[key] != nil
    }

    /// The value of `key`, counted as a use.
    package mutating func value(for key: Key) -> Value? {
        self.update(key) { $0 }
    }

    /// Lets `body` change the value of `key`, counted as a use; what `body` returns, or nil when `key` is not kept.
    package mutating func update<Result>(_ key: Key, _ body: (inout Value) -> Result) -> Result? {
        guard self.entries[key] != nil else { return nil }
        self.uses += 1
        self.entries[key]?.used = self.uses
        return body(&self.entries[key]!.value)
    }

    /// Keeps `value` for `key` (replacing any value), then, while either bound is exceeded, drops every other entry
    /// `isDisposable` accepts, then the least recently used others until both bounds hold. A value heavier than the
    /// whole bound is not kept.
    ///
    /// - Parameters:
    ///   - value: The value.
    ///   - key: Its key.
    ///   - weight: What it counts against `maximumWeight`.
    ///   - isDisposable: The entries to drop before any other when room is needed (stale ones, or ones that are as
    ///     good as new).
    package mutating func insert(
        _ value: Value,
        for key: Key,
        weight: Int = 1,
        evictingFirst isDisposable: (Key, Value) -> Bool = { _, _ in false }
    ) {
        self.remove(key)
        guard self.capacity > 0, weight <= self.maximumWeight else { return }
        self.uses += 1
        self.entries[key] = (value, weight, self.uses)
        self.weight += weight
        guard self.isOverBounds else { return }
        self.removeAll { other, value in other != key && isDisposable(other, value) }
        while self.isOverBounds, let oldest = self.leastRecentlyUsed(other: key) {
            self.remove(oldest)
        }
    }

    /// Drops `key`.
    package mutating func remove(_ key: Key) {
        if let old = self.entries.removeValue(forKey: key) {
            self.weight -= old.weight
        }
    }

    /// Drops every entry `shouldRemove` accepts.
    package mutating func removeAll(where shouldRemove: (Key, Value) -> Bool) {
        let keys = self.entries.compactMap { key, entry in shouldRemove(key, entry.value) ? key : nil }
        for key in keys {
            self.remove(key)
        }
    }

    private var isOverBounds: Bool {
        self.entries.count > self.capacity || self.weight > self.maximumWeight
    }

    private func leastRecentlyUsed(other kept: Key) -> Key? {
        var oldest: (key: Key, used: UInt64)?
        for (key, entry) in self.entries where key != kept && entry.used < (oldest?.used ?? .max) {
            oldest = (key, entry.used)
        }
        return oldest?.key
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// A map that keeps at most `capacity` entries and `maximumWeight` in all, dropping the least recently used first.
///
/// Not synchronised: its owner keeps it inside a `Mutex`. Eviction scans the entries, which is cheap at the few
/// hundred entries it is made for.
struct LeastRecentlyUsed<Key: Hashable, Value> {
    private var entries: [Key: (value: Value, weight: Int, used: UInt64)] = [:]
    private var uses: UInt64 = 0
    private let capacity: Int
    private let maximumWeight: Int

    /// The weight of the entries kept.
    private(set) var weight = 0

    /// Creates an empty map.
    ///
    /// - Parameters:
    ///   - capacity: The most entries kept.
    ///   - maximumWeight: The most weight kept; an entry heavier than that is never kept.
    init(capacity: Int, maximumWeight: Int) {
        self.capacity = max(0, capacity)
        self.maximumWeight = max(0, maximumWeight)
    }

    /// The number of entries.
    var count: Int {
        self.entries.count
    }

    /// The value of `key`, counted as a use.
    mutating func value(for key: Key) -> Value? {
        guard let entry = self.entries[key] else { return nil }
        self.uses += 1
        self.entries[key]?.used = self.uses
        return entry.value
    }

    /// Whether `key` is kept, without counting as a use.
    func contains(_ key: Key) -> Bool {
        self.entries[key] != nil
    }

    /// Keeps `value` for `key` (replacing any value), then drops the least recently used others until both bounds
    /// hold. A value heavier than the whole bound is not kept.
    mutating func insert(_ value: Value, for key: Key, weight: Int) {
        self.remove(key)
        guard self.capacity > 0, weight <= self.maximumWeight else { return }
        self.uses += 1
        self.entries[key] = (value, weight, self.uses)
        self.weight += weight
        while self.entries.count > self.capacity || self.weight > self.maximumWeight,
            let oldest = self.entries.filter({ $0.key != key }).min(by: { $0.value.used < $1.value.used })?.key
        {
            self.remove(oldest)
        }
    }

    /// Drops `key`.
    mutating func remove(_ key: Key) {
        if let old = self.entries.removeValue(forKey: key) {
            self.weight -= old.weight
        }
    }
}

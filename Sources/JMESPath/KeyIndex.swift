// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// An open-addressing hash index from the keys of an object to their positions, used once an object has
/// more than ``threshold`` keys; below that a linear scan is faster.
struct KeyIndex: Sendable {
    /// The number of keys above which an object keeps an index.
    static let threshold = 8

    /// The hash of each key, by position.
    private var hashes: [Int] = []
    /// Key positions by slot (`-1` for empty); a power of two at least twice the key count.
    private var slots: [Int32] = []

    /// An inactive index, for small objects.
    init() {}

    /// An index of `keys`, or an inactive one if there are no more than ``threshold`` of them.
    init(keys: [String]) {
        guard keys.count > Self.threshold else { return }
        self.hashes = keys.map(FieldName.hash(of:))
        self.slots = [Int32](repeating: -1, count: Self.capacity(for: keys.count))
        for position in keys.indices {
            self.place(position)
        }
    }

    /// Whether the index is in use.
    var isActive: Bool {
        !self.slots.isEmpty
    }

    /// The position of `name` in `keys`, using `hash` when the index is in use (computing it if not given).
    func position(of name: String, hash: Int?, in keys: [String]) -> Int? {
        guard self.isActive else {
            let length = name.utf8.count
            return keys.firstIndex { $0.utf8.count == length && $0.hasSameCodePoints(as: name) }
        }
        let hash = hash ?? FieldName.hash(of: name)
        let mask = self.slots.count - 1
        var slot = hash & mask
        while true {
            let position = Int(self.slots[slot])
            if position < 0 {
                return nil
            }
            if self.hashes[position] == hash && keys[position].hasSameCodePoints(as: name) {
                return position
            }
            slot = (slot + 1) & mask
        }
    }

    /// Adds the key at `position` (the next one) with its `hash`, growing the table as needed.
    mutating func insert(hash: Int, position: Int) {
        self.hashes.append(hash)
        if self.hashes.count * 2 > self.slots.count {
            self.slots = [Int32](repeating: -1, count: Self.capacity(for: self.hashes.count))
            for position in self.hashes.indices {
                self.place(position)
            }
        } else {
            self.place(position)
        }
    }

    private static func capacity(for count: Int) -> Int {
        var capacity = 16
        while capacity < count * 4 {
            capacity *= 2
        }
        return capacity
    }

    private mutating func place(_ position: Int) {
        let mask = self.slots.count - 1
        var slot = self.hashes[position] & mask
        while self.slots[slot] >= 0 {
            slot = (slot + 1) & mask
        }
        self.slots[slot] = Int32(position)
    }
}

extension String {
    /// Whether both strings consist of the same Unicode code points (no normalization, unlike `==`).
    func hasSameCodePoints(as other: String) -> Bool {
        let fast = self.utf8.withContiguousStorageIfAvailable { left in
            other.utf8.withContiguousStorageIfAvailable { right in bytesEqual(left, right) }
        }
        return (fast ?? nil) ?? self.utf8.elementsEqual(other.utf8)
    }

    /// Whether the string sorts before `other` by Unicode code points (UTF-8 byte order is code point order).
    func precedesByCodePoints(_ other: String) -> Bool {
        let fast = self.utf8.withContiguousStorageIfAvailable { left in
            other.utf8.withContiguousStorageIfAvailable { right in left.lexicographicallyPrecedes(right) }
        }
        return (fast ?? nil) ?? self.utf8.lexicographicallyPrecedes(other.utf8)
    }
}

/// Compares two byte buffers eight bytes at a time.
private func bytesEqual(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
    guard left.count == right.count else { return false }
    let leftRaw = UnsafeRawBufferPointer(left)
    let rightRaw = UnsafeRawBufferPointer(right)
    var offset = 0
    while offset + 8 <= left.count {
        guard
            leftRaw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                == rightRaw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        else { return false }
        offset += 8
    }
    while offset < left.count {
        guard left[offset] == right[offset] else { return false }
        offset += 1
    }
    return true
}

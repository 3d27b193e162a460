// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Coordination
import Testing

@Suite("LeastRecentlyUsed")
struct LeastRecentlyUsedTests {
    @Test("over the count, the least recently used goes first; a use (not a peek) makes an entry recent")
    func countBound() {
        var map = LeastRecentlyUsed<String, Int>(capacity: 2)
        map.insert(1, for: "a")
        map.insert(2, for: "b")
        #expect(map.value(for: "a") == 1)
        #expect(map.peek("b") == 2)
        map.insert(3, for: "c")
        #expect(map.count == 2)
        #expect(map.contains("a") && map.contains("c") && !map.contains("b"))
        #expect(
            map.update("a") { value -> Int in
                value += 10
                return value
            } == 11
        )
        map.insert(4, for: "d")
        #expect(map.peek("a") == 11 && !map.contains("c"))
        #expect(map.update("c") { $0 } == nil)
    }

    @Test("over the weight, the least recently used go until it fits; a value heavier than the bound is not kept")
    func weightBound() {
        var map = LeastRecentlyUsed<String, String>(capacity: 10, maximumWeight: 10)
        map.insert("a", for: "a", weight: 4)
        map.insert("b", for: "b", weight: 4)
        map.insert("c", for: "c", weight: 6)
        #expect(map.weight == 10)
        #expect(!map.contains("a") && map.contains("b") && map.contains("c"))
        map.insert("c", for: "c", weight: 11)
        #expect(map.count == 1 && map.weight == 4, "the heavy value replaced the old one and was not kept")
        var none = LeastRecentlyUsed<String, String>(capacity: 0)
        none.insert("a", for: "a")
        #expect(none.count == 0)
    }

    @Test("when room is needed, every disposable entry goes before the least recently used")
    func disposableFirst() {
        var map = LeastRecentlyUsed<String, Int>(capacity: 3)
        map.insert(0, for: "old")
        map.insert(-1, for: "stale")
        map.insert(-2, for: "stale too")
        map.insert(-3, for: "new") { _, value in value < 0 }
        #expect(map.count == 2)
        #expect(map.contains("old") && map.contains("new"), "the new entry is never its own victim")
        map.insert(5, for: "fits") { _, value in value < 0 }
        #expect(map.count == 3, "nothing is disposed of while the bounds hold")
    }

    @Test("removing entries gives their weight back")
    func removal() {
        var map = LeastRecentlyUsed<String, Int>(capacity: 10, maximumWeight: 100)
        for (index, key) in ["a", "b", "c"].enumerated() {
            map.insert(index, for: key, weight: 10)
        }
        map.remove("a")
        map.removeAll { _, value in value == 2 }
        #expect(map.count == 1 && map.weight == 10 && map.contains("b"))
    }
}

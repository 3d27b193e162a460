// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Coordination
import MetricsTestKit
import ProviderTestSupport
import SecretProviderClass
import Testing

@testable import Provider

@Suite("ValueCache")
struct ValueCacheTests {
    let clock = ManualClock()
    let metrics = TestMetrics()

    func cache(ttl: Duration = .seconds(30), maximumBytes: Int = 1 << 20, maximumEntries: Int = 10_000) -> ValueCache {
        ValueCache(
            ttl: ttl,
            maximumBytes: maximumBytes,
            maximumEntries: maximumEntries,
            metrics: ProviderMetrics(factory: self.metrics),
            clock: self.clock.timeSource
        )
    }

    /// What an entry of `text` under `key` is charged: the value, the key's texts and the fixed overhead.
    static func charge(_ key: ValueKey, _ text: String) -> Int {
        text.utf8.count + key.textBytes + ValueCache.entryOverhead
    }

    static let identity = MountIdentity(namespace: "default", serviceAccount: "app", method: .irsa(roleArn: "arn:r"))
    static let other = MountIdentity(namespace: "other", serviceAccount: "app", method: .irsa(roleArn: "arn:r"))

    static func key(_ name: String, version: String? = nil, identity: MountIdentity = identity) throws -> ValueKey {
        let plan = try makePlan(smObject(name, version: version))
        return ValueKey(identity: identity, region: "us-east-1", reference: plan.plan.objects[0].primary)
    }

    static func value(_ text: String, version: String = "v1") -> RegionResult {
        .success(FetchedValue(bytes: Array(text.utf8), version: version, region: "us-east-1"))
    }

    /// Claims `key` (which must be missing) and completes the claim with `result`.
    func store(_ cache: ValueCache, _ key: ValueKey, _ result: RegionResult) {
        guard case .claimed(let claim) = cache.lookup(key, freshAfter: nil) else {
            Issue.record("\(key.reference) was not missing")
            return
        }
        cache.complete(key, claim: claim, with: result)
    }

    func cached(_ cache: ValueCache, _ key: ValueKey, freshAfter: ContinuousClock.Instant? = nil) -> String? {
        guard case .cached(let value) = cache.lookup(key, freshAfter: freshAfter) else { return nil }
        return String(decoding: value.bytes, as: UTF8.self)
    }

    @Test("a value by stage is served within the freshness window and fetched again after it")
    func freshnessWindow() throws {
        let cache = self.cache()
        let key = try Self.key("db")
        self.store(cache, key, Self.value("one"))
        self.clock.advance(by: .seconds(29))
        #expect(self.cached(cache, key) == "one")
        self.clock.advance(by: .seconds(1))
        guard case .claimed = cache.lookup(key, freshAfter: nil) else {
            Issue.record("a stale value was served")
            return
        }
    }

    @Test("a pinned version is served for ever, even to a rotation check")
    func pinnedNeverStale() throws {
        let cache = self.cache()
        let key = try Self.key("db", version: "v1")
        self.store(cache, key, Self.value("one"))
        self.clock.advance(by: .seconds(86_400))
        #expect(self.cached(cache, key, freshAfter: self.clock.now) == "one")
    }

    @Test("a check that wants values fetched since an instant skips older ones")
    func freshAfter() throws {
        let cache = self.cache()
        let key = try Self.key("db")
        self.store(cache, key, Self.value("one"))
        let fetched = self.clock.now
        self.clock.advance(by: .seconds(1))
        #expect(self.cached(cache, key, freshAfter: fetched) == "one")
        guard case .claimed = cache.lookup(key, freshAfter: self.clock.now) else {
            Issue.record("an older value answered a rotation check")
            return
        }
    }

    @Test("with a zero window only pinned versions are kept")
    func zeroWindow() throws {
        let cache = self.cache(ttl: .zero)
        let stage = try Self.key("db")
        let pinned = try Self.key("db", version: "v1")
        self.store(cache, stage, Self.value("one"))
        self.store(cache, pinned, Self.value("one"))
        #expect(cache.size.entries == 1)
        #expect(self.cached(cache, pinned) == "one")
    }

    @Test("concurrent lookups of one missing key share the first one's fetch")
    func singleFlight() async throws {
        let cache = self.cache()
        let key = try Self.key("db")
        guard case .claimed(let claim) = cache.lookup(key, freshAfter: nil),
            case .shared(let first) = cache.lookup(key, freshAfter: nil),
            case .shared(let second) = cache.lookup(key, freshAfter: nil)
        else {
            Issue.record("the second and third lookups did not share the first fetch")
            return
        }
        async let a = first.wait()
        async let b = second.wait()
        cache.complete(key, claim: claim, with: Self.value("one"))
        for outcome in try await [a, b] {
            guard case .finished(let result) = outcome else {
                Issue.record("the shared fetch was abandoned")
                continue
            }
            #expect((try? result.get().bytes) == Array("one".utf8))
        }
        #expect(
            try self.metrics.expectCounter("secrets_provider_cache_lookups_total", [("result", "shared")]).totalValue
                == 2
        )
        #expect(
            try self.metrics.expectCounter("secrets_provider_cache_lookups_total", [("result", "miss")]).totalValue == 1
        )
    }

    @Test("a claim that failed because its task was cancelled is abandoned: its waiters fetch again, nothing is kept")
    func cancelledClaim() async throws {
        let cache = self.cache()
        let key = try Self.key("db")
        guard case .claimed(let claim) = cache.lookup(key, freshAfter: nil),
            case .shared(let shared) = cache.lookup(key, freshAfter: nil)
        else {
            Issue.record("the second lookup did not share the first fetch")
            return
        }
        let claimer = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            cache.complete(key, claim: claim, with: .failure(FetchFailure(CancellationError(), region: "us-east-1")))
        }
        await claimer.value
        guard case .abandoned = try await shared.wait() else {
            Issue.record("a waiter was handed another task's cancellation")
            return
        }
        guard case .claimed = cache.lookup(key, freshAfter: nil) else {
            Issue.record("the abandoned fetch was still joined")
            return
        }
        #expect(cache.size.entries == 0)
    }

    @Test("a rotation check does not join a fetch that started before it")
    func checkDoesNotJoinOlderFetch() throws {
        let cache = self.cache()
        let key = try Self.key("db")
        guard case .claimed = cache.lookup(key, freshAfter: nil) else { return }
        self.clock.advance(by: .milliseconds(5))
        guard case .claimed = cache.lookup(key, freshAfter: self.clock.now) else {
            Issue.record("a check joined an older fetch")
            return
        }
    }

    @Test("failures are not kept")
    func notKept() async throws {
        let cache = self.cache()
        let failed = try Self.key("a")
        self.store(
            cache,
            failed,
            .failure(FetchFailure(region: "us-east-1", code: .notFound, isClientFault: true, message: "x"))
        )
        #expect(cache.size.entries == 0)
    }

    @Test("identities never see each other's values")
    func identitiesApart() throws {
        let cache = self.cache()
        self.store(cache, try Self.key("db"), Self.value("mine"))
        guard case .claimed = cache.lookup(try Self.key("db", identity: Self.other), freshAfter: nil) else {
            Issue.record("another identity was served a cached value")
            return
        }
    }

    @Test("over the byte limit, stale values go first, then the least recently used; a value above it is not kept")
    func eviction() throws {
        let stale = try Self.key("stale")
        let old = try Self.key("old", version: "v1")
        let used = try Self.key("used", version: "v1")
        let new = try Self.key("new", version: "v1")
        // Room for the first three exactly; the new one (2 bytes more than the stale one) needs two to go.
        let limit = Self.charge(stale, "sss") + Self.charge(old, "ooo") + Self.charge(used, "uuu")
        let cache = self.cache(maximumBytes: limit)
        self.store(cache, stale, Self.value("sss"))
        self.clock.advance(by: .seconds(31))
        self.store(cache, old, Self.value("ooo"))
        self.store(cache, used, Self.value("uuu"))
        #expect(cache.size.entries == 3)
        #expect(self.cached(cache, used) == "uuu")
        self.store(cache, new, Self.value("nnnnn"))
        #expect(cache.size.entries == 2)
        #expect(cache.size.bytes == Self.charge(used, "uuu") + Self.charge(new, "nnnnn"))
        #expect(self.cached(cache, used) == "uuu")
        guard case .claimed = cache.lookup(old, freshAfter: nil) else {
            Issue.record("the least recently used value was kept")
            return
        }
        self.store(cache, try Self.key("huge", version: "v1"), Self.value(String(repeating: "0", count: limit)))
        #expect(cache.size.bytes == Self.charge(used, "uuu") + Self.charge(new, "nnnnn"))
    }

    @Test("many one-byte values are charged their keys and overhead, and the entry cap holds whatever their size")
    func tinyValues() throws {
        let keys = try (10..<60).map { try Self.key("tiny-\($0)", version: "v1") }
        let byBytes = self.cache(maximumBytes: 10 * Self.charge(keys[0], "x"))
        let byCount = self.cache(maximumEntries: 7)
        for key in keys {
            self.store(byBytes, key, Self.value("x"))
            self.store(byCount, key, Self.value("x"))
        }
        #expect(byBytes.size.entries == 10)
        #expect(byBytes.size.bytes <= 10 * Self.charge(keys[0], "x"))
        #expect(byCount.size.entries == 7)
        #expect(self.cached(byCount, keys[49]) == "x")
        #expect(self.cached(byCount, keys[0]) == nil)
    }

    @Test("keys are compared by exact bytes: canonically equivalent names are different values")
    func exactKeys() throws {
        let cache = self.cache()
        let composed = try Self.key("caf\u{E9}", version: "v1")
        let decomposed = try Self.key("cafe\u{301}", version: "v1")
        #expect(composed.reference.name == decomposed.reference.name)  // Swift's String equality says equal.
        self.store(cache, composed, Self.value("composed"))
        #expect(self.cached(cache, composed) == "composed")
        guard case .claimed = cache.lookup(decomposed, freshAfter: nil) else {
            Issue.record("a canonically equivalent name was served another name's value")
            return
        }
    }

    @Test("a sweep drops values past the window and keeps pinned ones")
    func sweep() throws {
        let cache = self.cache()
        self.store(cache, try Self.key("stage"), Self.value("s"))
        self.store(cache, try Self.key("pinned", version: "v1"), Self.value("p"))
        self.clock.advance(by: .seconds(31))
        cache.sweep()
        #expect(cache.size.entries == 1)
        let pinned = try Self.key("pinned", version: "v1")
        #expect(
            try self.metrics.expectGauge("secrets_provider_cache_bytes").lastValue == Double(Self.charge(pinned, "p"))
        )
    }
}

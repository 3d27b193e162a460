// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import AWSSigV4
import Foundation
import Synchronization
import Testing

struct ExpiringCredentialCacheTests {
    /// Counts fetches and hands out numbered credentials that expire `lifetime` after the fake clock's start.
    final class Source: Sendable {
        let fetches = Atomic<Int>(0)
        let cancelled = Atomic<Bool>(false)
        private let clock: FakeClock
        private let lifetime: Duration?
        private let delay: Duration
        private let failures: Int

        init(clock: FakeClock, lifetime: Duration? = .seconds(3600), delay: Duration = .zero, failures: Int = 0) {
            self.clock = clock
            self.lifetime = lifetime
            self.delay = delay
            self.failures = failures
        }

        func fetch() async throws -> AWSCredentials {
            let number = self.fetches.add(1, ordering: .sequentiallyConsistent).newValue
            do {
                try await Task.sleep(for: self.delay)
            } catch {
                self.cancelled.store(true, ordering: .sequentiallyConsistent)
                throw error
            }
            if number <= self.failures {
                throw AWSError(code: .serverFault, message: "fetch \(number) failed")
            }
            let now = self.clock.clock.date()
            return AWSCredentials(
                accessKeyId: "ASIA\(number)",
                secretAccessKey: "secret",
                sessionToken: "token",
                expiration: self.lifetime.map { now.addingTimeInterval(Double($0.components.seconds)) }
            )
        }

        func cache(margin: Duration = .seconds(300)) -> ExpiringCredentialCache {
            ExpiringCredentialCache(refreshMargin: margin, clock: self.clock.clock) { try await self.fetch() }
        }

        var count: Int {
            self.fetches.load(ordering: .sequentiallyConsistent)
        }

        var wasCancelled: Bool {
            self.cancelled.load(ordering: .sequentiallyConsistent)
        }
    }

    @Test("many concurrent callers share one fetch")
    func singleFlight() async throws {
        let clock = FakeClock()
        let source = Source(clock: clock, delay: .milliseconds(100))
        let cache = source.cache()
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<500 {
                group.addTask { try await cache.credentials().accessKeyId }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(source.count == 1)
        #expect(keys == ["ASIA1"])
    }

    @Test("serves cached credentials until five minutes before expiry, then refreshes")
    func refreshBeforeExpiry() async throws {
        let clock = FakeClock()
        let source = Source(clock: clock)
        let cache = source.cache()
        #expect(try await cache.credentials().accessKeyId == "ASIA1")
        clock.advance(by: .seconds(54 * 60 + 59))
        #expect(try await cache.credentials().accessKeyId == "ASIA1")
        clock.advance(by: .seconds(2))
        #expect(try await cache.credentials().accessKeyId == "ASIA2")
        #expect(try await cache.credentials().accessKeyId == "ASIA2")
        #expect(source.count == 2)
    }

    @Test("short-lived credentials are refreshed halfway through their lifetime")
    func shortLived() async throws {
        let clock = FakeClock()
        let source = Source(clock: clock, lifetime: .seconds(240))
        let cache = source.cache()
        _ = try await cache.credentials()
        clock.advance(by: .seconds(119))
        #expect(try await cache.credentials().accessKeyId == "ASIA1")
        clock.advance(by: .seconds(2))
        #expect(try await cache.credentials().accessKeyId == "ASIA2")
    }

    @Test("credentials without an expiry are kept for ever")
    func noExpiry() async throws {
        let clock = FakeClock()
        let source = Source(clock: clock, lifetime: nil)
        let cache = source.cache()
        _ = try await cache.credentials()
        clock.advance(by: .seconds(86_400 * 365))
        _ = try await cache.credentials()
        #expect(source.count == 1)
    }

    @Test("a failed fetch fails every caller waiting for it and is not cached")
    func failureNotCached() async throws {
        let clock = FakeClock()
        let source = Source(clock: clock, delay: .milliseconds(50), failures: 1)
        let cache = source.cache()
        let failures = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 {
                group.addTask { (try? await cache.credentials()) == nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(failures == 20)
        #expect(source.count == 1)
        #expect(try await cache.credentials().accessKeyId == "ASIA2")
        #expect(source.count == 2)
    }

    @Test("when every waiting caller is cancelled the fetch is cancelled, and the next caller starts afresh")
    func cancelledWaiters() async throws {
        let clock = FakeClock()
        let source = Source(clock: clock, delay: .seconds(30))
        let cache = source.cache()
        let started = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask { _ = try? await cache.credentials() }
            }
            while source.count == 0 {
                try? await Task.sleep(for: .milliseconds(5))
            }
            group.cancelAll()
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(source.wasCancelled)
        // The abandoned fetch is not joined: a new caller starts a second one.
        await withTaskGroup(of: Void.self) { group in
            group.addTask { _ = try? await cache.credentials() }
            while source.count < 2 {
                try? await Task.sleep(for: .milliseconds(5))
            }
            group.cancelAll()
        }
        #expect(source.count == 2)
    }

    @Test("a cancelled caller does not cancel the fetch that others still wait for")
    func partialCancellation() async throws {
        let clock = FakeClock()
        let source = Source(clock: clock, delay: .milliseconds(300))
        let cache = source.cache()
        let key = try await withThrowingTaskGroup(of: String?.self) { outer in
            outer.addTask { try await cache.credentials().accessKeyId }
            outer.addTask {
                await withTaskGroup(of: Void.self) { inner in
                    inner.addTask { _ = try? await cache.credentials() }
                    try? await Task.sleep(for: .milliseconds(50))
                    inner.cancelAll()
                }
                return nil
            }
            return try await outer.reduce(into: [String]()) { keys, key in key.map { keys.append($0) } }
        }
        #expect(key == ["ASIA1"])
        #expect(source.count == 1)
        #expect(!source.wasCancelled)
    }
}

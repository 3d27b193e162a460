// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import AWSSigV4
import Foundation
import ProviderTestSupport
import Synchronization
import Testing

/// When credentials are refreshed. Their single flight (one fetch for many callers, failures shared, cancellation)
/// is the package's one single flight, tested in CoordinationTests.
struct ExpiringCredentialCacheTests {
    /// Counts fetches and hands out numbered credentials that expire `lifetime` after the fetch.
    final class Source: Sendable {
        let fetches = Atomic<Int>(0)
        private let clock: ManualClock
        private let lifetime: Duration?
        private let failures: Int

        init(clock: ManualClock, lifetime: Duration? = .seconds(3600), failures: Int = 0) {
            self.clock = clock
            self.lifetime = lifetime
            self.failures = failures
        }

        func fetch() async throws -> AWSCredentials {
            let number = self.fetches.add(1, ordering: .sequentiallyConsistent).newValue
            if number <= self.failures {
                throw AWSError(code: .serverFault, message: "fetch \(number) failed")
            }
            let now = self.clock.date
            return AWSCredentials(
                accessKeyId: "ASIA\(number)",
                secretAccessKey: "secret",
                sessionToken: "token",
                expiration: self.lifetime.map { now.addingTimeInterval(Double($0.components.seconds)) }
            )
        }

        func cache(margin: Duration = .seconds(300)) -> ExpiringCredentialCache {
            ExpiringCredentialCache(refreshMargin: margin, clock: self.clock.timeSource) { try await self.fetch() }
        }

        var count: Int {
            self.fetches.load(ordering: .sequentiallyConsistent)
        }
    }

    @Test("serves cached credentials until five minutes before expiry, then refreshes")
    func refreshBeforeExpiry() async throws {
        let clock = ManualClock()
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
        let clock = ManualClock()
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
        let clock = ManualClock()
        let source = Source(clock: clock, lifetime: nil)
        let cache = source.cache()
        _ = try await cache.credentials()
        clock.advance(by: .seconds(86_400 * 365))
        _ = try await cache.credentials()
        #expect(source.count == 1)
    }

    @Test("a failed fetch is not cached: the next caller fetches again")
    func failureNotCached() async throws {
        let clock = ManualClock()
        let source = Source(clock: clock, failures: 1)
        let cache = source.cache()
        await #expect(throws: AWSError.self) { try await cache.credentials() }
        #expect(try await cache.credentials().accessKeyId == "ASIA2")
        #expect(try await cache.credentials().accessKeyId == "ASIA2")
        #expect(source.count == 2)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Coordination
import Foundation
import ProviderTestSupport
import Synchronization
import Testing

/// Counts fetches and hands out numbered values; a held fetch waits on the counter's own clock until released.
final class FetchCounter: Sendable {
    private let counts = Mutex((fetches: 0, cancelled: 0))
    /// What held fetches sleep on: each waits one second of it, which only ``release()`` makes pass.
    let gate = ManualClock()

    /// How many fetches started.
    var fetches: Int { self.counts.withLock { $0.fetches } }
    /// How many held fetches were cancelled.
    var cancelled: Int { self.counts.withLock { $0.cancelled } }

    /// A fetch that returns `value-<n>` (n counting fetches from 1) or throws; a held one first waits for
    /// ``release()``.
    func fetch(held: Bool = false, failing: Bool = false) -> @Sendable () async throws -> String {
        { [self] in
            let number = self.counts.withLock { counts in
                counts.fetches += 1
                return counts.fetches
            }
            if held {
                do {
                    try await self.gate.sleep(until: self.gate.now + .seconds(1))
                } catch {
                    self.counts.withLock { $0.cancelled += 1 }
                    throw error
                }
            }
            if failing {
                throw FetchCounterError.failed(number)
            }
            return "value-\(number)"
        }
    }

    /// Lets every held fetch go on.
    func release() {
        self.gate.advance(by: .seconds(1))
    }
}

enum FetchCounterError: Error, Equatable {
    case failed(Int)
}

@Suite("SingleFlightCache", .timeLimit(.minutes(1)))
struct SingleFlightCacheTests {
    let counter = FetchCounter()
    let clock = ManualClock()

    func cache(lifetime: Duration? = nil, sharesFailures: Bool = true) -> SingleFlightCache<String, String> {
        SingleFlightCache(lifetime: lifetime, sharesFailures: sharesFailures, clock: self.clock.timeSource)
    }

    /// Starts a caller whose (held) fetch is running when this returns.
    func first(_ cache: SingleFlightCache<String, String>, failing: Bool = false) async -> Task<String, any Error> {
        let fetch = self.counter.fetch(held: true, failing: failing)
        let task = Task { try await cache.value(for: "k", fetch: fetch) }
        await self.counter.gate.waitForSleepers(1)
        return task
    }

    /// Starts a caller that joins the flight of "k", and returns when it waits.
    func joiner(
        _ cache: SingleFlightCache<String, String>,
        waiting: Int,
        fetch: @escaping @Sendable () async throws -> String
    ) async -> Task<String, any Error> {
        let task = Task { try await cache.value(for: "k", fetch: fetch) }
        #expect(await yieldUntil { cache.waiting(for: "k") == waiting })
        return task
    }

    @Test("concurrent callers of one missing key share one fetch")
    func sharesOneFetch() async throws {
        let cache = self.cache(lifetime: .seconds(60))
        let first = await self.first(cache)
        var others: [Task<String, any Error>] = []
        for count in 1...19 {
            others.append(await self.joiner(cache, waiting: count, fetch: self.counter.fetch()))
        }
        self.counter.release()
        for task in [first] + others {
            #expect(try await task.value == "value-1")
        }
        #expect(self.counter.fetches == 1)
    }

    @Test("concurrent callers share a failure too")
    func sharedFailure() async throws {
        let cache = self.cache(lifetime: .seconds(60))
        let first = await self.first(cache, failing: true)
        var others: [Task<String, any Error>] = []
        for count in 1...4 {
            others.append(await self.joiner(cache, waiting: count, fetch: self.counter.fetch()))
        }
        self.counter.release()
        for task in [first] + others {
            await #expect(throws: FetchCounterError.failed(1)) { try await task.value }
        }
        #expect(self.counter.fetches == 1)
    }

    @Test("without shared failures, a caller that joined a failed fetch makes its own")
    func ownFailure() async throws {
        let cache = self.cache(sharesFailures: false)
        let first = await self.first(cache, failing: true)
        let joined = await self.joiner(cache, waiting: 1, fetch: self.counter.fetch())
        self.counter.release()
        await #expect(throws: FetchCounterError.failed(1)) { try await first.value }
        #expect(try await joined.value == "value-2")
        #expect(self.counter.fetches == 2)
    }

    @Test("a cancelled waiter stops waiting at once; the fetch goes on for the others")
    func cancelledWaiter() async throws {
        let cache = self.cache()
        let first = await self.first(cache)
        let cancelled = await self.joiner(cache, waiting: 1, fetch: self.counter.fetch())
        let patient = await self.joiner(cache, waiting: 2, fetch: self.counter.fetch())
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(cache.waiting(for: "k") == 1)
        self.counter.release()
        #expect(try await first.value == "value-1")
        #expect(try await patient.value == "value-1")
        #expect(self.counter.fetches == 1)
        #expect(self.counter.cancelled == 0)
    }

    @Test("the fetching caller cancelled: its fetch is abandoned, and a waiter fetches again instead of failing")
    func cancelledFetcher() async throws {
        let cache = self.cache()
        let first = await self.first(cache)
        let waiter = await self.joiner(cache, waiting: 1, fetch: self.counter.fetch())
        first.cancel()
        await #expect(throws: CancellationError.self) { try await first.value }
        #expect(try await waiter.value == "value-2")
        #expect(self.counter.fetches == 2)
        #expect(self.counter.cancelled == 1)
    }

    @Test("every caller cancelled: the fetch is cancelled, and the next caller starts afresh")
    func everyoneCancelled() async throws {
        let cache = self.cache()
        let first = await self.first(cache)
        let second = await self.joiner(cache, waiting: 1, fetch: self.counter.fetch())
        let third = await self.joiner(cache, waiting: 2, fetch: self.counter.fetch())
        for task in [first, second, third] {
            task.cancel()
        }
        for task in [first, second, third] {
            await #expect(throws: CancellationError.self) { try await task.value }
        }
        #expect(self.counter.cancelled == 1)
        #expect(try await cache.value(for: "k", fetch: self.counter.fetch()) == "value-2")
        #expect(self.counter.fetches == 2)
    }

    @Test("a caller that is already cancelled does not start a fetch")
    func cancelledCaller() async throws {
        let cache = self.cache()
        let fetch = self.counter.fetch()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await cache.value(for: "k", fetch: fetch)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(self.counter.fetches == 0)
    }

    @Test("different keys are fetched separately")
    func separateKeys() async throws {
        let cache = self.cache()
        let a = try await cache.value(for: "a", fetch: self.counter.fetch())
        let b = try await cache.value(for: "b", fetch: self.counter.fetch())
        #expect([a, b] == ["value-1", "value-2"])
        #expect(try await cache.value(for: "a", fetch: self.counter.fetch()) == "value-1")
        #expect(self.counter.fetches == 2)
    }

    @Test("a failure is not remembered: the next caller fetches again")
    func failureNotCached() async throws {
        let cache = self.cache(lifetime: .seconds(60))
        await #expect(throws: FetchCounterError.failed(1)) {
            try await cache.value(for: "k", fetch: self.counter.fetch(failing: true))
        }
        #expect(try await cache.value(for: "k", fetch: self.counter.fetch()) == "value-2")
        #expect(try await cache.value(for: "k", fetch: self.counter.fetch()) == "value-2")
        #expect(self.counter.fetches == 2)
    }

    @Test("a value expires after its lifetime on the injected clock; a zero lifetime keeps nothing")
    func lifetime() async throws {
        let cache = self.cache(lifetime: .seconds(60))
        #expect(try await cache.value(for: "k", fetch: self.counter.fetch()) == "value-1")
        self.clock.advance(by: .seconds(59))
        #expect(try await cache.value(for: "k", fetch: self.counter.fetch()) == "value-1")
        self.clock.advance(by: .seconds(1))
        #expect(try await cache.value(for: "k", fetch: self.counter.fetch()) == "value-2")
        self.clock.advance(by: .seconds(30))
        #expect(try await cache.value(for: "k", fetch: self.counter.fetch()) == "value-2")
        let none = self.cache(lifetime: .zero)
        #expect(try await none.value(for: "k", fetch: self.counter.fetch()) == "value-3")
        #expect(try await none.value(for: "k", fetch: self.counter.fetch()) == "value-4")
    }

    @Test("without a lifetime a value is kept for ever")
    func noLifetime() async throws {
        let cache = self.cache()
        _ = try await cache.value(for: "k", fetch: self.counter.fetch())
        self.clock.advance(by: .seconds(86_400 * 365))
        #expect(try await cache.value(for: "k", fetch: self.counter.fetch()) == "value-1")
        #expect(self.counter.fetches == 1)
    }

    @Test("an expiry by wall-clock date is read on the injected clock's date")
    func dateExpiry() async throws {
        let clock = self.clock
        let cache = SingleFlightCache<String, String>(clock: clock.timeSource) { _ in
            .date(clock.date.addingTimeInterval(10))
        }
        _ = try await cache.value(for: "k", fetch: self.counter.fetch())
        clock.advance(by: .seconds(9))
        #expect(try await cache.value(for: "k", fetch: self.counter.fetch()) == "value-1")
        clock.advance(by: .seconds(1))
        #expect(try await cache.value(for: "k", fetch: self.counter.fetch()) == "value-2")
    }
}

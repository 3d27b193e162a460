// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Synchronization
import Testing

@testable import Provider

/// Counts fetches and hands out numbered values.
final class FetchCounter: Sendable {
    private let count = Mutex(0)

    var fetches: Int { self.count.withLock { $0 } }

    /// A fetch that takes `delay`, then returns `value-<n>` (n counting fetches from 1) or throws.
    func fetch(delay: Duration = .zero, failing: Bool = false) -> @Sendable () async throws -> String {
        { [self] in
            let number = self.count.withLock { count -> Int in
                count += 1
                return count
            }
            if delay > .zero {
                try await Task.sleep(for: delay)
            }
            if failing {
                throw FetchCounterError.failed(number)
            }
            return "value-\(number)"
        }
    }
}

enum FetchCounterError: Error, Equatable {
    case failed(Int)
}

@Suite("SingleFlightCache")
struct SingleFlightCacheTests {
    let counter = FetchCounter()
    let clock = ManualClock()

    @Test("concurrent callers of one missing key share one fetch")
    func sharesOneFetch() async throws {
        let cache = SingleFlightCache<String, String>(lifetime: .seconds(60), now: self.clock.reader)
        let fetch = self.counter.fetch(delay: .milliseconds(200))
        let values = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 {
                group.addTask { try await cache.value(for: "k", fetch: fetch) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values == Array(repeating: "value-1", count: 20))
        #expect(self.counter.fetches == 1)
    }

    @Test("different keys are fetched separately")
    func separateKeys() async throws {
        let cache = SingleFlightCache<String, String>(lifetime: nil, now: self.clock.reader)
        let a = try await cache.value(for: "a", fetch: self.counter.fetch())
        let b = try await cache.value(for: "b", fetch: self.counter.fetch())
        #expect([a, b] == ["value-1", "value-2"])
        #expect(try await cache.value(for: "a", fetch: self.counter.fetch()) == "value-1")
        #expect(self.counter.fetches == 2)
    }

    @Test("a failure is not remembered: the next caller fetches again")
    func failureNotCached() async throws {
        let cache = SingleFlightCache<String, String>(lifetime: .seconds(60), now: self.clock.reader)
        await #expect(throws: FetchCounterError.failed(1)) {
            try await cache.value(for: "k", fetch: self.counter.fetch(failing: true))
        }
        #expect(try await cache.value(for: "k", fetch: self.counter.fetch()) == "value-2")
        #expect(try await cache.value(for: "k", fetch: self.counter.fetch()) == "value-2")
        #expect(self.counter.fetches == 2)
    }

    @Test("concurrent callers share a failure too")
    func sharedFailure() async throws {
        let cache = SingleFlightCache<String, String>(lifetime: .seconds(60), now: self.clock.reader)
        let fetch = self.counter.fetch(delay: .milliseconds(200), failing: true)
        let failures = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<5 {
                group.addTask { (try? await cache.value(for: "k", fetch: fetch)) == nil }
            }
            return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(failures == 5)
        #expect(self.counter.fetches == 1)
    }

    @Test("a value expires after its lifetime on the injected clock")
    func lifetime() async throws {
        let cache = SingleFlightCache<String, String>(lifetime: .seconds(60), now: self.clock.reader)
        #expect(try await cache.value(for: "k", fetch: self.counter.fetch()) == "value-1")
        self.clock.advance(by: .seconds(59))
        #expect(try await cache.value(for: "k", fetch: self.counter.fetch()) == "value-1")
        self.clock.advance(by: .seconds(1))
        #expect(try await cache.value(for: "k", fetch: self.counter.fetch()) == "value-2")
        self.clock.advance(by: .seconds(30))
        #expect(try await cache.value(for: "k", fetch: self.counter.fetch()) == "value-2")
        #expect(self.counter.fetches == 2)
    }

    @Test("without a lifetime a value is kept for ever")
    func noLifetime() async throws {
        let cache = SingleFlightCache<String, String>(lifetime: nil, now: self.clock.reader)
        _ = try await cache.value(for: "k", fetch: self.counter.fetch())
        self.clock.advance(by: .seconds(86_400 * 365))
        #expect(try await cache.value(for: "k", fetch: self.counter.fetch()) == "value-1")
        #expect(self.counter.fetches == 1)
    }

    @Test("invalidate drops the value")
    func invalidate() async throws {
        let cache = SingleFlightCache<String, String>(lifetime: nil, now: self.clock.reader)
        _ = try await cache.value(for: "k", fetch: self.counter.fetch())
        await cache.invalidate("k")
        #expect(try await cache.value(for: "k", fetch: self.counter.fetch()) == "value-2")
    }

    @Test("a caller that is already cancelled does not start a fetch")
    func cancelledCaller() async throws {
        let cache = SingleFlightCache<String, String>(lifetime: nil, now: self.clock.reader)
        let fetch = self.counter.fetch()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await cache.value(for: "k", fetch: fetch)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(self.counter.fetches == 0)
    }
}

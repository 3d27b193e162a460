// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

package import AWSSigV4
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Caches temporary credentials until shortly before they expire, with one fetch in flight at a time.
///
/// However many callers ask at once, at most one fetch runs; the others wait for its result (single flight, in the
/// style of soto's `ExpiringValue`). A failed fetch is not cached: the next caller starts a new one. Credentials are
/// refreshed ``refreshMargin`` before they expire, or halfway through their lifetime if that is shorter, so that a
/// request never starts with credentials about to lapse. Credentials without an expiry are kept for ever.
///
/// The fetch runs in a task of its own so that a caller that gives up does not fail the others. A cancelled caller
/// stops counting as a waiter; when every caller waiting for a fetch has been cancelled, the fetch is cancelled too.
package actor ExpiringCredentialCache {
    private enum State {
        case empty
        case cached(AWSCredentials, refreshAt: Date?)
        case refreshing(Refresh)
    }

    /// One fetch in flight and the number of callers still waiting for it.
    private final class Refresh: Sendable {
        let generation: Int
        let task: Task<AWSCredentials, any Error>
        /// The callers waiting that have not been cancelled; `nil` once all were and the fetch was cancelled.
        private let waiters = Mutex<Int?>(1)

        init(generation: Int, task: Task<AWSCredentials, any Error>) {
            self.generation = generation
            self.task = task
        }

        /// Adds a waiter; `false` if the fetch was already abandoned and a new one must start.
        func join() -> Bool {
            self.waiters.withLock { waiters in
                guard let count = waiters else { return false }
                waiters = count + 1
                return true
            }
        }

        /// Removes a cancelled waiter, and cancels the fetch if none is left.
        func leave() {
            let abandoned = self.waiters.withLock { waiters -> Bool in
                guard let count = waiters else { return false }
                waiters = count > 1 ? count - 1 : nil
                return waiters == nil
            }
            if abandoned {
                self.task.cancel()
            }
        }
    }

    /// How long before expiry credentials are refreshed (at most half their lifetime).
    package let refreshMargin: Duration
    private let date: @Sendable () -> Date
    private let fetch: @Sendable () async throws -> AWSCredentials
    private var state = State.empty
    private var generation = 0

    /// Creates an empty cache.
    ///
    /// - Parameters:
    ///   - refreshMargin: How long before expiry to refresh.
    ///   - clock: The wall clock that expiry is compared with.
    ///   - fetch: Fetches new credentials; it should give up by itself after a bounded time.
    package init(
        refreshMargin: Duration = .seconds(300),
        clock: AWSClock,
        fetch: @escaping @Sendable () async throws -> AWSCredentials
    ) {
        self.refreshMargin = refreshMargin
        self.date = clock.date
        self.fetch = fetch
    }

    /// The cached credentials while they are fresh, otherwise those of the fetch in flight or of a new fetch.
    package func credentials() async throws -> AWSCredentials {
        if case .cached(let credentials, let refreshAt) = self.state, refreshAt.map({ self.date() < $0 }) ?? true {
            return credentials
        }
        // A caller that is already cancelled must not start (or keep alive) a fetch nobody will wait for.
        try Task.checkCancellation()
        let refresh: Refresh
        if case .refreshing(let current) = self.state, current.join() {
            refresh = current
        } else {
            refresh = self.startRefresh()
        }
        return try await withTaskCancellationHandler {
            try await refresh.task.value
        } onCancel: {
            refresh.leave()
        }
    }

    private func startRefresh() -> Refresh {
        self.generation += 1
        let generation = self.generation
        let fetch = self.fetch
        let task = Task {
            do {
                let credentials = try await fetch()
                self.store(credentials, generation: generation)
                return credentials
            } catch {
                self.discard(generation: generation)
                throw error
            }
        }
        let refresh = Refresh(generation: generation, task: task)
        self.state = .refreshing(refresh)
        return refresh
    }

    private func store(_ credentials: AWSCredentials, generation: Int) {
        guard case .refreshing(let current) = self.state, current.generation == generation else { return }
        self.state = .cached(credentials, refreshAt: credentials.expiration.map(self.refreshTime(expiration:)))
    }

    private func discard(generation: Int) {
        guard case .refreshing(let current) = self.state, current.generation == generation else { return }
        self.state = .empty
    }

    private func refreshTime(expiration: Date) -> Date {
        let lifetime = expiration.timeIntervalSince(self.date())
        let margin =
            Double(self.refreshMargin.components.seconds)
            + Double(self.refreshMargin.components.attoseconds) / 1e18
        return expiration.addingTimeInterval(-min(margin, max(0, lifetime / 2)))
    }
}

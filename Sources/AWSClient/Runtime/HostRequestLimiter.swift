// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Coordination
import Synchronization

/// Lets at most `limit` requests per host be in flight at once; the rest wait in arrival order.
///
/// AsyncHTTPClient queues requests beyond its pool itself, but bounds that wait by its connect timeout, so a burst of
/// mounts would fail with pool timeouts while every connection is busy. Waiting here instead is bounded only by each
/// caller's own deadline and ends at once when the caller is cancelled.
package final class HostRequestLimiter: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct Host {
        var inFlight = 0
        var waiters: [Waiter] = []
    }

    private struct State {
        var hosts: [String: Host] = [:]
        var nextWaiterID: UInt64 = 0
    }

    private let limit: Int
    private let state = Mutex(State())

    /// Creates a limiter admitting `limit` requests per host (at least one).
    package init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Runs `body` once fewer than the limit of requests to `host` are in flight.
    ///
    /// - Throws: ``AWSError/Code/timeout`` when the deadline passes before a turn comes, `CancellationError` when the
    ///   task is cancelled while waiting, or whatever `body` throws.
    package func withTurn<Result: Sendable>(
        host: String,
        deadline: ContinuousClock.Instant,
        _ body: () async throws -> Result
    ) async throws -> Result {
        try await self.acquire(host: host, deadline: deadline)
        defer { self.release(host: host) }
        return try await body()
    }

    /// How many requests to `host` are in flight and how many wait; for tests.
    package func load(host: String) -> (inFlight: Int, waiting: Int) {
        self.state.withLock { state in
            let entry = state.hosts[host] ?? Host()
            return (entry.inFlight, entry.waiters.count)
        }
    }

    private func acquire(host: String, deadline: ContinuousClock.Instant) async throws {
        let admitted = self.state.withLock { state in
            var entry = state.hosts[host] ?? Host()
            defer { state.hosts[host] = entry }
            guard entry.inFlight < self.limit, entry.waiters.isEmpty else { return false }
            entry.inFlight += 1
            return true
        }
        if admitted { return }
        let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await self.wait(host: host)
                return true
            }
            group.addTask {
                try? await CancellableSleep.sleep(until: deadline)
                return false
            }
            defer { group.cancelAll() }
            if try await group.next() ?? false {
                return true
            }
            // The deadline came (or the task was cancelled) first. If the turn was granted in the same instant,
            // hand it on.
            group.cancelAll()
            if (try? await group.next()) == true {
                self.release(host: host)
            }
            return false
        }
        if granted { return }
        try Task.checkCancellation()
        throw AWSError(
            code: .timeout,
            message: "The deadline passed while waiting for a free connection to \(host)."
        )
    }

    private func wait(host: String) async throws {
        let id = self.state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let admitted = self.state.withLock { state in
                    var entry = state.hosts[host] ?? Host()
                    defer { state.hosts[host] = entry }
                    if Task.isCancelled {
                        return Swift.Result<Bool, any Error>.failure(CancellationError())
                    }
                    if entry.inFlight < self.limit, entry.waiters.isEmpty {
                        entry.inFlight += 1
                        return .success(true)
                    }
                    entry.waiters.append(Waiter(id: id, continuation: continuation))
                    return .success(false)
                }
                switch admitted {
                case .success(true): continuation.resume()
                case .success(false): break
                case .failure(let error): continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            let removed = self.state.withLock { state -> Waiter? in
                guard let index = state.hosts[host]?.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.hosts[host]?.waiters.remove(at: index)
            }
            removed?.continuation.resume(throwing: CancellationError())
        }
    }

    private func release(host: String) {
        let next = self.state.withLock { state -> Waiter? in
            guard var entry = state.hosts[host] else { return nil }
            defer { state.hosts[host] = entry.inFlight == 0 && entry.waiters.isEmpty ? nil : entry }
            guard !entry.waiters.isEmpty else {
                entry.inFlight -= 1
                return nil
            }
            // The turn passes straight to the oldest waiter; the in-flight count stays the same.
            return entry.waiters.removeFirst()
        }
        next?.continuation.resume()
    }
}

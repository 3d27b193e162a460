// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// The result of one fetch that several mounts wait for: the mount that started it resolves it, the others await it.
///
/// A waiter that is cancelled stops waiting at once (with a failure for itself); the fetch goes on for the others.
final class SharedFetch: Sendable {
    private struct State {
        var result: RegionResult?
        var waiters: [Int: CheckedContinuation<RegionResult, Never>] = [:]
        var nextWaiter = 0
    }

    /// When the fetch started: its value is at least as new as this.
    let started: ContinuousClock.Instant
    /// The region asked, for the failure of a cancelled waiter.
    private let region: String
    private let state = Mutex(State())

    /// A pending fetch in `region` that started at `started`.
    init(region: String, started: ContinuousClock.Instant) {
        self.region = region
        self.started = started
    }

    /// Hands `result` to every waiter, present and future. Only the first call counts.
    func resolve(_ result: RegionResult) {
        let waiters = self.state.withLock { state -> [CheckedContinuation<RegionResult, Never>] in
            guard state.result == nil else { return [] }
            state.result = result
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters {
            waiter.resume(returning: result)
        }
    }

    /// The result, once resolved; a deadline failure if the waiting task is cancelled first.
    func value() async -> RegionResult {
        let id = self.state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = self.state.withLock { state -> RegionResult? in
                    if let result = state.result { return result }
                    // The cancellation flag is set before the handler runs: a handler that found no waiter to
                    // remove ran before this, and the flag is seen here.
                    if Task.isCancelled { return .failure(self.cancelled) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let ready {
                    continuation.resume(returning: ready)
                }
            }
        } onCancel: {
            let waiter = self.state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(returning: .failure(self.cancelled))
        }
    }

    private var cancelled: FetchFailure {
        FetchFailure(CancellationError(), region: self.region)
    }
}

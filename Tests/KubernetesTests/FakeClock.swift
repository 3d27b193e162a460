// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Kubernetes
import Synchronization

/// A clock that moves only when a test advances it; sleepers wake when it passes their instant.
final class FakeClock: Sendable {
    private struct Sleeper {
        let id: UInt64
        let until: ContinuousClock.Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: ContinuousClock.Instant
        var sleepers: [Sleeper] = []
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    /// A clock starting at the real current instant, so deadlines built from `.now` stay comparable.
    init(start: ContinuousClock.Instant = .now) {
        self.state = Mutex(State(now: start))
    }

    /// The fake current instant.
    var now: ContinuousClock.Instant {
        self.state.withLock { $0.now }
    }

    /// How many tasks are sleeping.
    var sleeperCount: Int {
        self.state.withLock { $0.sleepers.count }
    }

    /// The clock as the client's time source.
    var kubernetesClock: KubernetesClock {
        KubernetesClock(now: { self.now }, sleep: { try await self.sleep(until: $0) })
    }

    /// Moves the clock forward and wakes every sleeper whose instant has come.
    func advance(by duration: Duration) {
        let woken = self.state.withLock { state in
            state.now += duration
            let now = state.now
            let due = state.sleepers.filter { $0.until <= now }
            state.sleepers.removeAll { $0.until <= now }
            return due
        }
        for sleeper in woken {
            sleeper.continuation.resume()
        }
    }

    /// Sleeps until the clock reaches `instant`; throws `CancellationError` when cancelled.
    func sleep(until instant: ContinuousClock.Instant) async throws {
        let id = self.state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let immediate: (any Error)?? = self.state.withLock { state in
                    if Task.isCancelled {
                        return .some(CancellationError())
                    }
                    if instant <= state.now {
                        return .some(nil)
                    }
                    state.sleepers.append(Sleeper(id: id, until: instant, continuation: continuation))
                    return nil
                }
                switch immediate {
                case .some(.some(let error)): continuation.resume(throwing: error)
                case .some(.none): continuation.resume()
                case .none: break
                }
            }
        } onCancel: {
            let removed = self.state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            removed?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Waits (in real time, briefly) until `condition` holds, failing after ten seconds.
    static func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                throw FakeClockTimeout()
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}

/// A condition a test waited for never held.
struct FakeClockTimeout: Error {}

extension Duration {
    /// The duration in seconds.
    var inSeconds: Double {
        let (seconds, attoseconds) = self.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}

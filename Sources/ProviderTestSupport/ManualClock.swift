// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import Coordination
public import Foundation
import Synchronization

/// The test clock: time moves only when the test advances it (or, if asked, when the code under test sleeps).
///
/// Inject ``timeSource`` wherever the code takes a ``TimeSource``. Sleepers wake when the clock passes their
/// instant; with `sleepsAdvance` a sleep instead moves the clock to its end at once and returns, which lets a retry
/// loop run without waiting. Every sleep's length is recorded.
public final class ManualClock: Sendable {
    private struct Sleeper {
        let id: UInt64
        let until: ContinuousClock.Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: ContinuousClock.Instant
        var sleeps: [Duration] = []
        var sleepers: [Sleeper] = []
        var sleeperWaits: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var nextID: UInt64 = 0
    }

    /// The monotonic start time.
    public let startInstant: ContinuousClock.Instant
    /// The wall-clock start time (a fixed date, so tests can build expiry times from it).
    public let startDate = Date(timeIntervalSince1970: 1_790_000_000)
    private let sleepsAdvance: Bool
    private let state: Mutex<State>

    /// A clock at `start` (the real current instant by default, so deadlines built from `.now` stay comparable).
    ///
    /// - Parameters:
    ///   - start: The first instant.
    ///   - sleepsAdvance: Whether a sleep moves the clock to its end at once instead of waiting for ``advance(by:)``.
    public init(start: ContinuousClock.Instant = .now, sleepsAdvance: Bool = false) {
        self.startInstant = start
        self.sleepsAdvance = sleepsAdvance
        self.state = Mutex(State(now: start))
    }

    /// The current instant.
    public var now: ContinuousClock.Instant {
        self.state.withLock { $0.now }
    }

    /// The current wall-clock time: the start date plus the time elapsed.
    public var date: Date {
        let elapsed = self.elapsed
        let (seconds, attoseconds) = elapsed.components
        return self.startDate.addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// The time passed since the start.
    public var elapsed: Duration {
        self.now - self.startInstant
    }

    /// The length of every sleep so far, in order.
    public var sleeps: [Duration] {
        self.state.withLock { $0.sleeps }
    }

    /// How many tasks are sleeping.
    public var sleeperCount: Int {
        self.state.withLock { $0.sleepers.count }
    }

    /// The clock to inject.
    public var timeSource: TimeSource {
        TimeSource(now: { self.now }, date: { self.date }, sleepUntil: { try await self.sleep(until: $0) })
    }

    /// Moves the clock forward and wakes every sleeper whose instant has come.
    public func advance(by duration: Duration) {
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

    /// Returns once at least `count` tasks sleep on this clock (without reading any other clock).
    public func waitForSleepers(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let ready = self.state.withLock { state in
                guard state.sleepers.count < count else { return true }
                state.sleeperWaits.append((count, continuation))
                return false
            }
            if ready {
                continuation.resume()
            }
        }
    }

    /// Sleeps until the clock reaches `instant` (or moves it there, with `sleepsAdvance`).
    ///
    /// - Throws: `CancellationError` when the task is cancelled.
    public func sleep(until instant: ContinuousClock.Instant) async throws {
        try Task.checkCancellation()
        let id = self.state.withLock { state in
            state.sleeps.append(max(.zero, instant - state.now))
            if self.sleepsAdvance {
                state.now = max(state.now, instant)
            }
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                self.park(Sleeper(id: id, until: instant, continuation: continuation))
            }
        } onCancel: {
            let removed = self.state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            removed?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Resumes `sleeper` at once when its instant has come or its task is cancelled, else keeps it until then.
    private func park(_ sleeper: Sleeper) {
        let (immediate, waits) = self.state.withLock { state -> ((any Error)??, [CheckedContinuation<Void, Never>]) in
            if Task.isCancelled {
                return (.some(CancellationError()), [])
            }
            if sleeper.until <= state.now {
                return (.some(nil), [])
            }
            state.sleepers.append(sleeper)
            let count = state.sleepers.count
            let due = state.sleeperWaits.filter { $0.count <= count }.map(\.continuation)
            state.sleeperWaits.removeAll { $0.count <= count }
            return (nil, due)
        }
        for wait in waits {
            wait.resume()
        }
        switch immediate {
        case .some(.some(let error)): sleeper.continuation.resume(throwing: error)
        case .some(.none): sleeper.continuation.resume()
        case .none: break
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Coordination
import NIOCore
import NIOPosix
import SecretProviderClass
import Synchronization

/// Lets each tenant (a namespace) run one CPU-heavy step at a time: validating a class the plan cache does not know,
/// and rendering and writing a large mount's files (``MountPipeline/isHeavy(_:templates:valueBytes:)``).
///
/// These steps are synchronous. Run on Swift's cooperative threads (one per core), two large classes of one tenant
/// mounted at once would hold every thread of a 2-core node, and every other tenant's mounts would wait behind them
/// (measured: another tenant's p99 went from 7 ms to 480 ms). So they run on a thread pool of their own, never on a
/// cooperative thread, at a lower CPU priority (nice 10: the light work of every mount comes first when both want a
/// core), and one tenant runs at most one of them at a time; its other mounts wait here, suspended, in arrival order,
/// and give up when cancelled (the RPC's deadline cancels them). Steps of different tenants never wait for each
/// other's turn, only for a free thread.
final class TenantGate: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        /// The tenants running a step, each with the steps waiting behind it.
        var busy: [ExactText: [Waiter]] = [:]
        var lastID: UInt64 = 0
    }

    private let state = Mutex(State())

    /// The threads heavy steps run on, shared by every gate of the process: one fewer than the cores (at least one),
    /// so a core is left to the light work of every mount (measured on 2 cores: another tenant's p99 under attack
    /// went from 2.2 to 1.7 times its quiet p99).
    private static let threads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(1, System.coreCount - 1))
        pool.start()
        return pool
    }()

    /// The nice value of those threads: below every other thread of the process.
    static let niceness: Int32 = 10

    /// Creates a gate with no tenant running.
    init() {}

    /// Runs `body` on the blocking-work thread pool once no other step of `tenant` runs.
    ///
    /// - Parameter body: The step; it is told whether the caller was cancelled meanwhile (it runs on a thread of its
    ///   own, where `Task.isCancelled` says nothing), and should stop then.
    /// - Throws: `CancellationError` when cancelled while waiting; otherwise what `body` throws.
    func run<Result: Sendable>(
        _ tenant: String,
        _ body: @escaping @Sendable (_ isCancelled: @escaping @Sendable () -> Bool) throws -> Result
    ) async throws -> Result {
        let key = ExactText(tenant)
        try await self.enter(key)
        defer { self.leave(key) }
        let cancelled = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await Self.threads.runIfActive {
                Self.lowerThisThreadsPriority()
                return try body { cancelled.isSet }
            }
        } onCancel: {
            cancelled.set()
        }
    }

    /// Runs `body` on the same threads as ``run(_:_:)`` but without waiting for a tenant's turn: for the work a large
    /// request costs before its tenant is known (reading its attributes).
    func runBeforeTenantIsKnown<Result: Sendable>(
        _ body: @escaping @Sendable () throws -> Result
    ) async throws -> Result {
        try await Self.threads.runIfActive {
            Self.lowerThisThreadsPriority()
            return try body()
        }
    }

    /// Runs `operation` with its jobs on the heavy-step threads instead of the cooperative ones (a task executor
    /// preference): for the whole of a large mount, whose fetch bookkeeping and results over many objects would
    /// otherwise hold the threads every other tenant's mounts share.
    func onHeavyThreads<Result: Sendable>(
        _ operation: @Sendable () async throws -> Result
    ) async throws -> Result {
        try await withTaskExecutorPreference(Self.executor, operation: operation)
    }

    private static let executor = ThreadPoolExecutor(pool: threads)

    /// Gives the calling thread (one of ``threads``) the nice value ``niceness`` and the kernel's default slice.
    fileprivate static func lowerThisThreadsPriority() {
        ThreadScheduling.lowerThisThread(to: Self.niceness)
    }

    /// Waits for `key`'s turn and takes it; ``leave(_:)`` gives it back.
    func enter(_ key: ExactText) async throws {
        let id = self.state.withLock { state -> UInt64? in
            guard state.busy[key] != nil else {
                state.busy[key] = []
                return nil
            }
            state.lastID += 1
            return state.lastID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Decided under the lock: a cancellation after this point finds the waiter and resumes it, and a
                // turn given back since the first look (nobody left to hand it on) is taken here, never lost.
                let queued = self.state.withLock { state -> Result<Bool, CancellationError> in
                    guard !Task.isCancelled else { return .failure(CancellationError()) }
                    guard state.busy[key] != nil else {
                        state.busy[key] = []
                        return .success(false)
                    }
                    state.busy[key]?.append(Waiter(id: id, continuation: continuation))
                    return .success(true)
                }
                switch queued {
                case .failure(let error): continuation.resume(throwing: error)
                case .success(false): continuation.resume()
                case .success(true): break
                }
            }
        } onCancel: {
            let waiter = self.state.withLock { state -> Waiter? in
                guard let index = state.busy[key]?.firstIndex(where: { $0.id == id }) else { return nil }
                return state.busy[key]?.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Hands the tenant's turn to its next waiter, or frees it.
    func leave(_ key: ExactText) {
        let next = self.state.withLock { state -> Waiter? in
            guard var waiters = state.busy[key], !waiters.isEmpty else {
                state.busy[key] = nil
                return nil
            }
            let next = waiters.removeFirst()
            state.busy[key] = waiters
            return next
        }
        next?.continuation.resume()
    }

    /// How many steps of `tenant` wait for its turn; for tests.
    func waiting(_ tenant: String) -> Int {
        self.state.withLock { $0.busy[ExactText(tenant)]?.count ?? 0 }
    }
}

/// Set once, when a task is cancelled: what a step on another thread reads instead of `Task.isCancelled`.
private final class CancellationFlag: Sendable {
    private let value = Atomic<Bool>(false)

    var isSet: Bool {
        self.value.load(ordering: .acquiring)
    }

    func set() {
        self.value.store(true, ordering: .releasing)
    }
}

/// A task executor that runs each job on a thread of `pool`, at the heavy steps' priority.
private final class ThreadPoolExecutor: TaskExecutor {
    let pool: NIOThreadPool

    init(pool: NIOThreadPool) {
        self.pool = pool
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = self.asUnownedTaskExecutor()
        // A job must run even when the pool is shutting down (it never is: the pool lives as long as the process).
        self.pool.submit { _ in
            TenantGate.lowerThisThreadsPriority()
            job.runSynchronously(on: executor)
        }
    }
}

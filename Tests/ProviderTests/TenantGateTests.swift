// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Synchronization
import Testing

@testable import Provider

#if canImport(Glibc)
    import Glibc
#endif

/// One CPU-heavy step per tenant at a time; other tenants never wait; a waiter gives up when cancelled.
@Suite("TenantGate")
struct TenantGateTests {
    /// Yields until `gate` has `count` waiters for `tenant`: it only lets the other tasks run, for a minute at most
    /// (however loaded the machine, not a bound on how long they may take).
    static func waitForWaiters(_ gate: TenantGate, _ tenant: String, count: Int) async {
        await Self.yield(until: { gate.waiting(tenant) == count })
    }

    /// Yields until `condition` holds, for a minute at most.
    static func yield(until condition: () -> Bool) async {
        let end = ContinuousClock.now + .seconds(60)
        while !condition() && ContinuousClock.now < end {
            await Task.yield()
        }
    }

    @Test("a tenant's second step waits for the first; another tenant's step does not wait")
    func oneTurnPerTenant() async throws {
        let gate = TenantGate()
        let ran = Mutex<[String]>([])
        try await gate.enter(ExactText("tenant-a"))
        let second = Task { try await gate.run("tenant-a") { _ in ran.withLock { $0.append("a, second") } } }
        await Self.waitForWaiters(gate, "tenant-a", count: 1)
        #expect(gate.waiting("tenant-a") == 1)
        try await gate.run("tenant-b") { _ in ran.withLock { $0.append("b") } }
        #expect(ran.withLock { $0 } == ["b"])
        gate.leave(ExactText("tenant-a"))
        try await second.value
        #expect(ran.withLock { $0 } == ["b", "a, second"])
        #expect(gate.waiting("tenant-a") == 0)
    }

    @Test("a waiting step that is cancelled gives up without running, and the turn still passes on")
    func cancelledWaiter() async throws {
        let gate = TenantGate()
        try await gate.enter(ExactText("tenant-a"))
        let waiter = Task { try await gate.run("tenant-a") { _ in Issue.record("a cancelled step ran") } }
        await Self.waitForWaiters(gate, "tenant-a", count: 1)
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(gate.waiting("tenant-a") == 0)
        gate.leave(ExactText("tenant-a"))
        #expect(try await gate.run("tenant-a") { _ in 42 } == 42)
    }

    @Test("a turn freed while a step is about to wait is taken by that step, never lost (stress: no step hangs)")
    func noLostTurn() async throws {
        // Before the fix, a step that found the turn taken and then queued itself after the holder had left waited
        // for a turn nobody held any more: the bench saw tenant A's mounts hang until their deadline.
        let gate = TenantGate()
        let finished = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<100_000 {
                        try await gate.enter(ExactText("tenant-a"))
                        gate.leave(ExactText("tenant-a"))
                    }
                    return true
                }
            }
            group.addTask {
                // A watchdog, not a timing assertion: 20,000 empty turns take milliseconds; a lost one never ends.
                try await Task.sleep(for: .seconds(60))
                return false
            }
            var done = 0
            while done < 4, try await group.next() == true {
                done += 1
            }
            group.cancelAll()
            return done == 4
        }
        #expect(finished, "a step never got its turn")
        #expect(gate.waiting("tenant-a") == 0)
    }

    #if os(Linux)
        @Test("a large mount's jobs run on the heavy-step threads, at their lower priority, across suspensions")
        func heavyThreadsExecutor() async throws {
            let gate = TenantGate()
            let niceness = try await gate.onHeavyThreads {
                let before = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
                await Task.yield()
                let inner = try await gate.run("tenant-a") { _ in 1 }
                return [before, getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0), Int32(inner)]
            }
            #expect(niceness == [TenantGate.niceness, TenantGate.niceness, 1])
            #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) != TenantGate.niceness)
        }
    #endif

    @Test("tenants are told apart by exact bytes")
    func exactNames() async throws {
        let gate = TenantGate()
        try await gate.enter(ExactText("caf\u{E9}"))
        #expect(try await gate.run("cafe\u{301}") { _ in true })
        gate.leave(ExactText("caf\u{E9}"))
    }

    @Test("a running step is told when its caller is cancelled, so it can stop")
    func cancelledWhileRunning() async throws {
        let gate = TenantGate()
        let started = Mutex(false)
        let step = Task {
            try await gate.run("tenant-a") { isCancelled in
                started.withLock { $0 = true }
                // Busy until told, for a minute at most; a step that is never told returns false.
                let end = ContinuousClock.now + .seconds(60)
                while !isCancelled() && ContinuousClock.now < end {}
                return isCancelled()
            }
        }
        await Self.yield(until: { started.withLock { $0 } })
        #expect(started.withLock { $0 }, "the step did not start")
        step.cancel()
        #expect(try await step.value)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import Coordination

/// Each check runs on a thread of its own, so the test process's threads keep their scheduling.
@Suite struct ThreadSchedulingTests {
    /// What a thread reads of its own scheduling: its slice and nice value.
    struct Reading: Equatable, Sendable {
        let slice: UInt64?
        let niceness: Int32
    }

    /// Runs `body` on a new thread and returns what it returned.
    static func onNewThread<Result: Sendable>(_ body: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: body()) }
        }
    }

    static func read() -> Reading {
        Reading(slice: ThreadScheduling.currentSlice(), niceness: ThreadScheduling.currentNiceness())
    }

    #if os(Linux)
        @Test("request threads get the short slice, keep their nice value, and pass both to the threads they start")
        func shortSlices() async throws {
            let (own, child) = await Self.onNewThread { () -> (Reading, Reading) in
                ThreadScheduling.requestShortSlices()
                let own = Self.read()
                let semaphore = DispatchSemaphore(value: 0)
                nonisolated(unsafe) var child = Reading(slice: nil, niceness: -100)
                let thread = Thread {
                    child = Self.read()
                    semaphore.signal()
                }
                thread.start()
                semaphore.wait()
                return (own, child)
            }
            let untouched = await Self.onNewThread { Self.read() }
            // Kernels before 6.12 keep no slice per thread and report 0; the nice value is kept either way.
            let slice = untouched.slice == 0 ? 0 : ThreadScheduling.requestSlice
            #expect(own == Reading(slice: slice, niceness: untouched.niceness))
            #expect(child == own)
        }

        @Test("a heavy step's thread gets the lower priority and the default slice")
        func lowered() async throws {
            let untouched = await Self.onNewThread { Self.read() }
            let reading = await Self.onNewThread { () -> Reading in
                ThreadScheduling.requestShortSlices()
                ThreadScheduling.lowerThisThread(to: 10)
                return Self.read()
            }
            #expect(reading == Reading(slice: untouched.slice, niceness: 10))
        }
    #endif
}

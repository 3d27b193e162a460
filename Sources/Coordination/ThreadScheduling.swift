// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import CSystemCalls

#if canImport(Glibc)
    import Glibc
#endif

/// How the kernel schedules the provider's threads: short time slices for the threads that answer requests, a lower
/// priority and the default slice for the threads of CPU-heavy steps.
///
/// On a busy node a thread woken to answer a mount waits for the running thread's slice to end. Each mount wakes
/// several threads in turn (the event loop, a cooperative thread, the event loop again), so those waits add up: on
/// 2 cores with both kept busy by other work, another tenant's p99 doubled although the provider did nothing for the
/// attacker. With a short slice (Linux 6.12 and later; older kernels ignore it) a woken thread runs almost at once.
public enum ThreadScheduling {
    /// The slice of the threads that answer requests: 100 µs, the shortest the kernel accepts.
    public static let requestSlice: UInt64 = 100_000

    /// Gives the calling thread, and every thread it creates from now on, the short ``requestSlice``; keeps its nice
    /// value. Call it first thing in `main`, before any other thread exists. Best effort: on a kernel or platform
    /// without `sched_setattr` nothing changes.
    public static func requestShortSlices() {
        #if os(Linux)
            _ = csc_set_thread_scheduling(Self.currentNiceness(), Self.requestSlice)
        #endif
    }

    /// Gives the calling thread the nice value `niceness` and the kernel's default slice: for the threads of heavy
    /// steps, which should yield to every other thread of the process and not be woken ahead of them.
    public static func lowerThisThread(to niceness: Int32) {
        #if os(Linux)
            if csc_set_thread_scheduling(niceness, 0) != 0 {
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
            }
        #endif
    }

    /// The calling thread's slice in nanoseconds as the kernel reports it (the default slice unless set; 0 on a kernel
    /// without per-thread slices); `nil` where it cannot be read.
    public static func currentSlice() -> UInt64? {
        var slice: UInt64 = 0
        return csc_thread_scheduling_slice(&slice) == 0 ? slice : nil
    }

    /// The calling thread's nice value.
    public static func currentNiceness() -> Int32 {
        #if os(Linux)
            return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        #else
            return 0
        #endif
    }
}

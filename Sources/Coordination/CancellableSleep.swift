// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOPosix

/// A wait that gives back its timer as soon as it is cancelled.
///
/// A workaround of https://github.com/swiftlang/swift/issues/60441 (open): `Task.sleep` on Linux enqueues its wake-up
/// with Dispatch, which cannot take it back, so a sleep cancelled early keeps its job and timer until its original
/// deadline. Seen with Swift 6.3.1 on x86_64 Linux (2026-12): 50,000 sleeps of ten minutes, cancelled at once, kept
/// about 0.8 KB each until their deadline; the same with one-second sleeps kept nothing once that second had passed.
/// Every RPC and every wait for a connection races a sleep to its deadline (about 2 minutes for kubelet's calls) and
/// almost always cancels it, so at a thousand mounts a second that is over 100 MiB held for nothing. This one
/// schedules the wake-up on the process's event loops (the ones the gRPC server and the HTTP clients run on), where
/// cancelling removes it. The AWS and Kubernetes clients' retries and rate limits wait with it too.
///
/// Remove it (and the `Timers` module), sleeping with `Task.sleep` again, once the toolchain frees a cancelled
/// sleep's timer at once (https://github.com/swiftlang/swift/pull/89075 proposes that) and
/// `test_finished_mounts_hold_no_memory_until_their_deadline` (Tests/e2e/test_load.py) passes with `Task.sleep`.
package enum CancellableSleep {
    /// Returns at `deadline`, or throws `CancellationError` as soon as the task is cancelled.
    package static func sleep(until deadline: ContinuousClock.Instant) async throws {
        try Task.checkCancellation()
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return }
        let (seconds, attoseconds) = remaining.components
        let wholeSeconds = min(seconds, Int64.max / 1_000_000_000 - 1)  // about 292 years at most
        let amount = TimeAmount.nanoseconds(wholeSeconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        let wakeUp = MultiThreadedEventLoopGroup.singleton.next().scheduleTask(in: amount) {}
        try await withTaskCancellationHandler {
            do {
                try await wakeUp.futureResult.get()
            } catch {
                throw CancellationError()
            }
        } onCancel: {
            wakeUp.cancel()
        }
    }

    /// Waits for `duration`, or throws `CancellationError` as soon as the task is cancelled.
    package static func sleep(for duration: Duration) async throws {
        try await self.sleep(until: ContinuousClock.now + duration)
    }
}

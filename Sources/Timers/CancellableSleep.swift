// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOPosix

/// A wait that gives back its timer as soon as it is cancelled.
///
/// `Task.sleep` on Linux enqueues its wake-up with Dispatch, which cannot take it back: a sleep cancelled early keeps
/// about a kilobyte until its original deadline. Every RPC and every wait for a connection races a sleep to its
/// deadline (about 2 minutes for kubelet's calls) and almost always cancels it, so at a thousand mounts a second that
/// is over 100 MiB held for nothing. This one schedules the wake-up on the process's event loops (the ones the gRPC
/// server and the HTTP clients run on), where cancelling removes it. The AWS and Kubernetes clients' retries and
/// rate limits wait with it too.
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

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Timers

/// The time source of the Kubernetes client, injectable so that the rate limiter, retries and token-file caching can
/// be tested without waiting.
package struct KubernetesClock: Sendable {
    /// The monotonic time that deadlines are measured on.
    package var now: @Sendable () -> ContinuousClock.Instant
    /// Waits until an instant; throws `CancellationError` when the task is cancelled.
    package var sleep: @Sendable (ContinuousClock.Instant) async throws -> Void

    /// Creates a clock from its two functions.
    ///
    /// - Parameters:
    ///   - now: The monotonic time.
    ///   - sleep: A wait until an instant that honours task cancellation.
    package init(
        now: @escaping @Sendable () -> ContinuousClock.Instant,
        sleep: @escaping @Sendable (ContinuousClock.Instant) async throws -> Void
    ) {
        self.now = now
        self.sleep = sleep
    }

    /// The real clock: `ContinuousClock` and a sleep that releases its timer when cancelled.
    package static let system = KubernetesClock(
        now: { ContinuousClock.now },
        sleep: { instant in try await CancellableSleep.sleep(until: instant) }
    )
}

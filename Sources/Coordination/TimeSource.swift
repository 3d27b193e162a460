// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The one clock of the process, injected wherever time is read or waited for: the AWS and Kubernetes clients
/// (signing dates, deadlines, backoff, rate limits, token files), the caches (lifetimes, expiry) and the mount
/// pipeline (freshness, token expiry). Tests inject a clock they move by hand.
public struct TimeSource: Sendable {
    /// The monotonic time that deadlines and lifetimes are measured on.
    public var now: @Sendable () -> ContinuousClock.Instant
    /// The wall-clock time, for signing and for credential expiry.
    public var date: @Sendable () -> Date
    /// Waits until an instant of ``now``; throws `CancellationError` as soon as the task is cancelled.
    public var sleepUntil: @Sendable (ContinuousClock.Instant) async throws -> Void

    /// Creates a clock from its three functions.
    ///
    /// - Parameters:
    ///   - now: The monotonic time.
    ///   - date: The wall-clock time.
    ///   - sleepUntil: A wait until an instant that honours task cancellation.
    public init(
        now: @escaping @Sendable () -> ContinuousClock.Instant,
        date: @escaping @Sendable () -> Date,
        sleepUntil: @escaping @Sendable (ContinuousClock.Instant) async throws -> Void
    ) {
        self.now = now
        self.date = date
        self.sleepUntil = sleepUntil
    }

    /// The real clocks: `ContinuousClock`, `Date()` and a sleep that releases its timer when cancelled.
    public static let system = TimeSource(
        now: { ContinuousClock.now },
        date: { Date() },
        sleepUntil: { instant in try await CancellableSleep.sleep(until: instant) }
    )

    /// Waits until `instant`; throws `CancellationError` as soon as the task is cancelled.
    public func sleep(until instant: ContinuousClock.Instant) async throws {
        try await self.sleepUntil(instant)
    }

    /// Waits for `duration` from now; throws `CancellationError` as soon as the task is cancelled.
    public func sleep(for duration: Duration) async throws {
        try await self.sleepUntil(self.now() + duration)
    }
}

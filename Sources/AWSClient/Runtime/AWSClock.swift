// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Timers

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The time sources of the AWS clients, injectable so that signing dates, deadlines, backoff and credential expiry
/// can be tested without waiting.
public struct AWSClock: Sendable {
    /// The monotonic time that deadlines are measured on.
    public var now: @Sendable () -> ContinuousClock.Instant
    /// The wall-clock time, for signing and for credential expiry.
    public var date: @Sendable () -> Date
    /// Waits for a duration; throws `CancellationError` when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void

    /// Creates a clock from its three functions.
    ///
    /// - Parameters:
    ///   - now: The monotonic time.
    ///   - date: The wall-clock time.
    ///   - sleep: A wait that honours task cancellation.
    public init(
        now: @escaping @Sendable () -> ContinuousClock.Instant,
        date: @escaping @Sendable () -> Date,
        sleep: @escaping @Sendable (Duration) async throws -> Void
    ) {
        self.now = now
        self.date = date
        self.sleep = sleep
    }

    /// The real clocks: `ContinuousClock`, `Date()` and a sleep that releases its timer when cancelled.
    public static let system = AWSClock(
        now: { ContinuousClock.now },
        date: { Date() },
        sleep: { duration in try await CancellableSleep.sleep(for: duration) }
    )
}

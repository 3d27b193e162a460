// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Logging
import ServiceLifecycle

/// Runs a piece of work again and again, each run about one interval after the previous one ended (with up to
/// `jitter` of it either way, so nodes started together do not call AWS in step), until graceful shutdown.
///
/// The reconciler's passes and the cache's sweeps run this way. A run cut short by shutdown writes nothing half-way:
/// a pass's fetches are cancelled before any file is replaced.
struct PeriodicService: Service {
    /// What runs, for the start-up log line.
    let name: String
    /// The time between runs; zero runs nothing.
    let interval: Duration
    /// The largest share of the interval added or taken away at random.
    let jitter: Double
    /// One run.
    let work: @Sendable () async -> Void
    let logger: Logger

    func run() async throws {
        guard self.interval > .zero else {
            try? await gracefulShutdown()
            return
        }
        self.logger.info("Started \(self.name)", metadata: ["interval": "\(self.interval)"])
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: Self.jittered(self.interval, by: self.jitter))
                await self.work()
            }
        }
    }

    /// `interval` changed by a random amount of at most `jitter` of it.
    static func jittered(_ interval: Duration, by jitter: Double) -> Duration {
        jitter > 0 ? interval * Double.random(in: (1 - jitter)...(1 + jitter)) : interval
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Logging
import Provider
import ServiceLifecycle

/// Runs the reconciler's passes one after another, each about one interval after the previous one ended (with up
/// to 10 % of jitter either way, so nodes started together do not call AWS in step), until graceful shutdown.
///
/// A pass cut short by shutdown writes nothing half-way: its fetches are cancelled before any file is replaced.
struct ReconcileService: Service {
    let reconciler: Reconciler
    let logger: Logger

    func run() async throws {
        let interval = self.reconciler.configuration.interval
        guard interval > .zero else {
            try? await gracefulShutdown()
            return
        }
        self.logger.info("Reconciling mounted secrets", metadata: ["interval": "\(interval)"])
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: Self.jittered(interval))
                await self.reconciler.reconcileAll()
            }
        }
    }

    /// `interval` changed by a random amount of at most 10 %.
    static func jittered(_ interval: Duration) -> Duration {
        interval * Double.random(in: 0.9...1.1)
    }
}

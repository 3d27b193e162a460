// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Coordination
import Logging
import PodVolume

/// Brings rotated secrets to running pods without waiting for the driver: on each pass it re-checks every
/// registered mount's objects and rewrites the files that changed, all or nothing, as a `Mount` does.
///
/// One change check per (identity, object) per pass however many pods mount it: every mount of a pass asks the
/// cache for values fetched since the pass began, so the first one fetches and the rest share it. A mount whose
/// target directory is gone, or is no longer the directory (device, inode, tmpfs) its `Mount` wrote, is forgotten
/// and never written again: when the driver unmounts a volume's tmpfs and keeps the directory, a secret must not
/// land on the node's disk. One whose service account token has expired waits for the next `Mount` (said once).
/// Passes never overlap: the caller runs them one after another.
public struct Reconciler: Sendable {
    /// How often and how widely it works.
    public struct Configuration: Sendable {
        /// The time between passes; zero turns reconciliation off.
        public var interval: Duration
        /// The most mounts reconciled at once.
        public var maximumConcurrentMounts: Int
        /// The deadline of one mount's reconciliation.
        public var timeout: Duration

        /// Creates a configuration.
        public init(interval: Duration, maximumConcurrentMounts: Int = 4, timeout: Duration = .seconds(30)) {
            self.interval = interval
            self.maximumConcurrentMounts = maximumConcurrentMounts
            self.timeout = timeout
        }
    }

    /// How often and how widely it works.
    public let configuration: Configuration
    let pipeline: MountPipeline
    let logger: Logger

    private var registry: MountRegistry {
        self.pipeline.registry
    }

    /// One pass over every registered mount.
    public func reconcileAll() async {
        _ = await self.pass()
    }

    /// One pass; the outcome of each target.
    func pass() async -> [String: ProviderMetrics.ReconcileOutcome] {
        let started = self.pipeline.clock.now()
        let registrations = self.registry.registrations()
        let outcomes = await concurrentMap(registrations, limit: self.configuration.maximumConcurrentMounts) {
            registration in
            (registration.context.target, await self.reconcile(registration, passStarted: started))
        }
        self.pipeline.metrics.registeredMounts(self.registry.count)
        return Dictionary(outcomes) { first, _ in first }
    }

    private func reconcile(
        _ registration: MountRegistry.Registration,
        passStarted: ContinuousClock.Instant
    ) async -> ProviderMetrics.ReconcileOutcome {
        let context = registration.context
        var logger = self.logger
        logger[metadataKey: "pod"] = "\(context.pod)"
        logger[metadataKey: "target"] = "\(context.target)"
        let outcome = await self.outcome(registration, passStarted: passStarted, logger: logger)
        self.pipeline.metrics.reconciled(outcome)
        return outcome
    }

    private func outcome(
        _ registration: MountRegistry.Registration,
        passStarted: ContinuousClock.Instant,
        logger: Logger
    ) async -> ProviderMetrics.ReconcileOutcome {
        let context = registration.context
        let identity: TargetIdentity
        do {
            identity = try self.pipeline.volume.checkTarget(context.target)
        } catch {
            return self.forget(registration, reason: error.message, logger: logger)
        }
        guard identity == context.targetIdentity else {
            return self.forget(
                registration,
                reason: "the target is no longer the volume the Mount wrote (then \(context.targetIdentity), now "
                    + "\(identity)): it was unmounted or replaced",
                logger: logger
            )
        }
        if let expiry = context.tokenExpiry, self.pipeline.clock.now() >= expiry {
            let isNew = self.registry.update(registration) { registration in
                defer { registration.expired = true }
                return !registration.expired
            }
            if isNew == true {
                self.pipeline.metrics.reconcilePaused()
                logger.warning(
                    """
                    Reconciliation of this mount stopped: the service account token of its last Mount has expired; \
                    the driver's next Mount resumes it
                    """
                )
            }
            return .expired
        }
        do {
            let result = try await self.pipeline.run(
                context,
                mountedVersions: registration.versions,
                freshAfter: passStarted,
                deadline: .now + self.configuration.timeout,
                logger: logger,
                delivery: .reconcile(registration)
            )
            self.registry.update(registration) { registration in
                registration.versions = Dictionary(result.versions.map { ($0.id, $0.version) }) { _, last in last }
                registration.lastFailure = nil
            }
            if result.repaired > 0 {
                logger.notice(
                    "Repaired the volume's links to its current files (a provider was killed while writing)",
                    metadata: ["entries": "\(result.repaired)"]
                )
            }
            guard !result.written.isEmpty else { return .unchanged }
            self.pipeline.metrics.reconcileWrote(files: result.written.count)
            logger.info(
                "Rotated files",
                metadata: ["files": "\(result.written.sorted().joined(separator: ","))"]
            )
            return .changed
        } catch let error as ProviderError where (error.cause as? VolumeError)?.code == .targetChanged {
            return self.forget(registration, reason: error.message, logger: logger)
        } catch {
            let message = (error as? ProviderError)?.message ?? "\(error)"
            let isNew = self.registry.update(registration) { registration in
                defer { registration.lastFailure = message }
                return registration.lastFailure != message
            }
            if isNew == true {
                logger.warning(
                    "Reconciliation failed; the files stay as they were",
                    metadata: ["error": "\(message)"]
                )
            }
            return .failed
        }
    }

    /// Forgets `registration`: its target is gone or is not the volume its `Mount` wrote, so nothing is written.
    private func forget(
        _ registration: MountRegistry.Registration,
        reason: String,
        logger: Logger
    ) -> ProviderMetrics.ReconcileOutcome {
        self.registry.forget(registration)
        logger.info(
            "Mount forgotten: its target is gone or no longer the pod's volume",
            metadata: ["reason": "\(reason)"]
        )
        return .forgotten
    }
}

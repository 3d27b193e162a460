// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import CoreMetrics

/// The provider's own metrics (cache, reconciliation, Secrets Manager batching), all made by one factory: the
/// process-wide one in production, a test factory in tests.
public struct ProviderMetrics: Sendable {
    /// How a cache lookup was answered.
    enum CacheResult: String {
        /// From memory.
        case hit
        /// By joining a fetch another mount had already started.
        case shared
        /// By a new fetch.
        case miss
    }

    /// What one reconciliation of one mount did.
    enum ReconcileOutcome: String {
        /// Every file was already current.
        case unchanged
        /// At least one file was rewritten.
        case changed
        /// A fetch, render or write failed; the files stayed as they were.
        case failed
        /// The mount's service account token has expired; it waits for the next Mount.
        case expired
        /// The target directory is gone; the mount was forgotten.
        case forgotten
    }

    private let factory: any MetricsFactory

    /// Creates the metrics on `factory`.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    func cacheLookup(_ result: CacheResult) {
        self.counter("secrets_provider_cache_lookups_total", [("result", result.rawValue)]).increment()
    }

    func cacheSize(entries: Int, bytes: Int) {
        Gauge(label: "secrets_provider_cache_entries", factory: self.factory).record(entries)
        Gauge(label: "secrets_provider_cache_bytes", factory: self.factory).record(bytes)
    }

    func reconciled(_ outcome: ReconcileOutcome) {
        self.counter("secrets_provider_reconciles_total", [("outcome", outcome.rawValue)]).increment()
    }

    func reconcileWrote(files: Int) {
        self.counter("secrets_provider_reconcile_files_written_total").increment(by: files)
    }

    func registeredMounts(_ count: Int) {
        Gauge(label: "secrets_provider_reconcile_mounts", factory: self.factory).record(count)
    }

    func reconcilePaused() {
        self.counter("secrets_provider_reconcile_paused_total").increment()
    }

    func batchFallback() {
        self.counter("secrets_provider_batch_fallbacks_total").increment()
    }

    private func counter(_ label: String, _ dimensions: [(String, String)] = []) -> Counter {
        Counter(label: label, dimensions: dimensions, factory: self.factory)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import Prometheus
public import Provider

/// What the provider's services are built from; the executable's composition root (`ProviderGraph`) builds it from
/// the live seams, or from fakes in its test.
public struct ProviderDependencies: Sendable {
    /// Serves `Mount` requests.
    public var mountHandler: any MountHandling

    /// Keeps registered mounts current between `Mount` calls; nil when there is nothing to reconcile.
    public var reconciler: Reconciler?

    /// Drops expired cached values on a timer, in every mode; nil when there is no cache.
    public var cacheSweep: CacheSweep?

    /// Where the process's metrics are collected (the factory the executable bootstrapped); nil serves no
    /// `/metrics`.
    public var metricsRegistry: PrometheusCollectorRegistry?

    /// Closes the dependencies' connections; called once, after the gRPC server has stopped.
    public var close: @Sendable () async -> Void

    /// Removes what an earlier, killed provider left in the pods' volumes; run once at start-up, returns how many
    /// files it removed.
    public var removeStaleTemporaries: @Sendable () -> Int

    /// Creates the dependencies.
    public init(
        mountHandler: any MountHandling,
        reconciler: Reconciler? = nil,
        cacheSweep: CacheSweep? = nil,
        removeStaleTemporaries: @escaping @Sendable () -> Int = { 0 },
        close: @escaping @Sendable () async -> Void = {}
    ) {
        self.mountHandler = mountHandler
        self.reconciler = reconciler
        self.cacheSweep = cacheSweep
        self.removeStaleTemporaries = removeStaleTemporaries
        self.close = close
    }
}

/// Drops expired cached values: what runs on a timer and how often.
public struct CacheSweep: Sendable {
    /// The time between sweeps.
    public var interval: Duration
    /// One sweep.
    public var run: @Sendable () async -> Void

    /// Creates a sweep.
    public init(interval: Duration, run: @escaping @Sendable () async -> Void) {
        self.interval = interval
        self.run = run
    }
}

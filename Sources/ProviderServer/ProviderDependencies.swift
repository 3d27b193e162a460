// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Kubernetes
public import Logging
import PodVolume
public import Prometheus
public import Provider

/// What the provider's services are built from; tests build it from fakes.
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

    /// The production dependencies: one AWS HTTP pool, one Kubernetes client, the caches and the volume writer.
    ///
    /// Without a usable Kubernetes configuration the provider still starts (a warning is logged): mounts that need
    /// no Kubernetes lookup work, the others fail with the configuration problem.
    /// - Throws: ``ServerError`` when the AWS configuration (endpoints, CA bundle) is invalid.
    public static func live(configuration: ProviderConfiguration, logger: Logger) throws(ServerError) -> Self {
        let version = configuration.eksAddonVersion ?? ProviderInfo.version
        let userAgent = "\(ProviderInfo.runtimeName)-\(version)"
        let transport: HTTPClientTransport
        let runtime: AWSClientRuntime
        do {
            let awsConfiguration = try AWSClientConfiguration(
                environment: configuration.environment,
                userAgent: userAgent
            )
            transport = try HTTPClientTransport(configuration: awsConfiguration)
            runtime = AWSClientRuntime(configuration: awsConfiguration, transport: transport)
        } catch {
            throw ServerError(code: .invalidConfiguration, message: "AWS configuration: \(error.message)")
        }
        var podIdentity = PodIdentityCredentialProvider.Configuration()
        podIdentity.ipv4Endpoint = configuration.podIdentityEndpoint
        podIdentity.ipv6Endpoint = configuration.podIdentityEndpointIPv6
        if let timeout = configuration.podIdentityHTTPTimeout {
            podIdentity.timeout = timeout
        }
        let factory = LiveAWSServiceFactory(runtime: runtime, podIdentity: podIdentity, logger: logger)
        let kubernetes = Self.kubernetes(configuration, userAgent: userAgent, logger: logger)
        let writer = VolumeWriter(
            targetPathRoot: configuration.targetPathRoot,
            requiresMemoryFileSystem: !configuration.driverWritesSecrets && !configuration.allowNonTmpfsTargets
        )
        let service = MountService(
            configuration: MountServiceConfiguration(
                driverWritesSecrets: configuration.driverWritesSecrets,
                region: configuration.environment["AWS_REGION"],
                cacheTTL: configuration.cacheTTL,
                cacheMaximumBytes: configuration.cacheMaximumBytes,
                cacheMaximumEntries: configuration.cacheMaximumEntries,
                planLimits: configuration.planLimits,
                renderLimits: configuration.renderLimits
            ),
            kubernetes: KubernetesLookups(kubernetes: kubernetes.api, nodeName: configuration.nodeName),
            credentials: CredentialCache(factory: factory),
            factory: factory,
            volume: writer
        )
        // The driver writes the files in driver-writes mode, so there is nothing for the provider to reconcile.
        let reconciler =
            configuration.driverWritesSecrets || configuration.reconcileInterval == .zero
            ? nil
            : service.reconciler(Reconciler.Configuration(interval: configuration.reconcileInterval), logger: logger)
        // In driver-writes mode the provider writes into no volume, so it has left nothing there.
        let writesVolumes = !configuration.driverWritesSecrets
        let sweep: @Sendable () -> Int = { writesVolumes ? writer.removeStaleTemporariesFromPodVolumes() : 0 }
        let cacheSweep = CacheSweep(interval: service.cacheSweepInterval) { service.sweepCache() }
        return Self(
            mountHandler: service,
            reconciler: reconciler,
            cacheSweep: cacheSweep,
            removeStaleTemporaries: sweep
        ) {
            try? await transport.shutdown()
            try? await kubernetes.client?.shutdown()
        }
    }

    private static func kubernetes(
        _ configuration: ProviderConfiguration,
        userAgent: String,
        logger: Logger
    ) -> (api: any KubernetesAPI, client: KubernetesClient?) {
        do {
            let kubernetesConfiguration = try KubernetesClientConfiguration.resolve(
                kubeconfigFlag: configuration.kubeconfig,
                environment: configuration.environment
            )
            let client = try KubernetesClient(
                configuration: kubernetesConfiguration,
                qps: Double(configuration.kubernetesQPS),
                burst: configuration.kubernetesBurst,
                userAgent: userAgent,
                logger: logger
            )
            logger.info("Kubernetes API", metadata: ["kubernetes.server": "\(kubernetesConfiguration.server)"])
            return (client, client)
        } catch {
            logger.warning(
                "No usable Kubernetes configuration; mounts that need the Kubernetes API will fail",
                metadata: ["error": "\(error.message)"]
            )
            return (UnconfiguredKubernetes(error: error), nil)
        }
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

/// Answers every lookup with the configuration problem found at start-up.
private struct UnconfiguredKubernetes: KubernetesAPI {
    let error: KubernetesError

    func serviceAccount(namespace: String, name: String, deadline: ContinuousClock.Instant) async throws
        -> KubernetesObjectMetadata
    {
        throw self.error
    }

    func pod(namespace: String, name: String, deadline: ContinuousClock.Instant) async throws -> KubernetesPod {
        throw self.error
    }

    func node(name: String, deadline: ContinuousClock.Instant) async throws -> KubernetesObjectMetadata {
        throw self.error
    }
}

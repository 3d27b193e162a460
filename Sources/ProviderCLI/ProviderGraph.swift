// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Logging
import PodVolume
import Prometheus
import Provider
import ProviderServer
import ServiceLifecycle

/// The composition root: builds the whole process, from its network seams to the gRPC socket, in one place.
///
/// `serve` passes the live seams, and the test of this root passes fakes through the same function, so the graph a
/// test runs is the graph production runs:
///
/// ```swift
/// let group = try ProviderGraph.makeServiceGroup(
///     configuration: configuration,
///     seams: .live(configuration: configuration, logger: logger),
///     metricsRegistry: registry,
///     logger: logger
/// )
/// try await group.run()
/// ```
enum ProviderGraph {
    /// The service group of the provider: the gRPC server on its socket, the reconciler, the cache sweep, the
    /// start-up sweep of stale temporary files and the health and metrics endpoints, over `seams`.
    ///
    /// - Parameters:
    ///   - configuration: The process configuration, validated here.
    ///   - seams: The AWS transport and the Kubernetes API, and how to close them.
    ///   - metricsRegistry: Where the process's metrics are collected; nil serves no `/metrics`.
    ///   - logger: The process logger.
    /// - Throws: ``ServerError`` when the configuration is invalid.
    static func makeServiceGroup(
        configuration: ProviderConfiguration,
        seams: ProviderSeams,
        metricsRegistry: PrometheusCollectorRegistry?,
        logger: Logger
    ) throws(ServerError) -> ServiceGroup {
        var dependencies = try Self.dependencies(configuration: configuration, seams: seams, logger: logger)
        dependencies.metricsRegistry = metricsRegistry
        return try ProviderApplication.makeServiceGroup(
            configuration: configuration,
            dependencies: dependencies,
            logger: logger
        )
    }

    /// The mount service and what runs beside it: one AWS runtime on the seam's transport, the credential cache,
    /// the Kubernetes lookups, the volume writer, the reconciler and the sweeps.
    private static func dependencies(
        configuration: ProviderConfiguration,
        seams: ProviderSeams,
        logger: Logger
    ) throws(ServerError) -> ProviderDependencies {
        let runtime = AWSClientRuntime(
            configuration: try Self.awsConfiguration(configuration),
            transport: seams.awsTransport
        )
        var podIdentity = PodIdentityCredentialProvider.Configuration()
        podIdentity.ipv4Endpoint = configuration.podIdentityEndpoint
        podIdentity.ipv6Endpoint = configuration.podIdentityEndpointIPv6
        if let timeout = configuration.podIdentityHTTPTimeout {
            podIdentity.timeout = timeout
        }
        let factory = LiveAWSServiceFactory(runtime: runtime, podIdentity: podIdentity, logger: logger)
        let writer = VolumeWriter(
            targetPathRoot: configuration.targetPathRoot,
            requiresMemoryFileSystem: !configuration.driverWritesSecrets && !configuration.allowNonTmpfsTargets,
            layout: configuration.volumeLayout
        )
        let service = MountService(
            configuration: MountServiceConfiguration(
                driverWritesSecrets: configuration.driverWritesSecrets,
                region: configuration.environment["AWS_REGION"],
                cacheTTL: configuration.cacheTTL,
                cacheMaximumBytes: configuration.cacheMaximumBytes,
                cacheMaximumEntries: configuration.cacheMaximumEntries,
                planLimits: configuration.planLimits,
                renderLimits: configuration.renderLimits,
                maximumWildcardMatches: configuration.maximumWildcardMatches
            ),
            kubernetes: KubernetesLookups(kubernetes: seams.kubernetes, nodeName: configuration.nodeName),
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
        let sweep: @Sendable () -> Int = { writesVolumes ? writer.sweepPodVolumes() : 0 }
        return ProviderDependencies(
            mountHandler: service,
            reconciler: reconciler,
            cacheSweep: CacheSweep(interval: service.cacheSweepInterval) { service.sweepCache() },
            removeStaleTemporaries: sweep,
            close: seams.close
        )
    }

    /// The AWS endpoints, FIPS setting, CA bundle and User-Agent the configuration's environment gives.
    ///
    /// - Throws: ``ServerError`` when an AWS variable of the environment is invalid.
    static func awsConfiguration(_ configuration: ProviderConfiguration) throws(ServerError) -> AWSClientConfiguration {
        do {
            return try AWSClientConfiguration(
                environment: configuration.environment,
                userAgent: Self.userAgent(configuration)
            )
        } catch {
            throw .awsConfiguration(error)
        }
    }

    /// The User-Agent of every AWS and Kubernetes request: the runtime name and the EKS add-on version, else ours.
    static func userAgent(_ configuration: ProviderConfiguration) -> String {
        "\(ProviderInfo.runtimeName)-\(configuration.eksAddonVersion ?? ProviderInfo.version)"
    }
}

extension ServerError {
    /// The AWS configuration (an endpoint, FIPS or CA bundle variable) is invalid.
    static func awsConfiguration(_ error: AWSError) -> Self {
        ServerError(code: .invalidConfiguration, message: "AWS configuration: \(error.message)")
    }
}

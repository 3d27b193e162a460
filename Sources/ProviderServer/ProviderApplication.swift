// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import Logging
import Provider
public import ServiceLifecycle
import UnixSignals

/// Assembles the process's long-running services (the gRPC server, the reconciler's and the cache's timers, the
/// health and metrics endpoints) from a configuration and the dependencies that the executable's composition root
/// (`ProviderGraph` in `ProviderCLI`) built.
///
/// ```swift
/// let group = try ProviderApplication.makeServiceGroup(
///     configuration: configuration,
///     dependencies: ProviderDependencies(mountHandler: service, reconciler: reconciler),
///     logger: logger
/// )
/// try await group.run()
/// ```
public enum ProviderApplication {
    /// Validates the configuration and assembles every long-running service under one service group that stops
    /// gracefully on SIGTERM and SIGINT.
    ///
    /// - Throws: ``ServerError`` when the configuration is invalid.
    public static func makeServiceGroup(
        configuration: ProviderConfiguration,
        dependencies: ProviderDependencies,
        logger: Logger
    ) throws(ServerError) -> ServiceGroup {
        try configuration.validate()
        let closer = DependencyCloser(close: dependencies.close)
        let grpcService = ProviderGRPCService(
            socketPath: configuration.socketPath,
            mountHandler: dependencies.mountHandler,
            logger: logger
        )
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: closer),
            .init(service: StartupSweep(removeStaleTemporaries: dependencies.removeStaleTemporaries, logger: logger)),
        ]
        if let reconciler = dependencies.reconciler {
            let pass = PeriodicService(
                name: "reconciling mounted secrets",
                interval: reconciler.configuration.interval,
                jitter: 0.1,
                work: { await reconciler.reconcileAll() },
                logger: logger
            )
            services.append(.init(service: pass))
        }
        if let sweep = dependencies.cacheSweep {
            let service = PeriodicService(
                name: "sweeping expired cached values",
                interval: sweep.interval,
                jitter: 0,
                work: sweep.run,
                logger: logger
            )
            services.append(.init(service: service))
        }
        for server in OperationsEndpoints.servers(
            configuration: configuration,
            registry: dependencies.metricsRegistry,
            logger: logger
        ) {
            services.append(.init(service: server))
        }
        services.append(.init(service: grpcService))
        var groupConfiguration = ServiceGroupConfiguration(
            // Services stop in reverse order: the gRPC server drains first, then the health and metrics endpoints,
            // the cache sweep and the reconciler stop, then the connections close.
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownGracePeriod
        return ServiceGroup(configuration: groupConfiguration)
    }
}

/// Waits for graceful shutdown, then closes the dependencies' connections.
private struct DependencyCloser: Service {
    let close: @Sendable () async -> Void

    func run() async throws {
        try? await gracefulShutdown()
        await self.close()
    }
}

/// Once, at start-up and beside the first requests: finishes what a killed provider left in the pods' volumes
/// (temporary files, unfinished generations, links to mend; a pod that is not written to again would keep them),
/// then waits for graceful shutdown.
private struct StartupSweep: Service {
    let removeStaleTemporaries: @Sendable () -> Int
    let logger: Logger

    func run() async throws {
        let removed = self.removeStaleTemporaries()
        if removed > 0 {
            self.logger.notice(
                "Tidied pods' volumes a provider killed while writing left unfinished",
                metadata: ["entries": "\(removed)"]
            )
        }
        try? await gracefulShutdown()
    }
}

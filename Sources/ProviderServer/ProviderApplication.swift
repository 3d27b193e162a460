// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import Logging
public import Provider
public import ServiceLifecycle
import UnixSignals

/// The I/O seams of the provider; tests build the application with fakes.
public struct ProviderDependencies: Sendable {
    /// Serves `Mount` requests.
    public var mountHandler: any MountHandling

    /// Creates the dependencies.
    public init(mountHandler: any MountHandling) {
        self.mountHandler = mountHandler
    }

    /// The production dependencies for a configuration.
    public static var live: Self {
        Self(mountHandler: MountService())
    }
}

/// The composition root: builds the whole process from a configuration and its dependencies.
///
/// ```swift
/// let group = try ProviderApplication.makeServiceGroup(
///     configuration: configuration,
///     dependencies: .live,
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
        let grpcService = ProviderGRPCService(
            socketPath: configuration.socketPath,
            mountHandler: dependencies.mountHandler,
            logger: logger
        )
        var groupConfiguration = ServiceGroupConfiguration(
            services: [.init(service: grpcService)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownGracePeriod
        return ServiceGroup(configuration: groupConfiguration)
    }
}

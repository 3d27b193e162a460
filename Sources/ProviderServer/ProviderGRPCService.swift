// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import GRPCCore
import GRPCNIOTransportHTTP2
public import Logging
public import Provider
public import ServiceLifecycle

/// Serves the provider API (and the standard gRPC health service) on `<provider-volume>/aws.sock` until graceful
/// shutdown, then removes the socket.
///
/// On graceful shutdown (SIGTERM) the server stops accepting connections and lets in-flight RPCs finish; the
/// service group cancels them after the grace period.
public struct ProviderGRPCService: Service {
    private let socketPath: String
    private let mountHandler: any MountHandling
    private let logger: Logger

    /// Creates the service.
    ///
    /// - Parameters:
    ///   - socketPath: Where to listen.
    ///   - mountHandler: Serves `Mount` requests.
    ///   - logger: The process logger.
    public init(socketPath: String, mountHandler: any MountHandling, logger: Logger) {
        self.socketPath = socketPath
        self.mountHandler = mountHandler
        self.logger = logger
    }

    /// Binds the socket and serves until graceful shutdown.
    ///
    /// - Throws: ``ServerError`` when the socket cannot be bound, or the transport's error.
    public func run() async throws {
        let socket = try ProviderSocket.bindAndListen(at: self.socketPath)
        defer { socket.remove() }
        let draining = DrainingState()
        let provider = CSIDriverProviderService(
            mountHandler: self.mountHandler,
            draining: draining,
            logger: self.logger
        )
        let server = GRPCServer(
            transport: DeadlineTransport(
                .http2NIOPosix(
                    listeningSocketDescriptor: Int(socket.descriptor),
                    transportSecurity: .plaintext,
                    config: Self.transportConfiguration
                )
            ),
            services: [provider, HealthService(draining: draining)],
            interceptors: [
                RequestLoggingInterceptor(
                    logger: self.logger,
                    loggedByService: CSIDriverProviderService.methodsLoggingThemselves
                )
            ]
        )
        self.logger.info("Listening", metadata: ["socket.path": "\(self.socketPath)"])
        try await withGracefulShutdownHandler {
            try await server.serve()
        } onGracefulShutdown: {
            self.logger.info("Shutting down: finishing in-flight requests")
            draining.beginDraining()
            server.beginGracefulShutdown()
        }
        self.logger.info("Stopped", metadata: ["socket.path": "\(self.socketPath)"])
    }

    /// The most Mounts one connection may carry at once, announced to the client. When many pods start together
    /// (a node coming back), the driver sends a Mount per volume over one connection; a client that opens more
    /// streams than the server allows before it has read the server's settings gets the connection closed with a
    /// protocol error, failing every Mount on it.
    static let maximumConcurrentStreams = 4096

    private static var transportConfiguration: HTTP2ServerTransport.Posix.Config {
        var config = HTTP2ServerTransport.Posix.Config.defaults
        config.http2.maxConcurrentStreams = Self.maximumConcurrentStreams
        return config
    }
}

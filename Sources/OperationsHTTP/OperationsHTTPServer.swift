// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
public import ServiceLifecycle

/// The answer to one operations request.
public struct HTTPReply: Sendable {
    /// The status code.
    public var status: Int
    /// The `Content-Type`.
    public var contentType: String
    /// The body.
    public var body: [UInt8]

    /// Creates a reply.
    public init(status: Int, contentType: String = "text/plain; charset=utf-8", body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// A plain-text reply.
    public static func text(_ status: Int, _ text: String) -> Self {
        Self(status: status, body: Array(text.utf8))
    }
}

/// A small HTTP/1.1 server for the operations endpoints (health, readiness, metrics): `GET` or `HEAD` of a known
/// path runs its handler; anything else is 404 or 405. One request per connection. Its ``OperationsHTTPLimits`` bound
/// what clients can hold: each connection has a deadline for its request and one for its answer, and connections
/// beyond the maximum are closed at once. It stops accepting on graceful shutdown.
///
/// Its sockets are served by an event loop of its own, never by the provider API's: a client that opens and drops
/// connections as fast as they are refused keeps that one thread busy, not the threads the driver's mounts go through.
public struct OperationsHTTPServer: Service {
    /// Answers a request for one path.
    public typealias Handler = @Sendable () async -> HTTPReply

    private let name: String
    private let address: ListenAddress
    private let routes: [String: Handler]
    private let limits: OperationsHTTPLimits
    private let logger: Logger
    private let onListening: @Sendable (Int) -> Void

    /// Creates the server.
    ///
    /// - Parameters:
    ///   - name: What it serves, for logs (`health`, `metrics`).
    ///   - address: Where to listen.
    ///   - routes: The handler of each path.
    ///   - limits: The deadlines of a connection and the most connections open at once.
    ///   - logger: Where start, stop and failures are logged.
    ///   - onListening: Told the bound port once listening (the chosen one when the address asked for port 0).
    public init(
        name: String,
        address: ListenAddress,
        routes: [String: Handler],
        limits: OperationsHTTPLimits = .defaults,
        logger: Logger,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.name = name
        self.address = address
        self.routes = routes
        self.limits = limits
        self.logger = logger
        self.onListening = onListening
    }

    /// Listens and serves until graceful shutdown.
    ///
    /// - Throws: The bind error, naming the address.
    public func run() async throws {
        let eventLoop = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            try await self.run(on: eventLoop)
        } catch {
            try? await eventLoop.shutdownGracefully()
            throw error
        }
        // Every channel of the server is closed by now: it stopped accepting and its connections have ended.
        try? await eventLoop.shutdownGracefully()
    }

    private func run(on eventLoop: MultiThreadedEventLoopGroup) async throws {
        let server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
        let openConnections = ConnectionCounter(maximum: self.limits.maximumConnections)
        let readTimeout = self.limits.readTimeout
        let logger = self.logger
        do {
            server = try await ServerBootstrap(group: eventLoop)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: self.address.host, port: self.address.port) { channel in
                    let client = channel.remoteAddress?.ipAddress
                    guard openConnections.admit(from: client) else {
                        // Over the maximum: closed before it is registered, so it is never read and never served.
                        // A failed initializer is how NIO drops an accepted channel; the server keeps accepting.
                        logger.debug("Refusing an operations connection: too many are open")
                        channel.close(promise: nil)
                        return channel.eventLoop.makeFailedFuture(ConnectionRefused())
                    }
                    channel.closeFuture.whenComplete { _ in openConnections.release(from: client) }
                    let initialized = channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        try channel.pipeline.syncOperations.addHandler(
                            ConnectionDeadlineHandler(timeout: readTimeout, logger: logger)
                        )
                        return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                            wrappingChannelSynchronously: channel
                        )
                    }
                    // NIO leaves a channel whose initializer failed open: close it, which also frees its place.
                    initialized.whenFailure { _ in channel.close(promise: nil) }
                    return initialized
                }
        } catch {
            throw OperationsHTTPError(message: "the \(self.name) endpoint cannot listen on \(self.address): \(error)")
        }
        let port = server.channel.localAddress?.port ?? self.address.port
        self.logger.info("Serving \(self.name)", metadata: ["address": "\(self.address.host):\(port)"])
        self.onListening(port)
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await self.serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
        }
    }

    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                for try await part in inbound {
                    switch part {
                    case .head(let requestHead):
                        head = requestHead
                    case .body:
                        continue
                    case .end:
                        guard let head else { return }
                        try await self.answer(head, outbound)
                        return
                    }
                }
            }
        } catch {
            self.logger.debug("Operations connection failed", metadata: ["error": "\(error)"])
        }
    }

    private func answer(
        _ head: HTTPRequestHead,
        _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        let reply: HTTPReply
        if head.method != .GET && head.method != .HEAD {
            reply = .text(405, "method not allowed\n")
        } else if let handler = self.routes[path] {
            reply = await handler()
        } else {
            reply = .text(404, "not found; try \(self.routes.keys.sorted().joined(separator: ", "))\n")
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: reply.contentType)
        headers.add(name: "Content-Length", value: "\(reply.body.count)")
        headers.add(name: "Connection", value: "close")
        let status = HTTPResponseStatus(statusCode: reply.status)
        try await outbound.write(.head(HTTPResponseHead(version: head.version, status: status, headers: headers)))
        if head.method != .HEAD {
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: reply.body))))
        }
        try await outbound.write(.end(nil))
    }
}

/// A connection over the maximum, closed at once.
private struct ConnectionRefused: Error {}

/// Why an operations endpoint could not start.
public struct OperationsHTTPError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, naming the address.
    public let message: String

    /// `message`.
    public var description: String {
        self.message
    }
}

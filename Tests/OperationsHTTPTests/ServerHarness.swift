// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import OperationsHTTP
import ServiceLifecycle
import Synchronization
import Testing

/// Runs an ``OperationsHTTPServer`` on a free loopback port for a test, and talks to it.
enum ServerHarness {
    /// A logger that drops everything.
    static let silent = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// Runs a server with `routes` and `limits` on a free loopback port while `body` runs (given the base URL and
    /// the port), then shuts it down gracefully.
    static func withServer(
        _ routes: [String: OperationsHTTPServer.Handler],
        limits: OperationsHTTPLimits = .defaults,
        _ body: @Sendable (_ base: String, _ port: Int) async throws -> Void
    ) async throws {
        let port = Mutex<Int?>(nil)
        let server = OperationsHTTPServer(
            name: "test",
            address: ListenAddress("127.0.0.1:0")!,
            routes: routes,
            limits: limits,
            logger: Self.silent,
            onListening: { bound in port.withLock { $0 = bound } }
        )
        let group = ServiceGroup(services: [server], logger: Self.silent)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let listening = try await Self.waitFor { port.withLock { $0 } }
            try await body("http://127.0.0.1:\(listening)", listening)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Polls `value` until it is not nil; fails after a minute (a loaded machine is slow, not that slow).
    static func waitFor<Value>(_ value: () -> Value?) async throws -> Value {
        let end = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < end {
            if let value = value() { return value }
            try await Task.sleep(for: .milliseconds(10))
        }
        return try #require(value())
    }

    /// The status and body of a request.
    static func get(_ url: String, method: HTTPMethod = .GET) async throws -> (Int, String) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }
}

/// A bare TCP connection, for clients that send nothing, or a request a piece at a time.
struct RawConnection {
    private let channel: any Channel
    private let closedAt = CloseTime()

    /// Connects to `port` on the loopback address from `source` (any address of 127.0.0.0/8, a client of its own).
    static func open(port: Int, from source: String = "127.0.0.1") async throws -> Self {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(to: try SocketAddress(ipAddress: source, port: 0))
            .connect(host: "127.0.0.1", port: port)
            .get()
        return Self(channel: channel)
    }

    private init(channel: any Channel) {
        self.channel = channel
        // Noted on the event loop as it happens, however late the test looks.
        let closedAt = self.closedAt
        channel.closeFuture.whenComplete { _ in closedAt.instant.withLock { $0 = .now } }
    }

    /// Sends `text`; false when the connection is already closed.
    func send(_ text: String) async -> Bool {
        do {
            try await self.channel.writeAndFlush(ByteBuffer(string: text)).get()
            return true
        } catch {
            return false
        }
    }

    /// Whether the connection has closed by now (its close has completed).
    var isClosed: Bool {
        self.closed != nil
    }

    /// When the connection closed, if it has.
    var closed: ContinuousClock.Instant? {
        self.closedAt.instant.withLock { $0 }
    }

    /// Whether the server closes the connection within `limit`.
    func isClosed(within limit: Duration) async throws -> Bool {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if self.isClosed { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return self.isClosed
    }

    /// Closes the connection from this side.
    func close() async {
        try? await self.channel.close()
    }
}

/// When a connection closed, set once from its event loop.
private final class CloseTime: Sendable {
    let instant = Mutex<ContinuousClock.Instant?>(nil)
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import CSIProviderAPI
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import Provider
import ProviderServer
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the provider's gRPC service on a real Unix socket in a temporary directory for the duration of `body`.
enum ProviderHarness {
    /// A fresh temporary directory, removed by the caller.
    static func makeDirectory() throws -> URL {
        // Unix socket paths are limited to 107 bytes, so stay short and under /tmp.
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("pt-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Starts the service with `handler` on `<directory>/aws.sock`, logging into `logger`, runs `body` with the
    /// socket path, then shuts the service down gracefully and waits for it to stop.
    static func withProvider<Result: Sendable>(
        handler: any MountHandling,
        directory: URL? = nil,
        logger: Logger = Self.silent,
        _ body: (String) async throws -> Result
    ) async throws -> Result {
        try await Self.withProvider(handler: handler, directory: directory, logger: logger) { socketPath, _ in
            try await body(socketPath)
        }
    }

    /// A logger that drops everything.
    static let silent = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// As ``withProvider(handler:directory:logger:_:)``, also handing `body` the service group, so a test can begin
    /// the graceful shutdown itself (triggering it again afterwards does nothing).
    static func withProvider<Result: Sendable>(
        handler: any MountHandling,
        directory: URL? = nil,
        logger: Logger = Self.silent,
        _ body: (String, ServiceGroup) async throws -> Result
    ) async throws -> Result {
        let directory = try directory ?? Self.makeDirectory()
        let socketPath = directory.appendingPathComponent("aws.sock").path
        let service = ProviderGRPCService(
            socketPath: socketPath,
            mountHandler: handler,
            logger: logger
        )
        let group = ServiceGroup(services: [service], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Self.waitForSocket(socketPath)
            do {
                let result = try await body(socketPath, group)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    /// Calls `body` with a client of the provider API connected to `socketPath`.
    static func withClient<Result: Sendable>(
        socketPath: String,
        _ body: (V1alpha1_CSIDriverProvider.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        let transport = try HTTP2ClientTransport.Posix(
            target: .unixDomainSocket(path: socketPath),
            transportSecurity: .plaintext
        )
        return try await withGRPCClient(transport: transport) { client in
            try await body(V1alpha1_CSIDriverProvider.Client(wrapping: client))
        }
    }

    /// Waits until the server has stopped accepting connections on `socketPath` (graceful shutdown closes the
    /// listening socket before it lets the RPCs in flight finish); fails after a minute.
    static func waitUntilRefused(_ socketPath: String) async throws {
        let end = ContinuousClock.now + .seconds(60)
        while Self.accepts(socketPath) {
            guard ContinuousClock.now < end else {
                throw HarnessTimeout(what: "the provider still accepts connections on \(socketPath)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Whether a connection to the Unix socket at `path` is accepted now.
    private static func accepts(_ path: String) -> Bool {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return connected == 0
    }

    /// Waits until the socket file exists; fails after a minute.
    private static func waitForSocket(_ path: String) async throws {
        let end = ContinuousClock.now + .seconds(60)
        while !FileManager.default.fileExists(atPath: path) {
            guard ContinuousClock.now < end else { throw HarnessTimeout(what: "no socket at \(path)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// A wait of the harness that did not end in time.
struct HarnessTimeout: Error, CustomStringConvertible {
    let what: String

    var description: String { self.what }
}

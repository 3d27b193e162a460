// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOHTTP1
import NIOPosix

/// One `GET` of an operations endpoint from inside the container, as the kubelet's `httpGet` probe would make it from
/// outside: for exec probes when the endpoint listens on 127.0.0.1, out of the kubelet's reach (the image has no curl
/// or wget).
///
/// ```swift
/// let reply = try await OperationsProbe.get("/readyz", from: ListenAddress("127.0.0.1:8989")!, timeout: .seconds(2))
/// let healthy = OperationsProbe.isSuccess(reply.status)
/// ```
public enum OperationsProbe {
    /// The most bytes of an answer's body kept; the rest is read and dropped.
    public static let maximumBodyBytes = 64 * 1024

    /// Whether an answer's status means success, as for the kubelet's `httpGet` probe: 200 to 399.
    public static func isSuccess(_ status: Int) -> Bool {
        (200..<400).contains(status)
    }

    /// The address to connect to for a server listening on `address`: the same, except that every interface
    /// (`0.0.0.0`, `::` or no host) is reached on the loopback address of its family.
    public static func connectAddress(for address: ListenAddress) -> ListenAddress {
        let host: String
        switch address.host {
        case "0.0.0.0", "": host = "127.0.0.1"
        case "::": host = "::1"
        default: host = address.host
        }
        return ListenAddress(host: host, port: address.port)
    }

    /// Sends `GET path` to the server listening on `address` and reads its answer.
    ///
    /// - Parameters:
    ///   - path: The path, such as `/readyz`.
    ///   - address: The server's listen address (see ``connectAddress(for:)``).
    ///   - timeout: The time for connecting, sending and reading the whole answer.
    /// - Returns: The status, content type and the first ``maximumBodyBytes`` of the body.
    /// - Throws: ``OperationsHTTPError`` when the server cannot be reached, closes without an answer, or does not
    ///   answer within `timeout`.
    public static func get(_ path: String, from address: ListenAddress, timeout: Duration) async throws
        -> HTTPReply
    {
        let target = Self.connectAddress(for: address)
        let limit = ConnectionDeadlineHandler.timeAmount(timeout)
        // One thread, not the process-wide group: a probe is a short-lived process of its own.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let result: Result<HTTPReply, OperationsHTTPError>
        do {
            let channel = try await ClientBootstrap(group: group)
                .connectTimeout(limit)
                .connect(host: target.host, port: target.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                            wrappingChannelSynchronously: channel
                        )
                    }
                }
            // The whole exchange has `timeout`: the connection is closed when it is up, which ends the reading.
            let deadline = channel.channel.eventLoop.scheduleTask(in: limit) { channel.channel.close(promise: nil) }
            let reply = try await channel.executeThenClose { inbound, outbound in
                try await Self.exchange(path, host: target.description, inbound, outbound)
            }
            deadline.cancel()
            if let reply {
                result = .success(reply)
            } else {
                result = .failure(OperationsHTTPError(message: "\(target) closed without an answer within \(timeout)"))
            }
        } catch {
            result = .failure(OperationsHTTPError(message: "GET \(path) from \(target) failed: \(error)"))
        }
        try? await group.shutdownGracefully()
        return try result.get()
    }

    /// Writes the request and reads the answer; nil when the connection ends before the answer does.
    private static func exchange(
        _ path: String,
        host: String,
        _ inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>,
        _ outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
    ) async throws -> HTTPReply? {
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
        head.headers.add(name: "Host", value: host)
        head.headers.add(name: "Connection", value: "close")
        try await outbound.write(.head(head))
        try await outbound.write(.end(nil))
        var reply: HTTPReply?
        for try await part in inbound {
            switch part {
            case .head(let answer):
                reply = HTTPReply(
                    status: Int(answer.status.code),
                    contentType: answer.headers.first(name: "Content-Type") ?? "",
                    body: []
                )
            case .body(var bytes):
                let room = Self.maximumBodyBytes - (reply?.body.count ?? 0)
                if room > 0, let kept = bytes.readBytes(length: min(room, bytes.readableBytes)) {
                    reply?.body += kept
                }
            case .end:
                return reply
            }
        }
        return nil
    }
}

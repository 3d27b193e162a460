// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// Counts one server's open connections and admits a new one only while fewer than the maximum are open, in all and
/// from its client's address.
///
/// The per-client share (an eighth of the maximum, at least one) keeps one pod holding connections from taking every
/// place: the kubelet's probes and Prometheus come from other addresses and still get in.
final class ConnectionCounter: Sendable {
    private struct State {
        var open = 0
        var byClient: [String: Int] = [:]
    }

    private let maximum: Int
    private let maximumPerClient: Int
    private let state = Mutex(State())

    /// Creates a counter that admits at most `maximum` connections at once, and an eighth of that from one address.
    init(maximum: Int) {
        self.maximum = maximum
        self.maximumPerClient = max(1, maximum / 8)
    }

    /// Counts a new connection from `client` (its IP address, nil when unknown) and returns true, or returns false
    /// when the maximum is already open, in all or from that address.
    func admit(from client: String?) -> Bool {
        self.state.withLock { state in
            guard state.open < self.maximum else { return false }
            if let client {
                let fromClient = state.byClient[client, default: 0]
                guard fromClient < self.maximumPerClient else { return false }
                state.byClient[client] = fromClient + 1
            }
            state.open += 1
            return true
        }
    }

    /// Forgets a connection from `client` that was admitted and has closed.
    func release(from client: String?) {
        self.state.withLock { state in
            state.open -= 1
            if let client, let fromClient = state.byClient[client] {
                state.byClient[client] = fromClient > 1 ? fromClient - 1 : nil
            }
        }
    }

    /// The connections open now.
    var count: Int {
        self.state.withLock { $0.open }
    }
}

/// Closes a connection whose request has not fully arrived `timeout` after the connection opened, or whose answer
/// has not been sent `timeout` after its request arrived.
///
/// It sits after the HTTP decoder, so it sees where a request ends. Unlike an idle timer (NIO's `IdleStateHandler`),
/// the deadline does not move when bytes arrive, so a client that drips its request head is closed too.
final class ConnectionDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    private let timeout: TimeAmount
    private let logger: Logger
    private var deadline: Scheduled<Void>?

    /// Creates the handler for one connection.
    init(timeout: Duration, logger: Logger) {
        self.timeout = Self.timeAmount(timeout)
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive {
            self.schedule(context, phase: "request")
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        self.schedule(context, phase: "request")
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = self.unwrapInboundIn(data) {
            // The request is in: the answer gets its own time, however long the request took.
            self.schedule(context, phase: "answer")
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.cancel()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.cancel()
    }

    private func schedule(_ context: ChannelHandlerContext, phase: String) {
        self.deadline?.cancel()
        let channel = context.channel
        let logger = self.logger
        self.deadline = context.eventLoop.scheduleTask(in: self.timeout) {
            logger.debug("Closing an operations connection at its deadline", metadata: ["phase": "\(phase)"])
            channel.close(promise: nil)
        }
    }

    private func cancel() {
        self.deadline?.cancel()
        self.deadline = nil
    }

    /// `duration` as a NIO time amount, at most about 292 years.
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        let limit = Int64.max / 1_000_000_000 - 1
        return .nanoseconds(max(0, min(seconds, limit)) * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

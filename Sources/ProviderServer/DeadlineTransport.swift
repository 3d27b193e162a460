// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import GRPCCore

/// Hands each RPC to the gRPC server with its `grpc-timeout` header moved to ``GRPCTimeout/forwardedKey``, so that the
/// deadline is enforced by ``RPCCancellation`` alone.
///
/// A workaround. grpc-swift-2 (2.4.3, `ServerRPCExecutor._processRPCWithTimeout`) enforces a request's timeout by
/// racing the RPC against `Task.sleep`, and cancels that sleep when the RPC ends; on Linux a cancelled `Task.sleep`
/// keeps its timer until the time it was set for (https://github.com/swiftlang/swift/issues/60441, open; seen with
/// Swift 6.3.1, see `CancellableSleep`). Kubelet gives every Mount about two minutes, so each finished Mount held
/// about 1.7 KB for two minutes: measured, 5 MiB more per 3,000 Mounts, and over 100 MiB while the benchmark's
/// clients remounted at full speed. ``RPCCancellation`` waits with a timer that it gives back when the RPC ends, and
/// answers a passed deadline with a message instead of a bare cancellation.
///
/// Remove it, reading the deadline from `grpc-timeout` again, once the toolchain's `Task.sleep` frees its timer when
/// cancelled (https://github.com/swiftlang/swift/pull/89075 proposes that) or grpc-swift stops enforcing deadlines
/// with `Task.sleep`, and `test_finished_mounts_hold_no_memory_until_their_deadline` (Tests/e2e/test_load.py) still
/// passes without it.
struct DeadlineTransport<Base: ServerTransport>: ServerTransport {
    typealias Bytes = Base.Bytes

    private let base: Base

    /// Wraps `base`, which accepts the connections.
    init(_ base: Base) {
        self.base = base
    }

    func configure(context: GRPCServerContext) {
        self.base.configure(context: context)
    }

    func listen(
        streamHandler:
            @escaping @Sendable (_ stream: RPCStream<Inbound, Outbound>, _ context: ServerContext) async -> Void
    ) async throws {
        try await self.base.listen { stream, context in
            let inbound = stream.inbound.map(Self.movingTimeout)
            await streamHandler(
                RPCStream(
                    descriptor: stream.descriptor,
                    inbound: RPCAsyncSequence(wrapping: inbound),
                    outbound: stream.outbound
                ),
                context
            )
        }
    }

    func beginGracefulShutdown() {
        self.base.beginGracefulShutdown()
    }

    /// The part with any `grpc-timeout` header renamed to ``GRPCTimeout/forwardedKey``.
    @Sendable
    static func movingTimeout(_ part: RPCRequestPart<Bytes>) -> RPCRequestPart<Bytes> {
        guard case .metadata(var metadata) = part else { return part }
        let timeouts = Array(metadata[stringValues: "grpc-timeout"])
        guard !timeouts.isEmpty else { return part }
        metadata.removeAllValues(forKey: "grpc-timeout")
        for timeout in timeouts {
            metadata.addString(timeout, forKey: GRPCTimeout.forwardedKey)
        }
        return .metadata(metadata)
    }
}

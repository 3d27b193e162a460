// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import GRPCCore
import Synchronization

/// Whether the server is draining: it stopped accepting connections and lets in-flight RPCs finish.
final class DrainingState: Sendable {
    private let draining = Atomic<Bool>(false)

    /// Whether draining has begun.
    var isDraining: Bool {
        self.draining.load(ordering: .acquiring)
    }

    /// Marks the server as draining; called before gRPC is told to shut down.
    func beginDraining() {
        self.draining.store(true, ordering: .releasing)
    }
}

/// gRPC signals an RPC's deadline or the client's departure through the server context's cancellation handle, not by
/// cancelling the handler's task; this turns that signal into task cancellation so the mount stops its work.
///
/// gRPC raises the same signal for every RPC when the server begins a graceful shutdown. Those RPCs are left to
/// finish, since their responses can still be sent: the service group's grace period bounds how long that takes.
enum RPCCancellation {
    /// Runs `operation`, cancelling it as soon as the RPC is cancelled, unless the server is draining.
    ///
    /// - Throws: The operation's error, or `CancellationError` when the RPC was cancelled first.
    static func run<Result: Sendable>(
        cancelling handle: ServerContext.RPCCancellationHandle,
        unlessDraining draining: DrainingState,
        _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await handle.cancelled
                if draining.isDraining {
                    // Wait for the operation; this task is cancelled as soon as the operation completes.
                    try await Task.sleep(for: .seconds(365 * 24 * 3600))
                }
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                throw CancellationError()
            }
            return result
        }
    }
}

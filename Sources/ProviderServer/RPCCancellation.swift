// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Coordination
import GRPCCore
import Provider
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

/// Runs an RPC's work so that it stops when the RPC's deadline passes or its client goes away.
///
/// gRPC signals both through the server context's cancellation handle, not by cancelling the handler's task, and
/// raises the same signal for every RPC when the server begins a graceful shutdown. So the deadline (from the
/// `grpc-timeout` header) is enforced here on its own, and a cancellation signal is obeyed only while the server is not
/// draining: during a graceful shutdown, in-flight RPCs finish (their responses can still be sent), bounded by their
/// deadline and by the service group's grace period.
enum RPCCancellation {
    /// The RPC was cancelled (its client went away) before the operation finished.
    struct Cancelled: Error {
        /// What the operation had read of its request, from the error it stopped with.
        let summary: RequestSummary?
    }

    private enum Outcome<Result: Sendable>: Sendable {
        case finished(Result)
        case deadlinePassed
        case cancelled
    }

    /// Runs `operation` until it finishes, the deadline passes, or the RPC is cancelled while not draining.
    ///
    /// When it is stopped, the operation is cancelled and waited for, and the ``RequestSummary`` of the
    /// ``ProviderError`` it stops with is kept for the RPC's log line.
    ///
    /// - Throws: The operation's error; ``ProviderError`` with code `deadlineExceeded` when the deadline passed first;
    ///   ``Cancelled`` when the RPC was cancelled first.
    static func run<Result: Sendable>(
        deadline: ContinuousClock.Instant?,
        cancelling handle: ServerContext.RPCCancellationHandle,
        unlessDraining draining: DrainingState,
        _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let (outcome, summary) = try await withThrowingTaskGroup(
            of: Outcome<Result>.self,
            returning: (Outcome<Result>, RequestSummary?).self
        ) { group in
            group.addTask { .finished(try await operation()) }
            group.addTask {
                try await handle.cancelled
                if draining.isDraining {
                    // Wait for the operation or the deadline; this task is cancelled as soon as either comes. A
                    // workaround: Swift has no wait-until-cancelled, so a year stands in for for ever (any length
                    // past every deadline and grace period would do). Not `Task.sleep(nanoseconds: .max)`: once
                    // cancelled it would keep its timer for its 292 years
                    // (https://github.com/swiftlang/swift/issues/60441, see `CancellableSleep`); and `Task.sleep(for: .seconds(Int64.max))` traps in
                    // `Duration.components` (no upstream issue found). Both seen with Swift 6.3.1. Use
                    // `Task.sleep(nanoseconds: .max)` once the toolchain frees a cancelled sleep's timer.
                    try await CancellableSleep.sleep(for: .seconds(365 * 24 * 3600))
                }
                return .cancelled
            }
            if let deadline {
                group.addTask {
                    try await CancellableSleep.sleep(until: deadline)
                    return .deadlinePassed
                }
            }
            defer { group.cancelAll() }
            let first = try await group.next()!
            if case .finished = first {
                return (first, nil)
            }
            group.cancelAll()
            var summary: RequestSummary?
            while let next = await group.nextResult() {
                if case .failure(let error as ProviderError) = next {
                    summary = error.summary
                }
            }
            return (first, summary)
        }
        switch outcome {
        case .finished(let result):
            return result
        case .deadlinePassed:
            throw ProviderError(
                code: .deadlineExceeded,
                message: "The request's deadline passed before it finished.",
                summary: summary
            )
        case .cancelled:
            throw Cancelled(summary: summary)
        }
    }
}

/// The `grpc-timeout` request header: up to eight digits and a unit (`H`, `M`, `S`, `m`, `u` or `n`).
enum GRPCTimeout {
    /// Where ``DeadlineTransport`` puts the header's value for the services.
    static let forwardedKey = "provider-deadline-timeout"

    /// The RPC's deadline: now plus the forwarded `grpc-timeout`, or nil when there is none or it is malformed.
    static func deadline(of metadata: Metadata) -> ContinuousClock.Instant? {
        metadata[stringValues: Self.forwardedKey].first(where: { _ in true })
            .flatMap(Self.parse)
            .map { ContinuousClock.now + $0 }
    }

    /// The duration `value` stands for, or `nil` when it is malformed.
    static func parse(_ value: String) -> Duration? {
        guard let unit = value.last, (2...9).contains(value.count) else { return nil }
        let digits = value.dropLast()
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let amount = Int64(digits) else { return nil }
        switch unit {
        case "H": return .seconds(amount * 3600)
        case "M": return .seconds(amount * 60)
        case "S": return .seconds(amount)
        case "m": return .milliseconds(amount)
        case "u": return .microseconds(amount)
        case "n": return .nanoseconds(amount)
        default: return nil
        }
    }
}

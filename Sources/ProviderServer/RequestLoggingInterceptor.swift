// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import CoreMetrics
import GRPCCore
import Logging
import Synchronization

/// Logs one line per RPC with its method, duration and status code; never the request or response contents.
/// Counts the RPCs by method and code and times them by method. `Version` (the driver's and the readiness probe's
/// health check) is logged at debug level, the others at info.
///
/// A method whose service knows more of its request logs the line itself with
/// ``log(_:method:code:duration:metadata:)``: `Mount` adds the ``RequestSummary`` (pod, namespace, counts) that
/// ``MountHandling`` returns in its result or its error.
struct RequestLoggingInterceptor: ServerInterceptor {
    let logger: Logger
    /// The methods whose services log their own line; they are still counted and timed here.
    let loggedByService: Set<MethodDescriptor>
    /// The RPCs being served now, exposed as `secrets_provider_grpc_requests_in_flight` (zero when idle: no request
    /// is left behind).
    private let inFlight = InFlightCounter()

    init(logger: Logger, loggedByService: Set<MethodDescriptor> = []) {
        self.logger = logger
        self.loggedByService = loggedByService
    }

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let clock = ContinuousClock()
        let start = clock.now
        let descriptor = context.descriptor
        self.inFlight.add(1)
        defer { self.inFlight.add(-1) }
        do {
            let response = try await next(request, context)
            let code: String
            switch response.accepted {
            case .success:
                code = "ok"
            case .failure(let error):
                code = "\(error.code)"
            }
            self.finish(descriptor, code: code, duration: clock.now - start)
            return response
        } catch {
            let code = (error as? RPCError).map { "\($0.code)" } ?? "internal"
            self.finish(descriptor, code: code, duration: clock.now - start)
            throw error
        }
    }

    private func finish(_ descriptor: MethodDescriptor, code: String, duration: Duration) {
        let method = descriptor.method
        Counter(label: "secrets_provider_grpc_requests_total", dimensions: [("method", method), ("code", code)])
            .increment()
        Timer(label: "secrets_provider_grpc_request_duration_seconds", dimensions: [("method", method)])
            .recordSeconds(duration / .seconds(1))
        if !self.loggedByService.contains(descriptor) {
            Self.log(self.logger, method: method, code: code, duration: duration)
        }
    }

    /// Logs the line of a finished RPC: `RPC finished` with `grpc.method`, `grpc.code`, `grpc.duration_ms` and
    /// `metadata`; at debug level for `Version`, else at info.
    static func log(
        _ logger: Logger,
        method: String,
        code: String,
        duration: Duration,
        metadata: Logger.Metadata = [:]
    ) {
        var metadata = metadata
        metadata["grpc.method"] = "\(method)"
        metadata["grpc.code"] = "\(code)"
        metadata["grpc.duration_ms"] = "\(Int((duration / .milliseconds(1)).rounded()))"
        logger.log(level: method == "Version" ? .debug : .info, "RPC finished", metadata: metadata)
    }
}

/// A count that a gauge follows; recorded under the lock, so the gauge's last value is the count's.
private final class InFlightCounter: Sendable {
    private let count = Mutex(0)
    private let gauge = Gauge(label: "secrets_provider_grpc_requests_in_flight")

    func add(_ delta: Int) {
        self.count.withLock { count in
            count += delta
            self.gauge.record(count)
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import CoreMetrics
import GRPCCore
import Logging
import Provider
import Synchronization

/// Logs one line per RPC with its method, duration and status code, plus what the mount recorded in its
/// ``RequestSummary`` (pod, namespace, object count, files written); never the request or response contents. Counts
/// the RPCs by method and code and times them by method. `Version` (the driver's and the readiness probe's health
/// check) is logged at debug level, `Mount` at info.
struct RequestLoggingInterceptor: ServerInterceptor {
    let logger: Logger
    /// The RPCs being served now, exposed as `secrets_provider_grpc_requests_in_flight` (zero when idle: no request
    /// is left behind).
    private let inFlight = InFlightCounter()

    init(logger: Logger) {
        self.logger = logger
    }

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let clock = ContinuousClock()
        let start = clock.now
        let method = context.descriptor.method
        let summary = RequestSummary()
        self.inFlight.add(1)
        defer { self.inFlight.add(-1) }
        do {
            let response = try await RequestSummary.$current.withValue(summary) {
                try await next(request, context)
            }
            let code: String
            switch response.accepted {
            case .success:
                code = "ok"
            case .failure(let error):
                code = "\(error.code)"
            }
            self.finish(method, code: code, duration: clock.now - start, summary: summary)
            return response
        } catch {
            let code = (error as? RPCError).map { "\($0.code)" } ?? "internal"
            self.finish(method, code: code, duration: clock.now - start, summary: summary)
            throw error
        }
    }

    private func finish(_ method: String, code: String, duration: Duration, summary: RequestSummary) {
        Counter(label: "secrets_provider_grpc_requests_total", dimensions: [("method", method), ("code", code)])
            .increment()
        Timer(label: "secrets_provider_grpc_request_duration_seconds", dimensions: [("method", method)])
            .recordSeconds(duration / .seconds(1))
        let milliseconds = duration / .milliseconds(1)
        var metadata = summary.metadata
        metadata["grpc.method"] = "\(method)"
        metadata["grpc.code"] = "\(code)"
        metadata["grpc.duration_ms"] = "\(Int(milliseconds.rounded()))"
        self.logger.log(level: method == "Version" ? .debug : .info, "RPC finished", metadata: metadata)
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

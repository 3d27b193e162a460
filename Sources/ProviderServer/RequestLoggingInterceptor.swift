// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import CoreMetrics
import GRPCCore
import Logging
import Provider

/// Logs one line per RPC with its method, duration and status code, plus what the mount recorded in its
/// ``RequestSummary`` (pod, namespace, object count); never the request or response contents. Counts the RPCs by
/// method and code and times them by method. `Version` (the driver's and the readiness probe's health check) is
/// logged at debug level, `Mount` at info.
struct RequestLoggingInterceptor: ServerInterceptor {
    let logger: Logger

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let clock = ContinuousClock()
        let start = clock.now
        let method = context.descriptor.method
        let summary = RequestSummary()
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

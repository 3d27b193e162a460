// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import GRPCCore
import Logging

/// Logs one line per RPC with its method, duration and status code; never the request or response contents.
struct RequestLoggingInterceptor: ServerInterceptor {
    let logger: Logger

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let clock = ContinuousClock()
        let start = clock.now
        var logger = self.logger
        logger[metadataKey: "grpc.method"] = "\(context.descriptor.method)"
        do {
            let response = try await next(request, context)
            let code: String
            switch response.accepted {
            case .success:
                code = "ok"
            case .failure(let error):
                code = "\(error.code)"
            }
            Self.log(logger, code: code, duration: clock.now - start)
            return response
        } catch {
            Self.log(logger, code: (error as? RPCError).map { "\($0.code)" } ?? "internal", duration: clock.now - start)
            throw error
        }
    }

    private static func log(_ logger: Logger, code: String, duration: Duration) {
        let milliseconds = Double(duration.components.seconds) * 1000
            + Double(duration.components.attoseconds) / 1e15
        logger.info(
            "RPC finished",
            metadata: ["grpc.code": "\(code)", "grpc.duration_ms": "\(Int(milliseconds.rounded()))"]
        )
    }
}

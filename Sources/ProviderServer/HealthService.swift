// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import CSIProviderAPI
import GRPCCore

/// The standard `grpc.health.v1.Health` service on the provider socket, for gRPC-aware probes: the server as a
/// whole (`""`) and `v1alpha1.CSIDriverProvider` are `SERVING` until graceful shutdown begins, `NOT_SERVING` after.
struct HealthService: Grpc_Health_V1_Health.SimpleServiceProtocol {
    /// The services this socket serves, besides the server as a whole.
    static let services: Set<String> = ["", "v1alpha1.CSIDriverProvider"]

    /// Tells whether graceful shutdown has begun.
    let draining: DrainingState

    func check(
        request: Grpc_Health_V1_HealthCheckRequest,
        context: ServerContext
    ) async throws -> Grpc_Health_V1_HealthCheckResponse {
        guard Self.services.contains(request.service) else {
            throw RPCError(code: .notFound, message: "unknown service '\(request.service)'")
        }
        return self.status(of: request.service)
    }

    /// Sends the status now; then, when graceful shutdown ends the stream, `NOT_SERVING`.
    func watch(
        request: Grpc_Health_V1_HealthCheckRequest,
        response: RPCWriter<Grpc_Health_V1_HealthCheckResponse>,
        context: ServerContext
    ) async throws {
        try await response.write(self.status(of: request.service))
        try await context.cancellation.cancelled
        if self.draining.isDraining, Self.services.contains(request.service) {
            try? await response.write(self.status(of: request.service))
        }
    }

    private func status(of service: String) -> Grpc_Health_V1_HealthCheckResponse {
        var answer = Grpc_Health_V1_HealthCheckResponse()
        answer.status =
            !Self.services.contains(service) ? .serviceUnknown : self.draining.isDraining ? .notServing : .serving
        return answer
    }
}

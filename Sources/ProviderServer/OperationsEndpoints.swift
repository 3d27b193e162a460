// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import CSIProviderAPI
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import OperationsHTTP
import Prometheus

/// The process's operations endpoints: `/healthz` and `/readyz` on the health address, `/metrics` on the metrics
/// address (one server when both are the same).
enum OperationsEndpoints {
    /// The HTTP servers the configuration asks for.
    static func servers(
        configuration: ProviderConfiguration,
        registry: PrometheusCollectorRegistry?,
        logger: Logger
    ) -> [OperationsHTTPServer] {
        var routes: [ListenAddress: [String: OperationsHTTPServer.Handler]] = [:]
        if let address = configuration.healthAddress.flatMap(ListenAddress.init) {
            let socketPath = configuration.socketPath
            routes[address, default: [:]]["/healthz"] = { .text(200, "ok\n") }
            routes[address, default: [:]]["/readyz"] = { await Self.readiness(socketPath: socketPath) }
        }
        if let address = configuration.metricsAddress.flatMap(ListenAddress.init), let registry {
            let process = ProcessMetrics()
            routes[address, default: [:]]["/metrics"] = {
                var body: [UInt8] = []
                registry.emit(into: &body)
                body += Array(process.exposition().utf8)
                return HTTPReply(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: body)
            }
        }
        return routes.sorted { $0.key.description < $1.key.description }.map { address, routes in
            OperationsHTTPServer(
                name: routes.keys.sorted().joined(separator: ","),
                address: address,
                routes: routes,
                limits: configuration.operationsLimits,
                logger: logger
            )
        }
    }

    /// 200 when the provider socket answers `Version` within a second, else 503 saying why.
    static func readiness(socketPath: String) async -> HTTPReply {
        do {
            let transport = try HTTP2ClientTransport.Posix(
                target: .unixDomainSocket(path: socketPath),
                transportSecurity: .plaintext
            )
            let version = try await withGRPCClient(transport: transport) { client in
                var options = CallOptions.defaults
                options.timeout = .seconds(1)
                return try await V1alpha1_CSIDriverProvider.Client(wrapping: client)
                    .version(V1alpha1_VersionRequest(), options: options)
            }
            return .text(200, "ready: \(version.runtimeName) \(version.runtimeVersion) answers on \(socketPath)\n")
        } catch {
            return .text(503, "not ready: the provider socket \(socketPath) does not answer Version: \(error)\n")
        }
    }
}

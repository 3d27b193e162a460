// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Coordination
import Foundation
import Kubernetes
import Logging
import ProviderTestSupport

/// The fake Kubernetes API of the shared test rig. Every test seeds objects under names of its own, so faults (matched
/// by path prefix) and the request log (filtered by path) never mix with other tests running in parallel.
struct KubernetesRig {
    /// One request the fake API received.
    struct Request: Equatable {
        var path: String
        var status: Int
    }

    let rig: TestRig

    static func start() async throws -> KubernetesRig {
        KubernetesRig(rig: try await TestRig.shared())
    }

    /// A name no other test uses.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// A configuration for the fake API with its token, or `token`.
    func configuration(token: String? = nil) -> KubernetesClientConfiguration {
        KubernetesClientConfiguration(
            server: self.rig.kubernetes,
            credentials: .token(token ?? self.rig.kubernetesToken)
        )
    }

    /// Runs `body` with a client of the fake API (on `clock`, the real one by default) and shuts the client down
    /// afterwards.
    func withClient<Result>(
        _ configuration: KubernetesClientConfiguration? = nil,
        qps: Double = 1000,
        burst: Int = 1000,
        logger: Logger = KubernetesClient.disabledLogger,
        clock: TimeSource = .system,
        _ body: (KubernetesClient) async throws -> Result
    ) async throws -> Result {
        let client = try KubernetesClient(
            configuration: configuration ?? self.configuration(),
            qps: qps,
            burst: burst,
            userAgent: "kubernetes-client-tests",
            logger: logger,
            clock: clock
        )
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try await client.shutdown()
            throw error
        }
    }

    /// Adds or replaces objects.
    func seed(_ manifests: [[String: any Sendable]]) async throws {
        _ = try await self.rig.control(self.rig.kubernetes, "PUT", "/__objects", json: ["objects": manifests])
    }

    /// Makes the next `count` requests under `path` fail with `status` (0: answer normally) after `delayMilliseconds`.
    func fault(path: String, status: Int, count: Int?, delayMilliseconds: Int = 0) async throws {
        var fault: [String: any Sendable] = ["path": path, "status": status, "delay_ms": delayMilliseconds]
        if let count {
            fault["count"] = count
        }
        _ = try await self.rig.control(self.rig.kubernetes, "POST", "/__faults", json: fault)
    }

    /// The requests received for exactly `path`, in order.
    func requests(path: String) async throws -> [Request] {
        let answer = try await self.rig.control(self.rig.kubernetes, "GET", "/__requests")
        let all = answer["requests"] as? [[String: Any]] ?? []
        return all.compactMap { entry in
            guard let logged = entry["path"] as? String, logged == path, let status = entry["status"] as? Int else {
                return nil
            }
            return Request(path: logged, status: status)
        }
    }

    static func serviceAccount(
        namespace: String,
        name: String,
        labels: [String: String] = [:],
        annotations: [String: String] = [:]
    ) -> [String: any Sendable] {
        [
            "apiVersion": "v1", "kind": "ServiceAccount",
            "metadata": [
                "name": name, "namespace": namespace, "uid": "uid-\(name)", "labels": labels,
                "annotations": annotations,
            ] as [String: any Sendable],
        ]
    }

    static func pod(namespace: String, name: String, node: String, serviceAccount: String) -> [String: any Sendable] {
        [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": name, "namespace": namespace, "uid": "uid-\(name)"] as [String: any Sendable],
            "spec": [
                "nodeName": node, "serviceAccountName": serviceAccount, "containers": [["name": "app"]],
            ] as [String: any Sendable],
            "status": ["phase": "Running"],
        ]
    }

    static func node(name: String, labels: [String: String]) -> [String: any Sendable] {
        [
            "apiVersion": "v1", "kind": "Node",
            "metadata": ["name": name, "uid": "uid-\(name)", "labels": labels] as [String: any Sendable],
        ]
    }
}

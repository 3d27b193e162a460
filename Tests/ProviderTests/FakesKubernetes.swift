// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Kubernetes
import Synchronization

/// An in-memory Kubernetes API: service accounts, pods and nodes, a ``KubernetesError`` injected per kind of object
/// (answered once or for every call), call counts, and an optional delay or ``ConcurrencyProbe`` so concurrent callers
/// overlap.
///
/// A missing object is a 404 `notFound` error naming it, as the real client's.
final class FakeKubernetes: KubernetesAPI {
    /// The kinds of object read.
    enum Resource: Sendable, Hashable {
        case serviceAccount, pod, node
    }

    private struct State {
        var serviceAccounts: [String: KubernetesObjectMetadata] = [:]
        var pods: [String: KubernetesPod] = [:]
        var nodes: [String: KubernetesObjectMetadata] = [:]
        var errors: [Resource: (error: KubernetesError, remaining: Int?)] = [:]
        var calls: [Resource: Int] = [:]
    }

    /// How long each call takes.
    let delay: Duration?
    /// What holds each call, when set, instead of the delay.
    let probe: ConcurrencyProbe?
    private let state = Mutex(State())

    /// Creates an API holding service account `default/app` annotated with role `arn:aws:iam::123456789012:role/app`,
    /// pod `default/app-0` on `node-1`, and `node-1` in `us-east-1`.
    init(delay: Duration? = nil, probe: ConcurrencyProbe? = nil) {
        self.delay = delay
        self.probe = probe
        self.addServiceAccount("default", "app", role: "arn:aws:iam::123456789012:role/app")
        self.addPod("default", "app-0", node: "node-1")
        self.addNode("node-1", region: "us-east-1")
    }

    /// Adds (or replaces) a service account, annotated with `role` when given.
    func addServiceAccount(_ namespace: String, _ name: String, role: String?) {
        var annotations: [String: String] = [:]
        annotations["eks.amazonaws.com/role-arn"] = role
        self.state.withLock {
            $0.serviceAccounts["\(namespace)/\(name)"] = KubernetesObjectMetadata(
                name: name,
                namespace: namespace,
                annotations: annotations
            )
        }
    }

    /// Adds (or replaces) a pod scheduled on `node` (nil: not scheduled yet).
    func addPod(_ namespace: String, _ name: String, node: String?) {
        self.state.withLock {
            $0.pods["\(namespace)/\(name)"] = KubernetesPod(
                metadata: KubernetesObjectMetadata(name: name, namespace: namespace),
                nodeName: node
            )
        }
    }

    /// Adds (or replaces) a node with the region label when given.
    func addNode(_ name: String, region: String?) {
        var labels: [String: String] = ["kubernetes.io/hostname": name]
        labels["topology.kubernetes.io/region"] = region
        self.state.withLock { $0.nodes[name] = KubernetesObjectMetadata(name: name, labels: labels) }
    }

    /// Makes reads of `resource` fail with `error`, `times` times (nil: every time).
    func fail(_ resource: Resource, with error: KubernetesError, times: Int? = nil) {
        self.state.withLock { $0.errors[resource] = (error, times) }
    }

    /// How many reads of `resource` were made.
    func calls(_ resource: Resource) -> Int {
        self.state.withLock { $0.calls[resource, default: 0] }
    }

    /// How many reads were made in all.
    var totalCalls: Int {
        self.state.withLock { $0.calls.values.reduce(0, +) }
    }

    func serviceAccount(namespace: String, name: String, deadline: ContinuousClock.Instant) async throws
        -> KubernetesObjectMetadata
    {
        try await self.read(.serviceAccount, "serviceaccounts/\(namespace)/\(name)") {
            $0.serviceAccounts["\(namespace)/\(name)"]
        }
    }

    func pod(namespace: String, name: String, deadline: ContinuousClock.Instant) async throws -> KubernetesPod {
        try await self.read(.pod, "pods/\(namespace)/\(name)") { $0.pods["\(namespace)/\(name)"] }
    }

    func node(name: String, deadline: ContinuousClock.Instant) async throws -> KubernetesObjectMetadata {
        try await self.read(.node, "nodes/\(name)") { $0.nodes[name] }
    }

    private func read<T: Sendable>(_ resource: Resource, _ path: String, _ find: (State) -> T?) async throws -> T {
        let (found, error) = self.state.withLock { state -> (T?, KubernetesError?) in
            state.calls[resource, default: 0] += 1
            if let (error, remaining) = state.errors[resource] {
                if let remaining {
                    state.errors[resource] = remaining > 1 ? (error, remaining - 1) : nil
                }
                return (nil, error)
            }
            return (find(state), nil)
        }
        if let probe = self.probe {
            try await probe.measure(hold: self.delay ?? .zero) {}
        } else if let delay = self.delay {
            try await Task.sleep(for: delay)
        }
        if let error {
            throw error
        }
        guard let found else {
            throw KubernetesError(
                code: .notFound,
                message: "\(path) not found",
                httpStatus: 404,
                resource: path
            )
        }
        return found
    }
}

extension KubernetesError {
    /// A fake API server error of `code` with HTTP `status`.
    static func fake(_ code: KubernetesError.Code, status: Int, _ detail: String = "injected") -> KubernetesError {
        KubernetesError(code: code, message: "\(detail) (HTTP \(status))", httpStatus: status)
    }
}

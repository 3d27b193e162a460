// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// The Kubernetes reads the provider makes, as a seam for fakes.
///
/// Every call is a GET of one object; it honours the deadline and the client's rate limit, and throws
/// ``KubernetesError`` (`notFound`, `forbidden`, …) naming the object.
public protocol KubernetesAPI: Sendable {
    /// Reads `serviceaccounts/<name>` in `namespace` (for the `eks.amazonaws.com/role-arn` annotation).
    func serviceAccount(namespace: String, name: String, deadline: ContinuousClock.Instant) async throws
        -> KubernetesObjectMetadata

    /// Reads `pods/<name>` in `namespace` (for the node it runs on).
    func pod(namespace: String, name: String, deadline: ContinuousClock.Instant) async throws -> KubernetesPod

    /// Reads `nodes/<name>` (for the `topology.kubernetes.io/region` label).
    func node(name: String, deadline: ContinuousClock.Instant) async throws -> KubernetesObjectMetadata
}

/// The parts of an object's metadata the provider reads.
public struct KubernetesObjectMetadata: Sendable, Hashable {
    /// `metadata.name`.
    public var name: String
    /// `metadata.namespace`; nil for cluster-scoped objects.
    public var namespace: String?
    /// `metadata.uid`.
    public var uid: String
    /// `metadata.labels`.
    public var labels: [String: String]
    /// `metadata.annotations`.
    public var annotations: [String: String]

    /// Creates metadata.
    public init(
        name: String,
        namespace: String? = nil,
        uid: String = "",
        labels: [String: String] = [:],
        annotations: [String: String] = [:]
    ) {
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.labels = labels
        self.annotations = annotations
    }
}

/// The parts of a pod the provider reads.
public struct KubernetesPod: Sendable, Hashable {
    /// The pod's metadata.
    public var metadata: KubernetesObjectMetadata
    /// `spec.nodeName`; nil before the pod is scheduled.
    public var nodeName: String?
    /// `spec.serviceAccountName`.
    public var serviceAccountName: String?

    /// Creates a pod.
    public init(metadata: KubernetesObjectMetadata, nodeName: String?, serviceAccountName: String? = nil) {
        self.metadata = metadata
        self.nodeName = nodeName
        self.serviceAccountName = serviceAccountName
    }
}

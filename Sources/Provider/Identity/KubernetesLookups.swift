// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import Coordination
public import Kubernetes
import SecretProviderClass
import Synchronization

/// The Kubernetes lookups of a mount, cached: the node's region once per process and each service account's role
/// briefly.
public struct KubernetesLookups: Sendable {
    /// The service account annotation that names the IAM role for IRSA.
    public static let roleAnnotation = "eks.amazonaws.com/role-arn"
    /// The node label that names the node's region.
    public static let regionLabel = "topology.kubernetes.io/region"

    private let kubernetes: any KubernetesAPI
    private let nodeName: String?
    /// The region of each node, by node name (only this node's in practice), remembered for the life of the
    /// process; a failed lookup is never handed to another pod.
    private let nodeRegions: SingleFlightCache<ExactText, String>
    private let serviceAccounts: SingleFlightCache<ExactText, KubernetesObjectMetadata>
    /// This node's name once a pod's lookup found it (when it was not configured).
    private let learnedNodeName = LearnedNodeName()
    /// Each pod's lookup of its node, shared only by concurrent requests for that same pod.
    private let podNodes: SingleFlightCache<ExactText, String>

    /// Creates the lookups.
    ///
    /// - Parameters:
    ///   - kubernetes: The API client.
    ///   - nodeName: This node's name when known (the chart passes `spec.nodeName`), which saves the pod lookup.
    ///   - roleLifetime: How long a service account's role is remembered.
    ///   - clock: The clock the roles' lifetime is measured on.
    public init(
        kubernetes: any KubernetesAPI,
        nodeName: String?,
        roleLifetime: Duration = .seconds(60),
        clock: TimeSource = .system
    ) {
        self.kubernetes = kubernetes
        self.nodeName = nodeName.flatMap { $0.isEmpty ? nil : $0 }
        self.nodeRegions = SingleFlightCache(lifetime: nil, sharesFailures: false, clock: clock)
        self.serviceAccounts = SingleFlightCache(lifetime: roleLifetime, clock: clock)
        self.podNodes = SingleFlightCache(lifetime: .zero, clock: clock)
    }

    /// The `topology.kubernetes.io/region` label of the node the pod runs on, or nil when the node has none.
    ///
    /// The provider serves only its own node, so once found the region is remembered for the life of the process:
    /// two Kubernetes calls (pod, then node) the first time, none after. Without `nodeName` each pod's own lookup
    /// finds the node (a pod's lookup, and its failure, which names the pod, are never shared with another pod);
    /// the node's lookup is shared by node name.
    /// - Throws: ``ProviderError`` naming the object that could not be read.
    public func nodeRegion(podNamespace: String, podName: String, deadline: ContinuousClock.Instant) async throws
        -> String?
    {
        do {
            let node = try await self.thisNode(podNamespace: podNamespace, podName: podName, deadline: deadline)
            let region = try await self.nodeRegions.value(for: ExactText(node)) {
                let metadata = try await self.kubernetes.node(name: node, deadline: deadline)
                guard let region = metadata.labels[Self.regionLabel], !region.isEmpty else {
                    throw MissingRegionLabel()
                }
                return region
            }
            return region
        } catch is MissingRegionLabel {
            return nil
        } catch {
            throw Self.failure(error, context: "failed to retrieve region from node")
        }
    }

    /// The IAM role ARN annotated on the service account, for IRSA.
    ///
    /// - Throws: ``ProviderError``: `permissionDenied` when the annotation is missing, or the lookup's error.
    public func roleArn(namespace: String, serviceAccount: String, deadline: ContinuousClock.Instant) async throws
        -> String
    {
        let metadata: KubernetesObjectMetadata
        do {
            metadata = try await self.serviceAccounts.value(for: ExactText("\(namespace)/\(serviceAccount)")) {
                try await self.kubernetes.serviceAccount(namespace: namespace, name: serviceAccount, deadline: deadline)
            }
        } catch {
            throw Self.failure(error, context: "failed to get service account \(namespace)/\(serviceAccount)")
        }
        guard let role = metadata.annotations[Self.roleAnnotation], !role.isEmpty else {
            throw ProviderError(
                code: .permissionDenied,
                message: "An IAM role must be associated with service account \(serviceAccount) (namespace: "
                    + "\(namespace)): annotate it with \(Self.roleAnnotation), or set usePodIdentity: \"true\" in the "
                    + "SecretProviderClass to use EKS Pod Identity"
            )
        }
        return role
    }

    private func thisNode(podNamespace: String, podName: String, deadline: ContinuousClock.Instant) async throws
        -> String
    {
        if let nodeName = self.nodeName ?? self.learnedNodeName.value.withLock({ $0 }) {
            return nodeName
        }
        let node = try await self.podNodes.value(for: ExactText("\(podNamespace)/\(podName)")) {
            let pod = try await self.kubernetes.pod(namespace: podNamespace, name: podName, deadline: deadline)
            guard let node = pod.nodeName, !node.isEmpty else {
                throw ProviderError(
                    code: .kubernetesFailed,
                    message: "pod \(podNamespace)/\(podName) is not scheduled on a node yet"
                )
            }
            return node
        }
        // The driver asks only for pods of this node, so their node is this node.
        self.learnedNodeName.value.withLock { $0 = node }
        return node
    }

    /// Maps a lookup failure to the mount's error, prefixed with what was being done.
    static func failure(_ error: any Error, context: String) -> any Error {
        switch error {
        case let error as KubernetesError:
            let code: ProviderError.Code =
                switch error.code {
                case .forbidden, .unauthorized: .permissionDenied
                case .notFound: .notFound
                case .timeout: .deadlineExceeded
                default: .kubernetesFailed
                }
            return ProviderError(code: code, message: "\(context): \(error.message)", cause: error)
        case let error as ProviderError:
            return ProviderError(code: error.code, message: "\(context): \(error.message)", cause: error.cause)
        default:
            return error
        }
    }
}

/// This node's name as the first successful pod lookup found it.
private final class LearnedNodeName: Sendable {
    let value = Mutex<String?>(nil)
}

/// The node has no region label: not an error of the lookup, and not remembered.
private struct MissingRegionLabel: Error {}

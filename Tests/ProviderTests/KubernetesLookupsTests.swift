// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Kubernetes
import ProviderTestSupport
import Testing

@testable import Provider

@Suite("KubernetesLookups")
struct KubernetesLookupsTests {
    let kubernetes = FakeKubernetes()

    var deadline: ContinuousClock.Instant { .now + .seconds(10) }

    @Test("the node's region is looked up once per process: pod then node, 2 calls for 10 mounts")
    func regionOnce() async throws {
        let lookups = KubernetesLookups(kubernetes: self.kubernetes, nodeName: nil)
        for _ in 0..<10 {
            let region = try await lookups.nodeRegion(
                podNamespace: "default",
                podName: "app-0",
                deadline: self.deadline
            )
            #expect(region == "us-east-1")
        }
        #expect(self.kubernetes.calls(.pod) == 1)
        #expect(self.kubernetes.calls(.node) == 1)
        #expect(self.kubernetes.totalCalls == 2)
    }

    @Test("10 concurrent first mounts still make 2 calls")
    func regionOnceConcurrently() async throws {
        let kubernetes = FakeKubernetes(delay: .milliseconds(100))
        let lookups = KubernetesLookups(kubernetes: kubernetes, nodeName: nil)
        let regions = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    try await lookups.nodeRegion(
                        podNamespace: "default",
                        podName: "app-0",
                        deadline: .now + .seconds(5)
                    )
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(regions == Array(repeating: "us-east-1", count: 10))
        #expect(kubernetes.totalCalls == 2)
    }

    @Test("with the node name configured only the node is read: 1 call")
    func nodeNameConfigured() async throws {
        self.kubernetes.addNode("node-7", region: "eu-west-1")
        let lookups = KubernetesLookups(kubernetes: self.kubernetes, nodeName: "node-7")
        for _ in 0..<10 {
            #expect(
                try await lookups.nodeRegion(podNamespace: "default", podName: "app-0", deadline: self.deadline)
                    == "eu-west-1"
            )
        }
        #expect(self.kubernetes.calls(.pod) == 0)
        #expect(self.kubernetes.calls(.node) == 1)
    }

    @Test("an empty node name means not configured")
    func emptyNodeName() async throws {
        let lookups = KubernetesLookups(kubernetes: self.kubernetes, nodeName: "")
        #expect(
            try await lookups.nodeRegion(podNamespace: "default", podName: "app-0", deadline: self.deadline)
                == "us-east-1"
        )
        #expect(self.kubernetes.calls(.pod) == 1)
    }

    @Test(
        "a node without the region label gives nil, and is asked again next time (the node's name is remembered)",
        arguments: [nil, ""] as [String?]
    )
    func missingLabel(label: String?) async throws {
        self.kubernetes.addNode("node-1", region: label)
        let lookups = KubernetesLookups(kubernetes: self.kubernetes, nodeName: nil)
        #expect(try await lookups.nodeRegion(podNamespace: "default", podName: "app-0", deadline: self.deadline) == nil)
        #expect(try await lookups.nodeRegion(podNamespace: "default", podName: "app-0", deadline: self.deadline) == nil)
        #expect(self.kubernetes.calls(.pod) == 1)
        #expect(self.kubernetes.calls(.node) == 2)
    }

    @Test("a pod not yet scheduled is a Kubernetes failure naming the pod")
    func unscheduledPod() async throws {
        self.kubernetes.addPod("default", "app-0", node: nil)
        let lookups = KubernetesLookups(kubernetes: self.kubernetes, nodeName: nil)
        let error = try await Self.providerError {
            _ = try await lookups.nodeRegion(podNamespace: "default", podName: "app-0", deadline: self.deadline)
        }
        #expect(error.code == .kubernetesFailed)
        #expect(error.message.contains("default/app-0"))
        #expect(error.message.hasPrefix("failed to retrieve region from node"))
    }

    /// Kubernetes error codes and the mount codes they become.
    static let codes: [(KubernetesError.Code, Int, ProviderError.Code)] = [
        (.forbidden, 403, .permissionDenied),
        (.unauthorized, 401, .permissionDenied),
        (.notFound, 404, .notFound),
        (.timeout, 0, .deadlineExceeded),
        (.serverError, 503, .kubernetesFailed),
        (.network, 0, .kubernetesFailed),
    ]

    @Test("region lookup errors keep their cause and are not remembered", arguments: Self.codes)
    func regionErrors(code: KubernetesError.Code, status: Int, expected: ProviderError.Code) async throws {
        self.kubernetes.fail(
            .node,
            with: .fake(code, status: status, "nodes \"node-1\" is forbidden: no get"),
            times: 1
        )
        let lookups = KubernetesLookups(kubernetes: self.kubernetes, nodeName: nil)
        let error = try await Self.providerError {
            _ = try await lookups.nodeRegion(podNamespace: "default", podName: "app-0", deadline: self.deadline)
        }
        #expect(error.code == expected)
        #expect(error.message.hasPrefix("failed to retrieve region from node: nodes \"node-1\""))
        #expect(error.cause is KubernetesError)
        #expect(
            try await lookups.nodeRegion(podNamespace: "default", podName: "app-0", deadline: self.deadline)
                == "us-east-1"
        )
    }

    @Test("the role comes from the service account's annotation and is cached briefly")
    func roleCached() async throws {
        let clock = ManualClock()
        let lookups = KubernetesLookups(
            kubernetes: self.kubernetes,
            nodeName: nil,
            roleLifetime: .seconds(60),
            clock: clock.timeSource
        )
        for _ in 0..<5 {
            #expect(
                try await lookups.roleArn(namespace: "default", serviceAccount: "app", deadline: self.deadline)
                    == "arn:aws:iam::123456789012:role/app"
            )
        }
        #expect(self.kubernetes.calls(.serviceAccount) == 1)

        self.kubernetes.addServiceAccount("default", "app", role: "arn:aws:iam::123456789012:role/new")
        clock.advance(by: .seconds(59))
        _ = try await lookups.roleArn(namespace: "default", serviceAccount: "app", deadline: self.deadline)
        #expect(self.kubernetes.calls(.serviceAccount) == 1)
        clock.advance(by: .seconds(2))
        #expect(
            try await lookups.roleArn(namespace: "default", serviceAccount: "app", deadline: self.deadline)
                == "arn:aws:iam::123456789012:role/new"
        )
        #expect(self.kubernetes.calls(.serviceAccount) == 2)
    }

    @Test("roles are cached per namespace and service account")
    func rolePerServiceAccount() async throws {
        self.kubernetes.addServiceAccount("other", "app", role: "arn:aws:iam::123456789012:role/other")
        let lookups = KubernetesLookups(kubernetes: self.kubernetes, nodeName: nil)
        let first = try await lookups.roleArn(namespace: "default", serviceAccount: "app", deadline: self.deadline)
        let second = try await lookups.roleArn(namespace: "other", serviceAccount: "app", deadline: self.deadline)
        #expect(first != second)
        #expect(self.kubernetes.calls(.serviceAccount) == 2)
    }

    @Test("no role annotation: permission denied naming the service account", arguments: [nil, ""] as [String?])
    func missingRole(role: String?) async throws {
        self.kubernetes.addServiceAccount("team-a", "worker", role: role)
        let lookups = KubernetesLookups(kubernetes: self.kubernetes, nodeName: nil)
        let error = try await Self.providerError {
            _ = try await lookups.roleArn(namespace: "team-a", serviceAccount: "worker", deadline: self.deadline)
        }
        #expect(error.code == .permissionDenied)
        #expect(error.message.contains("service account worker"))
        #expect(error.message.contains("namespace: team-a"))
        #expect(error.message.contains("eks.amazonaws.com/role-arn"))
    }

    @Test("service account lookup errors", arguments: Self.codes)
    func serviceAccountErrors(code: KubernetesError.Code, status: Int, expected: ProviderError.Code) async throws {
        self.kubernetes.fail(.serviceAccount, with: .fake(code, status: status), times: 1)
        let lookups = KubernetesLookups(kubernetes: self.kubernetes, nodeName: nil)
        let error = try await Self.providerError {
            _ = try await lookups.roleArn(namespace: "default", serviceAccount: "app", deadline: self.deadline)
        }
        #expect(error.code == expected)
        #expect(error.message.hasPrefix("failed to get service account default/app: "))
        // Not remembered: the next mount asks again and succeeds.
        _ = try await lookups.roleArn(namespace: "default", serviceAccount: "app", deadline: self.deadline)
        #expect(self.kubernetes.calls(.serviceAccount) == 2)
    }

    @Test("a missing service account is not found")
    func missingServiceAccount() async throws {
        let lookups = KubernetesLookups(kubernetes: self.kubernetes, nodeName: nil)
        let error = try await Self.providerError {
            _ = try await lookups.roleArn(namespace: "default", serviceAccount: "ghost", deadline: self.deadline)
        }
        #expect(error.code == .notFound)
        #expect(error.message.contains("default/ghost"))
    }

    static func providerError(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> ProviderError
    {
        do {
            try await body()
        } catch let error as ProviderError {
            return error
        }
        Issue.record("no error was thrown", sourceLocation: sourceLocation)
        throw HarnessError.mountSucceeded
    }

    @Test("F9: without the node's name, one tenant's failing pod lookup is never handed to another tenant")
    func failuresStayWithTheirPod() async throws {
        // Each read is held until both tenants' pod reads are in flight: the lookups overlap, however slowly the
        // machine starts them (keyed by nothing, B would join A's read instead, and wait here for a minute).
        let kubernetes = FakeKubernetes(probe: ConcurrencyProbe(expecting: 2))
        kubernetes.addPod("tenant-b", "web-0", node: "node-1")
        let lookups = KubernetesLookups(kubernetes: kubernetes, nodeName: nil)
        let tenantA = Task {
            try await lookups.nodeRegion(
                podNamespace: "tenant-a",
                podName: "secret-project-x",
                deadline: .now + .seconds(5)
            )
        }
        let tenantB = Task {
            try await lookups.nodeRegion(podNamespace: "tenant-b", podName: "web-0", deadline: .now + .seconds(5))
        }
        #expect(try await tenantB.value == "us-east-1")
        let error = try await Self.providerError { _ = try await tenantA.value }
        #expect(error.message.contains("tenant-a/secret-project-x"))
    }
}

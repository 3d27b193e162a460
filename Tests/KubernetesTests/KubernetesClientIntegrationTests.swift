// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Coordination
import Foundation
import Kubernetes
import Logging
import ProviderTestSupport
import Testing

/// The real client against the rig's fake Kubernetes API: reads, error answers, retries and deadlines.
struct KubernetesClientIntegrationTests {
    static func deadline(_ duration: Duration = .seconds(15)) -> ContinuousClock.Instant {
        .now + duration
    }

    @Test("a service account is read with its labels and annotations")
    func serviceAccount() async throws {
        let rig = try await KubernetesRig.start()
        let name = KubernetesRig.uniqueName("app")
        let annotations = ["eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/app", "note": "x"]
        try await rig.seed([
            KubernetesRig.serviceAccount(namespace: "shop", name: name, labels: ["team": "a"], annotations: annotations)
        ])
        let account = try await rig.withClient {
            try await $0.serviceAccount(namespace: "shop", name: name, deadline: Self.deadline())
        }
        #expect(
            account
                == KubernetesObjectMetadata(
                    name: name,
                    namespace: "shop",
                    uid: "uid-\(name)",
                    labels: ["team": "a"],
                    annotations: annotations
                )
        )
    }

    @Test("a pod is read with its node and service account, and a node with its labels")
    func podAndNode() async throws {
        let rig = try await KubernetesRig.start()
        let pod = KubernetesRig.uniqueName("web")
        let node = KubernetesRig.uniqueName("ip-10-0-0-1")
        try await rig.seed([
            KubernetesRig.pod(namespace: "shop", name: pod, node: node, serviceAccount: "web"),
            KubernetesRig.node(name: node, labels: ["topology.kubernetes.io/region": "eu-west-1"]),
        ])
        try await rig.withClient { client in
            let readPod = try await client.pod(namespace: "shop", name: pod, deadline: Self.deadline())
            #expect(readPod.metadata.name == pod)
            #expect(readPod.metadata.namespace == "shop")
            #expect(readPod.nodeName == node)
            #expect(readPod.serviceAccountName == "web")
            let readNode = try await client.node(name: node, deadline: Self.deadline())
            #expect(readNode.name == node)
            #expect(readNode.namespace == nil)
            #expect(readNode.labels["topology.kubernetes.io/region"] == "eu-west-1")
        }
    }

    @Test("a missing object is notFound, naming it")
    func notFound() async throws {
        let rig = try await KubernetesRig.start()
        let name = KubernetesRig.uniqueName("missing")
        let error = try await rig.withClient { client in
            try await #require(throws: KubernetesError.self) {
                try await client.serviceAccount(namespace: "default", name: name, deadline: Self.deadline())
            }
        }
        #expect(error.code == .notFound)
        #expect(error.message == "the Kubernetes API has no serviceaccount \"default/\(name)\" (404 NotFound)")
        #expect(error.httpStatus == 404)
        #expect(error.resource == "serviceaccounts/default/\(name)")
    }

    @Test("a 403 is forbidden, quotes the API's message and is not retried")
    func forbidden() async throws {
        let rig = try await KubernetesRig.start()
        let name = KubernetesRig.uniqueName("denied")
        let path = "/api/v1/namespaces/default/serviceaccounts/\(name)"
        try await rig.fault(path: path, status: 403, count: 1)
        let error = try await rig.withClient { client in
            try await #require(throws: KubernetesError.self) {
                try await client.serviceAccount(namespace: "default", name: name, deadline: Self.deadline())
            }
        }
        #expect(error.code == .forbidden)
        #expect(
            error.message
                == "the Kubernetes API forbids reading serviceaccount \"default/\(name)\" (403 Forbidden): "
                + "injected Forbidden for \(path)"
        )
        #expect(try await rig.requests(path: path) == [.init(path: path, status: 403)])
    }

    @Test("a wrong token is unauthorized, and no message or log line holds a token")
    func wrongToken() async throws {
        let rig = try await KubernetesRig.start()
        let node = KubernetesRig.uniqueName("node")
        try await rig.seed([KubernetesRig.node(name: node, labels: [:])])
        let (logger, records) = RecordingLogHandler.logger()
        let error = try await rig.withClient(rig.configuration(token: "wrong-token-value"), logger: logger) { client in
            try await #require(throws: KubernetesError.self) {
                try await client.node(name: node, deadline: Self.deadline())
            }
        }
        #expect(error.code == .unauthorized)
        #expect(error.httpStatus == 401)
        #expect(error.message.contains("the configured bearer token is invalid or expired"))
        let texts = records.all.map(\.text) + ["\(error)"]
        #expect(!texts.isEmpty)
        for text in texts {
            #expect(!text.contains("wrong-token-value"))
            #expect(!text.contains(rig.rig.kubernetesToken))
        }
    }

    @Test("an injected 500 is retried once, then the read succeeds")
    func retriedServerError() async throws {
        let rig = try await KubernetesRig.start()
        let node = KubernetesRig.uniqueName("flaky")
        let path = "/api/v1/nodes/\(node)"
        try await rig.seed([KubernetesRig.node(name: node, labels: ["a": "b"])])
        try await rig.fault(path: path, status: 500, count: 1)
        let read = try await rig.withClient { try await $0.node(name: node, deadline: Self.deadline()) }
        #expect(read.labels == ["a": "b"])
        #expect(try await rig.requests(path: path).map(\.status) == [500, 200])
    }

    @Test("503s that do not stop end in serverError after three attempts", arguments: [503, 429])
    func persistentServerError(status: Int) async throws {
        let rig = try await KubernetesRig.start()
        let node = KubernetesRig.uniqueName("down")
        let path = "/api/v1/nodes/\(node)"
        try await rig.fault(path: path, status: status, count: 10)
        let error = try await rig.withClient { client in
            try await #require(throws: KubernetesError.self) {
                try await client.node(name: node, deadline: Self.deadline())
            }
        }
        #expect(error.code == .serverError)
        #expect(error.httpStatus == status)
        #expect(error.message.hasSuffix("after 3 attempts"))
        #expect(try await rig.requests(path: path).map(\.status) == [status, status, status])
    }

    @Test("a slow answer past the deadline is a timeout at the deadline")
    func slowAnswer() async throws {
        let rig = try await KubernetesRig.start()
        let node = KubernetesRig.uniqueName("slow")
        try await rig.seed([KubernetesRig.node(name: node, labels: [:])])
        try await rig.fault(path: "/api/v1/nodes/\(node)", status: 0, count: 1, delayMilliseconds: 30_000)
        let started = ContinuousClock.now
        let error = try await rig.withClient { client in
            try await #require(throws: KubernetesError.self) {
                try await client.node(name: node, deadline: started + .seconds(1))
            }
        }
        let elapsed = ContinuousClock.now - started
        #expect(error.code == .timeout)
        #expect(error.message.contains("did not answer the request for node \"\(node)\" before its deadline"))
        #expect(elapsed >= .milliseconds(950))
        // Far below the 30 s delay, with room for a loaded machine.
        #expect(elapsed < .seconds(15))
    }

    @Test("qps and burst: burst requests at once, then one every 1/qps seconds")
    func rateLimitSpacing() async throws {
        let rig = try await KubernetesRig.start()
        let node = KubernetesRig.uniqueName("limited")
        try await rig.seed([KubernetesRig.node(name: node, labels: [:])])
        let (qps, burst, count) = (5.0, 2, 7)
        let finished = try await rig.withClient(qps: qps, burst: burst) { client in
            let started = ContinuousClock.now
            return try await withThrowingTaskGroup(of: Duration.self) { group in
                for _ in 0..<count {
                    group.addTask {
                        _ = try await client.node(name: node, deadline: Self.deadline(.seconds(30)))
                        return ContinuousClock.now - started
                    }
                }
                var finished: [Duration] = []
                for try await elapsed in group {
                    finished.append(elapsed)
                }
                return finished.sorted()
            }
        }
        print("Kubernetes requests at qps \(qps), burst \(burst) finished after \(finished)")
        // The k-th request cannot start before its token: lower bounds only, the machine may be slow.
        for (index, elapsed) in finished.enumerated() where index >= burst {
            let earliest = Double(index + 1 - burst) / qps
            #expect(elapsed.inSeconds >= earliest - 0.02, "request \(index) finished after \(elapsed)")
        }
        #expect(try await rig.requests(path: "/api/v1/nodes/\(node)").count == count)
    }

    @Test("waiting for the rate limit ends at the deadline with a timeout naming it, and sends nothing")
    func rateLimitDeadline() async throws {
        let rig = try await KubernetesRig.start()
        let node = KubernetesRig.uniqueName("quota")
        try await rig.seed([KubernetesRig.node(name: node, labels: [:])])
        // One token every 100 s: however slow the first call, the second must wait past its deadline.
        try await rig.withClient(qps: 0.01, burst: 1) { client in
            _ = try await client.node(name: node, deadline: Self.deadline())
            let error = try await #require(throws: KubernetesError.self) {
                try await client.node(name: node, deadline: .now + .milliseconds(300))
            }
            #expect(error.code == .timeout)
            #expect(error.message.contains("client-side rate limit"))
            #expect(error.message.contains("(0.01 requests per second, burst 1)"))
        }
        #expect(try await rig.requests(path: "/api/v1/nodes/\(node)").count == 1)
    }

    @Test("a cancelled call waiting for the rate limit ends at once")
    func rateLimitCancellation() async throws {
        let rig = try await KubernetesRig.start()
        let node = KubernetesRig.uniqueName("cancel")
        try await rig.seed([KubernetesRig.node(name: node, labels: [:])])
        // The real clock, telling the test when the client starts waiting (only the rate limit waits here).
        let (waits, waiting) = AsyncStream.makeStream(of: Void.self)
        let clock = TimeSource(now: TimeSource.system.now, date: TimeSource.system.date) { instant in
            waiting.yield()
            try await TimeSource.system.sleep(until: instant)
        }
        try await rig.withClient(qps: 0.1, burst: 1, clock: clock) { client in
            _ = try await client.node(name: node, deadline: Self.deadline())
            let started = ContinuousClock.now
            let waiter = Task { try await client.node(name: node, deadline: Self.deadline(.seconds(60))) }
            var iterator = waits.makeAsyncIterator()
            await iterator.next()
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }
            // Long before the next token (10 s away), with room for a loaded machine.
            #expect(ContinuousClock.now - started < .seconds(8))
        }
        #expect(try await rig.requests(path: "/api/v1/nodes/\(node)").count == 1)
    }
}

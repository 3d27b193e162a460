// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import MetricsTestKit
import ProviderTestSupport
import Testing

@testable import Provider

/// The fewest AWS calls: current Secrets Manager versions in `BatchGetSecretValue` calls of up to 20, a fallback
/// when the role may not batch, and the per-node cache shared by concurrent mounts of one identity.
@Suite("MountService batching and cache")
struct MountServiceBatchTests {
    let harness = MountHarness()

    var east: FakeSecretsManager { self.harness.aws.sm("us-east-1") }

    func seed(_ count: Int, in manager: FakeSecretsManager? = nil) -> String {
        (0..<count).map { index in
            (manager ?? self.east).put("s\(index)", "value-\(index)", version: "v\(index)")
            return smObject("s\(index)")
        }.joined()
    }

    @Test("25 current secrets take two BatchGetSecretValue calls (20 and 5); pinned and labelled ones GetSecretValue")
    func batchesOfTwenty() async throws {
        let objects = self.seed(25)
        self.east.put("pinned", "p", version: "p1")
        self.east.put("labelled", "l", version: "l1", stages: ["AWSCURRENT", "blue"])
        let result = try await self.harness.mount(
            MountRequestBuilder(
                objects: objects + smObject("pinned", version: "p1") + smObject("labelled", label: "blue")
            )
            .build()
        )
        #expect(result.objectVersions.count == 27)
        let batches = self.east.calls.compactMap { call -> [String]? in
            if case .batchGetSecretValue(let ids) = call { return ids }
            return nil
        }
        #expect(batches.map(\.count).sorted() == [5, 20])
        #expect(Set(batches.flatMap { $0 }) == Set((0..<25).map { "s\($0)" }))
        #expect(self.east.count(.getSecretValue) == 2)
        #expect(self.harness.volume.text("s24") == "value-24")
    }

    @Test("BatchGetSecretValue denied: GetSecretValue for each secret, the refusal remembered and said once")
    func deniedFallsBack() async throws {
        let objects = self.seed(3)
        self.east.fail(
            .batchGetSecretValue,
            with: .fake(.accessDenied, "not authorized to perform secretsmanager:BatchGetSecretValue")
        )
        _ = try await self.harness.mount(MountRequestBuilder(objects: objects).build())
        #expect(self.east.count(.batchGetSecretValue) == 1)
        #expect(self.east.count(.getSecretValue) == 3)
        #expect(self.harness.volume.text("s2") == "value-2")

        // Past the freshness window the same identity goes straight to GetSecretValue.
        self.harness.clock.advance(by: .seconds(31))
        _ = try await self.harness.mount(MountRequestBuilder(objects: objects).build())
        #expect(self.east.count(.batchGetSecretValue) == 1)
        #expect(self.east.count(.getSecretValue) == 6)
        #expect(self.harness.logs.all.filter { $0.text.contains("BatchGetSecretValue is denied") }.count == 1)
        #expect(try self.harness.metrics.expectCounter("secrets_provider_batch_fallbacks_total").totalValue == 1)

        // Another identity is not affected by that refusal.
        self.harness.kubernetes.addServiceAccount("other", "app", role: "arn:aws:iam::123456789012:role/other")
        var other = MountRequestBuilder(objects: objects)
        other.namespace = "other"
        _ = try await self.harness.mount(other.build())
        #expect(self.east.count(.batchGetSecretValue) == 2)
    }

    @Test("a secret the batch cannot read fails that object only, with its own cause")
    func perSecretError() async throws {
        let objects = self.seed(2) + smObject("gone")
        let error = try await self.harness.failure(MountRequestBuilder(objects: objects).build())
        #expect(error.code == .notFound)
        #expect(error.message.hasPrefix("failed to mount 1 of 3 objects; nothing was written:\n- secretsmanager gone"))
        #expect(self.east.calls == [.batchGetSecretValue(["s0", "s1", "gone"])])
        #expect(self.harness.volume.writes.isEmpty)
    }

    @Test(
        "a batch answer matches a secret named by name, full ARN or partial ARN",
        arguments: [
            ("db", true), ("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", true),
            ("arn:aws:secretsmanager:us-east-1:123456789012:secret:db", true),
            ("arn:aws:secretsmanager:us-east-1:1:secret:d", false),
            ("db-AbCdEf", false), ("other", false),
        ]
    )
    func answers(name: String, matches: Bool) {
        let value = SecretValue(
            name: "db",
            arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
            versionId: "v1",
            versionStages: ["AWSCURRENT"],
            contents: .string("x")
        )
        #expect(SecretsManagerFetcher.answers(value, name) == matches)
    }

    @Test("20 concurrent mounts of 15 secrets by one identity: one BatchGetSecretValue and one credential source")
    func concurrentMountsShareOneFetch() async throws {
        let harness = MountHarness(probe: ConcurrencyProbe())
        let east = harness.aws.sm("us-east-1")
        let objects = (0..<15).map { index in
            east.put("s\(index)", "value-\(index)", version: "v\(index)")
            return smObject("s\(index)")
        }.joined()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for pod in 0..<20 {
                let target = "/var/lib/kubelet/pods/pod-\(pod)/volumes/kubernetes.io~csi/secrets/mount"
                harness.volume.setTarget(target, exists: true)
                var builder = MountRequestBuilder(objects: objects)
                builder.target = target
                builder.podName = "app-\(pod)"
                let request = builder.build()
                group.addTask { _ = try await harness.mount(request) }
            }
            try await group.waitForAll()
        }
        #expect(east.calls.count == 1)
        #expect(east.count(.batchGetSecretValue) == 1)
        #expect(harness.aws.made.count == 1)
        #expect(harness.registry.count == 20)
        // The other 19 mounts were answered from memory or by joining the first fetch.
        let answered = ["hit", "shared"].map { result in
            (try? harness.metrics.expectCounter("secrets_provider_cache_lookups_total", [("result", result)]))?
                .totalValue ?? 0
        }
        #expect(answered.reduce(0, +) == 19 * 15)

        // A second identity gets its own fetch.
        harness.kubernetes.addServiceAccount("other", "app", role: "arn:aws:iam::123456789012:role/other")
        var other = MountRequestBuilder(objects: objects)
        other.namespace = "other"
        _ = try await harness.mount(other.build())
        #expect(east.count(.batchGetSecretValue) == 2)
        #expect(harness.aws.made.count == 2)
    }
}

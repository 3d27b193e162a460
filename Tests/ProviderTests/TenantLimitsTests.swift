// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Logging
import MetricsTestKit
import PodVolume
import ProviderTestSupport
import SecretProviderClass
import Testing

@testable import Provider

/// One tenant must not hurt the node or another tenant: each reproduction of the security review (F1, F5, F10, F12,
/// S1 and the reconciler's side of F2) against the service with fakes.
@Suite("Tenant limits")
struct TenantLimitsTests {
    /// 4096 × U+0001: 24 KiB of JSON that serialises to six bytes per character.
    static let amplifiable = #"{"a": ""# + String(repeating: #"\u0001"#, count: 4096) + #""}"#

    /// The review's 77-byte expression: 13 stages that double a shared value.
    static let amplifier = "[a,a]" + String(repeating: "|[@,@]", count: 12)

    @Test("F1: an expression that doubles a shared value 13 times fails its entry; nothing is built or written")
    func amplification() async throws {
        let harness = MountHarness()
        harness.aws.sm("us-east-1").put("amp", Self.amplifiable, version: "v1")
        let error = try await harness.failure(
            MountRequestBuilder(objects: smObject("amp", jmesPath: [(Self.amplifier, "out0")])).build()
        )
        #expect(error.code == .invalidRequest)
        #expect(error.message.contains("objectAlias out0 of secretsmanager amp"), "\(error.message)")
        #expect(error.message.contains("--max-file-bytes") || error.message.contains("--max-jmespath-steps-per-mount"))
        #expect(harness.volume.writes.isEmpty)
        #expect(error.message.utf8.count < 2048)
    }

    @Test("F1: the JMESPath work of all entries of a mount is one budget; running out stops the mount")
    func sharedStepBudget() async throws {
        let harness = MountHarness(renderLimits: RenderLimits(jmesPathSteps: 50_000))
        harness.aws.sm("us-east-1").put(
            "list",
            "[" + (0..<5000).map(String.init).joined(separator: ",") + "]",
            version: "v1"
        )
        let entries = (0..<20).map { ("sort(@)", "sorted-\($0)") }
        let error = try await harness.failure(MountRequestBuilder(objects: smObject("list", jmesPath: entries)).build())
        #expect(error.code == .invalidRequest)
        #expect(error.message.contains("--max-jmespath-steps-per-mount"), "\(error.message)")
        #expect(error.message.hasSuffix("nothing was written"))
        #expect(harness.volume.writes.isEmpty)
    }

    @Test("F5: one secret under 1000 aliases fails before rendering, from the values' known sizes")
    func fanOut() async throws {
        let harness = MountHarness()
        harness.aws.sm("us-east-1").put("big", String(repeating: "x", count: 65_536), version: "v1")
        let objects = (0..<1000).map { smObject("big", alias: "f\($0)") }.joined()
        let error = try await harness.failure(MountRequestBuilder(objects: objects).build())
        #expect(error.code == .invalidRequest)
        #expect(error.message.contains("65536000 bytes in all"), "\(error.message)")
        #expect(error.message.contains("--max-mount-bytes"))
        #expect(harness.volume.writes.isEmpty)
    }

    @Test(
        "F5: a mount stops at the first file over its limits: bytes of one file, bytes of all, number of files",
        arguments: [
            (RenderLimits(maximumFileBytes: 100), "--max-file-bytes"),
            (RenderLimits(maximumMountBytes: 250), "--max-mount-bytes"),
            (RenderLimits(maximumFiles: 2), "--max-files-per-mount"),
        ]
    )
    func renderLimits(limits: RenderLimits, flag: String) async throws {
        let harness = MountHarness(driverWritesSecrets: true, renderLimits: limits)
        harness.aws.sm("us-east-1").put("db", #"{"a":""# + String(repeating: "y", count: 90) + #""}"#, version: "v1")
        let entries = [("a", "a1"), ("a", "a2"), ("[a,a]", "pair")]
        let error = try await harness.failure(MountRequestBuilder(objects: smObject("db", jmesPath: entries)).build())
        #expect(error.message.contains(flag), "\(error.message)")
        #expect(!error.message.contains("yyyy"))
    }

    @Test("F5: a jmesPath file may be at most four times its value plus 4 KiB, whatever --max-file-bytes allows")
    func tiedToInput() async throws {
        let harness = MountHarness(driverWritesSecrets: true)
        harness.aws.sm("us-east-1").put("db", #"{"a":"abc"}"#, version: "v1")
        let grown = "[a,a]" + String(repeating: "|[@,@]", count: 10)  // 2048 copies: more than 4 × 11 + 4096 bytes.
        let error = try await harness.failure(
            MountRequestBuilder(objects: smObject("db", jmesPath: [(grown, "g")])).build()
        )
        #expect(error.message.contains("is more than 4140 bytes"), "\(error.message)")
    }

    @Test("F12: 2000 failed objects make a message of 20 lines and a count, under 8 KiB")
    func boundedMessage() async throws {
        let harness = MountHarness(planLimits: MountPlanLimits(maximumObjects: 3000, maximumFiles: 3000))
        let objects = (0..<2000).map { smObject("missing-\($0)-" + String(repeating: "m", count: 200)) }.joined()
        let error = try await harness.failure(MountRequestBuilder(objects: objects).build())
        #expect(error.code == .notFound)
        #expect(error.message.utf8.count <= BoundedListing.maximumBytes)
        #expect(error.message.hasPrefix("failed to mount 2000 of 2000 objects; nothing was written:\n"))
        let lines = error.message.split(separator: "\n")
        #expect(lines.last?.hasPrefix("… and ") == true && lines.last?.hasSuffix("more objects") == true)
        #expect(lines.count <= 22)
    }

    @Test("F10: expired values are swept in driver-writes mode too, where nothing reconciles")
    func sweepWithoutReconciler() async throws {
        let harness = MountHarness(driverWritesSecrets: true, cacheTTL: .seconds(1))
        harness.aws.sm("us-east-1").put("db", "one", version: "v1")
        _ = try await harness.mount(MountRequestBuilder(objects: smObject("db")).build())
        #expect(harness.service.cacheSweepInterval == .seconds(1))
        #expect(try harness.metrics.expectGauge("secrets_provider_cache_entries").lastValue == 1)
        harness.clock.advance(by: .seconds(2))
        harness.service.sweepCache()
        #expect(try harness.metrics.expectGauge("secrets_provider_cache_entries").lastValue == 0)
    }

    @Test("F2: a target replaced after its Mount (its tmpfs unmounted) is forgotten and never written again")
    func replacedTarget() async throws {
        let harness = MountHarness()
        harness.aws.sm("us-east-1").put("db", "one", version: "v1")
        _ = try await harness.mount(MountRequestBuilder(objects: smObject("db")).build())
        harness.aws.sm("us-east-1").put("db", "two", version: "v2")
        harness.volume.replaceTarget(MountRequestBuilder.target)
        let writes = harness.volume.writes.count
        harness.clock.advance(by: .seconds(1))
        #expect(await harness.reconciler.pass() == [MountRequestBuilder.target: .forgotten])
        #expect(harness.volume.writes.count == writes)
        #expect(harness.volume.files().isEmpty)
        #expect(harness.registry.count == 0)
        #expect(harness.logs.all.contains { $0.text.contains("no longer the volume the Mount wrote") })
    }

    @Test("S1: a pass that fetched before a newer Mount never writes over that Mount's files")
    func supersededPass() async throws {
        let harness = MountHarness()
        harness.aws.sm("us-east-1").put("db", "one", version: "v1")
        _ = try await harness.mount(MountRequestBuilder(objects: smObject("db")).build())
        let old = try #require(harness.registry.registrations().first)
        _ = try await harness.mount(MountRequestBuilder(objects: smObject("db", alias: "renamed")).build())
        harness.aws.sm("us-east-1").put("db", "two", version: "v2")  // So the old registration has something to write.
        let writes = harness.volume.writes.count
        harness.clock.advance(by: .milliseconds(1))
        let outcome = try await harness.reconciler.pipeline.run(
            old.context,
            mountedVersions: old.versions,
            freshAfter: harness.clock.now,
            deadline: .now + .seconds(5),
            logger: .init(label: "test"),
            delivery: .reconcile(old)
        )
        #expect(outcome.written.isEmpty)
        #expect(outcome.versions.map(\.version) == ["v2"], "the pass did fetch the rotated value")
        #expect(harness.volume.writes.count == writes)
        #expect(harness.registry.registrations().first?.context.plan.plan.files.map(\.path) == ["renamed"])
    }
}

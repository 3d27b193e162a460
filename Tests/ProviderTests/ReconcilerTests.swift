// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import MetricsTestKit
import PodVolume
import ProviderTestSupport
import Testing

@testable import Provider

/// The provider's own rotation: registered provider-writes mounts re-checked on each pass, only changed files
/// rewritten, forgotten when their directory goes, paused when their token expires.
@Suite("Reconciler")
struct ReconcilerTests {
    let harness = MountHarness()
    static let target = MountRequestBuilder.target

    var east: FakeSecretsManager { self.harness.aws.sm("us-east-1") }

    /// A pass, one millisecond after the previous step, as time moves between passes.
    func pass() async -> [String: ProviderMetrics.ReconcileOutcome] {
        self.harness.clock.advance(by: .milliseconds(1))
        return await self.harness.reconciler.pass()
    }

    @Test("a rotated secret reaches the files without a Mount; jmesPath files follow, pinned versions stay")
    func rotation() async throws {
        self.east.put("db", #"{"username":"admin","password":"one"}"#, version: "v1")
        self.east.put("pinned", "p1", version: "p1")
        self.harness.aws.ssm("us-east-1").put("host", "h1")
        let objects =
            smObject("db", jmesPath: [("password", "password")]) + smObject("pinned", version: "p1")
            + ssmObject("host")
        _ = try await self.harness.mount(MountRequestBuilder(objects: objects).build())
        #expect(self.harness.registry.count == 1)
        #expect(await self.pass() == [Self.target: .unchanged])

        self.east.put("db", #"{"username":"admin","password":"two"}"#, version: "v2")
        self.east.put("pinned", "p2", version: "p2")
        self.harness.aws.ssm("us-east-1").put("host", "h2")
        let before = self.harness.volume.writes.count
        #expect(await self.pass() == [Self.target: .changed])
        #expect(self.harness.volume.text("password") == "two")
        #expect(self.harness.volume.text("host") == "h2")
        #expect(self.harness.volume.text("pinned") == "p1")
        #expect(Set(self.harness.volume.writes[before...].flatMap { $0.map(\.path) }) == ["db", "password", "host"])
        #expect(self.harness.logs.all.contains { $0.text.hasPrefix("Rotated files files=db,host,password") })
        #expect(
            try self.harness.metrics.expectCounter("secrets_provider_reconciles_total", [("outcome", "changed")])
                .totalValue == 1
        )
        #expect(
            try self.harness.metrics.expectCounter("secrets_provider_reconcile_files_written_total").totalValue == 3
        )
    }

    @Test("five pods of one identity mounting one secret: one check per pass")
    func oneCheckPerPass() async throws {
        self.east.put("db", "one", version: "v1")
        for pod in 0..<5 {
            let target = "/var/lib/kubelet/pods/p\(pod)/volumes/kubernetes.io~csi/s/mount"
            self.harness.volume.setTarget(target, exists: true)
            var builder = MountRequestBuilder(objects: smObject("db"))
            builder.target = target
            _ = try await self.harness.mount(builder.build())
        }
        #expect(self.east.count(.getSecretValue) == 1)
        self.east.put("db", "two", version: "v2")
        let outcomes = await self.pass()
        #expect(outcomes.values.filter { $0 == .changed }.count == 5)
        #expect(self.east.count(.getSecretValue) == 2)
        #expect(
            self.harness.volume.text("db", in: "/var/lib/kubelet/pods/p3/volumes/kubernetes.io~csi/s/mount") == "two"
        )
    }

    @Test("a target whose directory is gone is forgotten and costs no call")
    func forgetsGoneTarget() async throws {
        self.east.put("db", "one", version: "v1")
        _ = try await self.harness.mount(MountRequestBuilder(objects: smObject("db")).build())
        self.harness.volume.setTarget(Self.target, exists: false)
        #expect(await self.pass() == [Self.target: .forgotten])
        #expect(self.harness.registry.count == 0)
        #expect(self.east.count(.getSecretValue) == 1)
        #expect(self.harness.logs.all.contains { $0.text.contains("Mount forgotten") && $0.text.contains(Self.target) })
        #expect(await self.pass() == [:])
    }

    @Test("an expired token pauses the mount, said once, until a new Mount")
    func expiredToken() async throws {
        self.east.put("db", "one", version: "v1")
        var builder = MountRequestBuilder(objects: smObject("db"))
        builder.tokenExpiration = "2030-01-01T00:00:00Z"
        _ = try await self.harness.mount(builder.build())
        self.harness.clock.advance(by: .seconds(10 * 365 * 86_400))
        self.east.put("db", "two", version: "v2")
        #expect(await self.pass() == [Self.target: .expired])
        #expect(await self.pass() == [Self.target: .expired])
        #expect(self.east.count(.getSecretValue) == 1)
        #expect(self.harness.volume.text("db") == "one")
        #expect(self.harness.logs.all.filter { $0.text.contains("token of its last Mount has expired") }.count == 1)
        #expect(try self.harness.metrics.expectCounter("secrets_provider_reconcile_paused_total").totalValue == 1)

        builder.tokenExpiration = "2099-01-01T00:00:00Z"
        _ = try await self.harness.mount(builder.build())
        #expect(self.harness.volume.text("db") == "two")
        self.east.put("db", "three", version: "v3")
        #expect(await self.pass() == [Self.target: .changed])
    }

    @Test("a failing check leaves the files alone and is logged once while it keeps failing")
    func failureLoggedOnce() async throws {
        self.east.put("db", "one", version: "v1")
        _ = try await self.harness.mount(MountRequestBuilder(objects: smObject("db")).build())
        self.east.fail(.getSecretValue, with: .fake(.serverFault))
        #expect(await self.pass() == [Self.target: .failed])
        #expect(await self.pass() == [Self.target: .failed])
        #expect(self.harness.volume.text("db") == "one")
        #expect(self.harness.logs.all.filter { $0.text.hasPrefix("Reconciliation failed") }.count == 1)
    }

    @Test("a newer Mount of the same target replaces the registration")
    func newerMountReplaces() async throws {
        self.east.put("db", "one", version: "v1")
        self.east.put("api", "k", version: "k1")
        _ = try await self.harness.mount(MountRequestBuilder(objects: smObject("db")).build())
        _ = try await self.harness.mount(MountRequestBuilder(objects: smObject("api")).build())
        #expect(self.harness.registry.count == 1)
        self.east.put("db", "two", version: "v2")
        #expect(await self.pass() == [Self.target: .unchanged])
        #expect(self.harness.volume.text("db") == "one")
    }

    @Test("S3: a pass over a mount whose objects are all at the mounted versions renders and writes nothing")
    func unchangedSkipsRendering() async throws {
        self.east.put("db", #"{"password":"one"}"#, version: "v1")
        _ = try await self.harness.mount(
            MountRequestBuilder(objects: smObject("db", jmesPath: [("password", "password")])).build()
        )
        // Changed behind the provider's back: only a render and a comparison would notice, and a pass does neither.
        self.harness.volume.seed("password", "changed by hand")
        #expect(await self.pass() == [Self.target: .unchanged])
        #expect(self.harness.volume.text("password") == "changed by hand")
        self.east.put("db", #"{"password":"two"}"#, version: "v2")
        #expect(await self.pass() == [Self.target: .changed])
        #expect(self.harness.volume.text("password") == "two")
    }

    @Test("a pass over an unchanged mount repairs the volume's layout, and says so only when it repaired something")
    func unchangedRepairsLinks() async throws {
        self.east.put("db", "one", version: "v1")
        _ = try await self.harness.mount(MountRequestBuilder(objects: smObject("db")).build())
        #expect(await self.pass() == [Self.target: .unchanged])
        #expect(self.harness.volume.repairs == [Self.target])
        #expect(!self.harness.logs.all.contains { $0.text.hasPrefix("Repaired the volume's links") })

        self.harness.volume.reportRepairs(2)  // A kill left two links to mend.
        #expect(await self.pass() == [Self.target: .unchanged])
        #expect(self.harness.volume.repairs == [Self.target, Self.target])
        #expect(
            self.harness.logs.all.contains {
                $0.text.hasPrefix("Repaired the volume's links") && $0.text.contains("entries=2")
            }
        )
        #expect(self.harness.volume.writes.count == 1)  // The Mount's write only.
    }
}

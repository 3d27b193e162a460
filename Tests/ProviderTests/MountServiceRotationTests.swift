// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import PodVolume
import ProviderTestSupport
import Testing

@testable import Provider

/// Rotation remounts: the driver sends `current_object_version`. Every version and label is checked again (the
/// cache is bypassed), a pinned version the volume holds (a Secrets Manager `VersionId` or an SSM version number)
/// costs no call, and only files whose bytes changed are rewritten.
@Suite("MountService rotation")
struct MountServiceRotationTests {
    let harness = MountHarness()

    var east: FakeSecretsManager { self.harness.aws.sm("us-east-1") }

    /// A remount of `objects` while version `v1` of `db` is mounted.
    func remount(_ objects: String, current: [ObjectVersion] = [ObjectVersion(id: "db", version: "v1")])
        -> MountRequest
    {
        var builder = MountRequestBuilder(objects: objects)
        builder.current = current
        return builder.build()
    }

    @Test("the mounted version is still current: one GetSecretValue, nothing rewritten")
    func keepsCurrentVersion() async throws {
        self.east.put("db", "value-1", version: "v1")
        self.harness.volume.seed("db", "value-1")
        let result = try await self.harness.mount(self.remount(smObject("db")))
        #expect(self.east.calls == [.getSecretValue(GetSecretValueRequest(secretId: "db"))])
        #expect(self.harness.volume.writtenPaths.isEmpty)
        #expect(result.objectVersions == [ObjectVersion(id: "db", version: "v1")])
    }

    @Test("the secret was rotated: the new version is read and the file replaced")
    func fetchesRotatedVersion() async throws {
        self.east.put("db", "value-1", version: "v1")
        self.east.put("db", "value-2", version: "v2")
        self.harness.volume.seed("db", "value-1")
        let result = try await self.harness.mount(self.remount(smObject("db")))
        #expect(self.east.calls == [.getSecretValue(GetSecretValueRequest(secretId: "db"))])
        #expect(self.harness.volume.text("db") == "value-2")
        #expect(result.objectVersions == [ObjectVersion(id: "db", version: "v2")])
    }

    @Test("the file is missing: written again although its version is current")
    func fetchesMissingFile() async throws {
        self.east.put("db", "value-1", version: "v1")
        _ = try await self.harness.mount(self.remount(smObject("db")))
        #expect(self.harness.volume.writtenPaths == ["db"])
        #expect(self.harness.volume.text("db") == "value-1")
    }

    @Test("a rotation remount re-checks a value the cache holds")
    func bypassesCache() async throws {
        self.east.put("db", "value-1", version: "v1")
        _ = try await self.harness.mount(MountRequestBuilder(objects: smObject("db")).build())
        self.east.put("db", "value-2", version: "v2")
        // Within the freshness window a plain remount is served from memory …
        _ = try await self.harness.mount(MountRequestBuilder(objects: smObject("db")).build())
        #expect(self.east.count(.getSecretValue) == 1)
        #expect(self.harness.volume.text("db") == "value-1")
        // … but the driver's rotation remount asks AWS.
        self.harness.clock.advance(by: .milliseconds(1))
        let result = try await self.harness.mount(self.remount(smObject("db")))
        #expect(self.east.count(.getSecretValue) == 2)
        #expect(self.harness.volume.text("db") == "value-2")
        #expect(result.objectVersions == [ObjectVersion(id: "db", version: "v2")])
    }

    @Test("a pinned objectVersion equal to the mounted one needs no call at all")
    func pinnedSameVersion() async throws {
        self.east.put("db", "value-1", version: "v1")
        self.harness.volume.seed("db", "value-1")
        let result = try await self.harness.mount(self.remount(smObject("db", version: "v1")))
        #expect(self.east.calls.isEmpty)
        #expect(self.harness.volume.reads == ["db"])
        #expect(self.harness.volume.writtenPaths.isEmpty)
        #expect(result.objectVersions == [ObjectVersion(id: "db", version: "v1")])
    }

    @Test("a pinned objectVersion other than the mounted one is read by VersionId")
    func pinnedOtherVersion() async throws {
        self.east.put("db", "value-1", version: "v1")
        self.east.put("db", "value-2", version: "v2")
        self.harness.volume.seed("db", "value-1")
        _ = try await self.harness.mount(self.remount(smObject("db", version: "v2")))
        #expect(self.east.calls == [.getSecretValue(GetSecretValueRequest(secretId: "db", versionId: "v2"))])
        #expect(self.harness.volume.text("db") == "value-2")
    }

    @Test("a custom label is read by stage each time; the file changes when the label moves")
    func customLabel() async throws {
        self.east.put("db", "value-1", version: "v1", stages: ["AWSCURRENT", "blue"])
        self.harness.volume.seed("db", "value-1")
        _ = try await self.harness.mount(self.remount(smObject("db", label: "blue")))
        let byStage = FakeSecretsManager.Call.getSecretValue(
            GetSecretValueRequest(secretId: "db", versionStage: "blue")
        )
        #expect(self.east.calls == [byStage])
        #expect(self.harness.volume.writtenPaths.isEmpty)

        self.east.put("db", "value-2", version: "v2", stages: ["blue"])
        self.harness.clock.advance(by: .milliseconds(1))
        _ = try await self.harness.mount(self.remount(smObject("db", label: "blue")))
        #expect(self.east.calls == [byStage, byStage])
        #expect(self.harness.volume.text("db") == "value-2")
    }

    @Test("two current secrets are one BatchGetSecretValue; only the changed one is rewritten")
    func rewritesOnlyChanged() async throws {
        self.east.put("db", "value-1", version: "v1")
        self.east.put("api", "key-1", version: "k1")
        self.east.put("api", "key-2", version: "k2")
        self.harness.volume.seed("db", "value-1")
        self.harness.volume.seed("api", "key-1")
        let result = try await self.harness.mount(
            self.remount(
                smObject("db") + smObject("api"),
                current: [.init(id: "db", version: "v1"), .init(id: "api", version: "k1")]
            )
        )
        #expect(self.east.calls == [.batchGetSecretValue(["db", "api"])])
        #expect(self.harness.volume.writtenPaths == ["api"])
        #expect(self.harness.volume.text("api") == "key-2")
        #expect(result.objectVersions == [.init(id: "db", version: "v1"), .init(id: "api", version: "k2")])
    }

    @Test("the jmesPath files of an unchanged object are not rewritten")
    func keptJMESPath() async throws {
        let value = #"{"username":"admin"}"#
        self.east.put("db", value, version: "v1")
        self.harness.volume.seed("db", value)
        self.harness.volume.seed("user", "admin")
        let result = try await self.harness.mount(
            self.remount(
                smObject("db", jmesPath: [("username", "user")]),
                current: [.init(id: "db", version: "v1"), .init(id: "user", version: "v1")]
            )
        )
        #expect(self.harness.volume.writtenPaths.isEmpty)
        #expect(result.objectVersions == [.init(id: "db", version: "v1"), .init(id: "user", version: "v1")])
    }

    @Test("a jmesPath entry added to an unchanged object is written")
    func newJMESPathFileOfKeptObject() async throws {
        let value = #"{"username":"admin","port":5432}"#
        self.east.put("db", value, version: "v1")
        self.harness.volume.seed("db", value)
        self.harness.volume.seed("user", "admin")
        // The SecretProviderClass gained a `port` entry since the last mount.
        let objects = smObject("db", jmesPath: [("username", "user"), ("port", "port")])
        let result = try await self.harness.mount(
            self.remount(objects, current: [.init(id: "db", version: "v1"), .init(id: "user", version: "v1")])
        )
        #expect(result.objectVersions.map(\.id) == ["db", "user", "port"])
        #expect(self.harness.volume.writtenPaths == ["port"])
        #expect(self.harness.volume.text("port") == "5432")
    }

    @Test("driver-writes: every file is returned, and nothing is written")
    func driverWritesKeptFiles() async throws {
        let harness = MountHarness(driverWritesSecrets: true)
        let east = harness.aws.sm("us-east-1")
        east.put("db", #"{"username":"admin"}"#, version: "v1")
        east.put("api", "key-1", version: "k1")
        east.put("api", "key-2", version: "k2")
        var builder = MountRequestBuilder(objects: smObject("db", jmesPath: [("username", "user")]) + smObject("api"))
        builder.current = [
            .init(id: "db", version: "v1"), .init(id: "user", version: "v1"), .init(id: "api", version: "k1"),
        ]
        let result = try await harness.mount(builder.build())
        #expect(
            result.files == [
                VolumeFile(path: "db", mode: 0o644, contents: Array(#"{"username":"admin"}"#.utf8)),
                VolumeFile(path: "user", mode: 0o644, contents: Array("admin".utf8)),
                VolumeFile(path: "api", mode: 0o644, contents: Array("key-2".utf8)),
            ]
        )
        #expect(harness.volume.writes.isEmpty)
        #expect(east.calls == [.batchGetSecretValue(["db", "api"])])
        #expect(harness.registry.count == 0)
    }

    @Test("SSM parameters are read again on a rotation remount")
    func parametersAlwaysRead() async throws {
        let ssm = self.harness.aws.ssm("us-east-1")
        ssm.put("host", "h1")
        self.harness.volume.seed("host", "h1")
        _ = try await self.harness.mount(self.remount(ssmObject("host"), current: [.init(id: "host", version: "1")]))
        #expect(ssm.batches == [[.init(name: "host")]])
        #expect(self.harness.volume.writtenPaths.isEmpty)
    }

    @Test("a pinned SSM version equal to the mounted one needs no call; the file read back is not cached")
    func pinnedParameterSameVersion() async throws {
        let ssm = self.harness.aws.ssm("us-east-1")
        ssm.put("host", "h1")
        ssm.put("host", "h2")
        self.harness.volume.seed("host", "h1")
        let objects = ssmObject("host", version: "1")
        let result = try await self.harness.mount(self.remount(objects, current: [.init(id: "host", version: "1")]))
        #expect(ssm.batches.isEmpty)
        #expect(self.harness.volume.reads == ["host"])
        #expect(self.harness.volume.writtenPaths.isEmpty)
        #expect(result.objectVersions == [ObjectVersion(id: "host", version: "1")])
        // A mount that does not hold the version fetches it: the value read from this volume was not cached.
        _ = try await self.harness.mount(MountRequestBuilder(objects: objects).build())
        #expect(ssm.batches == [[.init(name: "host", version: 1)]])
    }

    @Test("a pinned SSM version other than the mounted one is read by its selector, with the other parameters")
    func pinnedParameterOtherVersion() async throws {
        let ssm = self.harness.aws.ssm("us-east-1")
        ssm.put("host", "h1")
        ssm.put("host", "h2")
        ssm.put("port", "5432")
        self.harness.volume.seed("host", "h1")
        self.harness.volume.seed("port", "5432")
        let result = try await self.harness.mount(
            self.remount(
                ssmObject("host", version: "2") + ssmObject("port"),
                current: [.init(id: "host", version: "1"), .init(id: "port", version: "1")]
            )
        )
        #expect(ssm.batches == [[.init(name: "host", version: 2), .init(name: "port")]])
        #expect(self.harness.volume.writtenPaths == ["host"])
        #expect(self.harness.volume.text("host") == "h2")
        #expect(result.objectVersions == [.init(id: "host", version: "2"), .init(id: "port", version: "1")])
    }

    @Test("with a failover region both regions are asked; the primary's unchanged value leaves the file alone")
    func failoverRotation() async throws {
        let west = self.harness.aws.sm("us-west-2")
        self.east.put("db", "value-1", version: "v1")
        west.put("db", "value-1", version: "v1")
        self.harness.volume.seed("db", "value-1")
        var builder = MountRequestBuilder(objects: smObject("db"))
        builder.failoverRegion = "us-west-2"
        builder.current = [.init(id: "db", version: "v1")]
        _ = try await self.harness.mount(builder.build())
        #expect(self.east.calls == [.getSecretValue(GetSecretValueRequest(secretId: "db"))])
        #expect(west.calls == [.getSecretValue(GetSecretValueRequest(secretId: "db"))])
        #expect(self.harness.volume.writtenPaths.isEmpty)
    }

    @Test("a pinned file that cannot be read back fails the object with writeFailed naming the file")
    func readBackFails() async throws {
        self.east.put("db", "value-1", version: "v1")
        self.harness.volume.seed("db", "value-1")
        self.harness.volume.failReads(
            with: VolumeError(code: .readFailed, message: "cannot read \"db\": Permission denied")
        )
        let error = try await self.harness.failure(self.remount(smObject("db", version: "v1")))
        #expect(error.code == .writeFailed)
        #expect(error.message.contains("failed to read the mounted file db back"))
        #expect(self.east.calls.isEmpty)
    }
}

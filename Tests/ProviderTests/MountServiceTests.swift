// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Kubernetes
import PodVolume
import ProviderTestSupport
import Testing

@testable import Provider

@Suite("MountService")
struct MountServiceTests {
    let harness = MountHarness()

    var east: FakeSecretsManager { self.harness.aws.sm("us-east-1") }

    @Test("provider-writes: one secret is fetched once and written with the request's mode")
    func writesOneSecret() async throws {
        self.east.put("db-creds", "hunter2", version: "v1")
        let result = try await self.harness.mount(MountRequestBuilder(objects: smObject("db-creds")).build())
        #expect(
            result
                == MountResult(
                    objectVersions: [ObjectVersion(id: "db-creds", version: "v1")],
                    files: [],
                    summary: RequestSummary(pod: "app-0", namespace: "default", objects: 1, filesWritten: 1)
                )
        )
        #expect(self.east.calls == [.getSecretValue(GetSecretValueRequest(secretId: "db-creds"))])
        #expect(self.harness.volume.files() == ["db-creds": .init(mode: 0o644, contents: Array("hunter2".utf8))])
        #expect(self.harness.volume.writes.count == 1)
    }

    @Test("binary secrets, per-object modes, path translation, labels and SSM parameters in one mount")
    func mixedObjects() async throws {
        self.east.put("bin", .binary([0, 1, 0xFF]), version: "b1")
        self.east.put("/app/db", "db-current", version: "d1")
        self.east.put("/app/db", "db-blue", version: "d2", stages: ["blue"])
        self.harness.aws.ssm("us-east-1").put("/app/host", "db.internal")
        let yaml = """
            - objectName: bin
              objectType: secretsmanager
              filePermission: "0600"
            - objectName: /app/db
              objectType: secretsmanager
            - objectName: /app/db
              objectType: secretsmanager
              objectAlias: blue
              objectVersionLabel: blue
            - objectName: /app/host
              objectType: ssmparameter
            """
        let result = try await self.harness.mount(MountRequestBuilder(objects: yaml).build())
        let files = self.harness.volume.files()
        #expect(files["bin"] == .init(mode: 0o600, contents: [0, 1, 0xFF]))
        #expect(self.harness.volume.text("_app_db") == "db-current")
        #expect(self.harness.volume.text("blue") == "db-blue")
        #expect(self.harness.volume.text("_app_host") == "db.internal")
        #expect(
            Set(result.objectVersions)
                == [
                    .init(id: "bin", version: "b1"), .init(id: "_app_db", version: "d1"),
                    .init(id: "blue", version: "d2"), .init(id: "_app_host", version: "1"),
                ]
        )
        #expect(
            self.east.calls.contains(.getSecretValue(GetSecretValueRequest(secretId: "/app/db", versionStage: "blue")))
        )
    }

    @Test("jmesPath files are written with the object's file in one all-or-nothing write")
    func jmesPathFiles() async throws {
        self.east.put("db", #"{"username":"admin","port":5432}"#, version: "v1")
        let result = try await self.harness.mount(
            MountRequestBuilder(objects: smObject("db", jmesPath: [("username", "db-user"), ("port", "db-port")]))
                .build()
        )
        #expect(self.harness.volume.writes.count == 1)
        #expect(self.harness.volume.writtenPaths == ["db", "db-user", "db-port"])
        #expect(self.harness.volume.text("db-user") == "admin")
        #expect(self.harness.volume.text("db-port") == "5432")
        #expect(result.objectVersions.map(\.id) == ["db", "db-user", "db-port"])
        #expect(Set(result.objectVersions.map(\.version)) == ["v1"])
    }

    @Test("driver-writes: every file is returned with its mode, and nothing is written")
    func driverWrites() async throws {
        let harness = MountHarness(driverWritesSecrets: true)
        harness.aws.sm("us-east-1").put("db", #"{"username":"admin"}"#, version: "v1")
        harness.aws.ssm("us-east-1").put("host", "db.internal")
        let objects =
            smObject("db", jmesPath: [("username", "user")]) + ssmObject("host")
            + "  filePermission: \"0400\"\n"
        let result = try await harness.mount(MountRequestBuilder(objects: objects).build())
        #expect(
            result.files == [
                VolumeFile(path: "db", mode: 0o644, contents: Array(#"{"username":"admin"}"#.utf8)),
                VolumeFile(path: "user", mode: 0o644, contents: Array("admin".utf8)),
                VolumeFile(path: "host", mode: 0o400, contents: Array("db.internal".utf8)),
            ]
        )
        #expect(result.objectVersions.map(\.id) == ["db", "user", "host"])
        #expect(harness.volume.writes.isEmpty)
    }

    @Test(
        "a class whose objects list is empty is answered with empty object versions and files, not refused",
        arguments: [false, true]
    )
    func emptyObjects(driverWritesSecrets: Bool) async throws {
        // The incumbent's PR #530 (driver issue #1933): a class that lists no object yet must not fail the pod.
        let harness = MountHarness(driverWritesSecrets: driverWritesSecrets)
        let result = try await harness.mount(MountRequestBuilder(objects: "[]").build())
        #expect(
            result
                == MountResult(
                    objectVersions: [],
                    files: [],
                    summary: RequestSummary(pod: "app-0", namespace: "default", objects: 0, filesWritten: 0)
                )
        )
        #expect(harness.aws.totalCalls == 0)
        #expect(harness.volume.writes.isEmpty)
        #expect(harness.registry.count == (driverWritesSecrets ? 0 : 1))
        if !driverWritesSecrets {
            harness.clock.advance(by: .milliseconds(1))
            #expect(await harness.reconciler.pass() == [MountRequestBuilder.target: .unchanged])
        }
    }

    @Test("a failed write is a writeFailed error and leaves the volume as it was")
    func writeFailure() async throws {
        self.east.put("db", "hunter2", version: "v1")
        self.harness.volume.seed("db", "old")
        self.harness.volume.failWrites(
            with: VolumeError(code: .writeFailed, message: "cannot write \"db\" in /t: No space left on device")
        )
        let error = try await self.harness.failure(MountRequestBuilder(objects: smObject("db")).build())
        #expect(error.code == .writeFailed)
        #expect(error.message.contains("No space left on device"))
        #expect(self.harness.volume.text("db") == "old")
    }

    @Test("the error of a mount whose request was read carries its summary; a request that cannot be read has none")
    func failureSummary() async throws {
        let failed = try await self.harness.failure(MountRequestBuilder(objects: smObject("missing")).build())
        #expect(failed.code == .notFound)
        #expect(failed.summary == RequestSummary(pod: "app-0", namespace: "default", objects: 1))
        var malformed = MountRequestBuilder(objects: smObject("db"))
        malformed.rawAttributes = "{"
        let unread = try await self.harness.failure(malformed.build())
        #expect(unread.code == .invalidRequest)
        #expect(unread.summary == nil)
    }

    @Test("a deadline that passed while fetching: deadlineExceeded, nothing written")
    func deadlinePassed() async throws {
        self.east.put("db", "hunter2", version: "v1")
        let error = try await self.harness.failure(
            MountRequestBuilder(objects: smObject("db")).build(),
            deadline: .now - .seconds(1)
        )
        #expect(error.code == .deadlineExceeded)
        #expect(self.harness.volume.writes.isEmpty)
    }

    @Test("a region no client can be made for fails the mount naming the region")
    func unknownRegion() async throws {
        var request = MountRequestBuilder(objects: smObject("db"))
        request.region = "ap-south-9"
        let error = try await self.harness.failure(request.build())
        #expect(error.code == .fetchFailed)
        #expect(error.message.hasPrefix("ap-south-9: "))
        #expect(self.harness.volume.writes.isEmpty)
    }

    // MARK: Region

    @Test("the SecretProviderClass's region needs no Kubernetes call")
    func regionFromSecretProviderClass() async throws {
        self.east.put("db", "x", version: "v1")
        var request = MountRequestBuilder(objects: smObject("db"))
        request.usePodIdentity = true
        _ = try await self.harness.mount(request.build())
        #expect(self.harness.kubernetes.totalCalls == 0)
    }

    @Test("AWS_REGION is used before the node's label")
    func regionFromConfiguration() async throws {
        let harness = MountHarness(region: "eu-west-1")
        harness.aws.sm("eu-west-1").put("db", "x", version: "v1")
        var request = MountRequestBuilder(objects: smObject("db"))
        request.region = nil
        request.usePodIdentity = true
        _ = try await harness.mount(request.build())
        #expect(harness.kubernetes.totalCalls == 0)
        #expect(harness.aws.sm("eu-west-1").count(.getSecretValue) == 1)
    }

    @Test("the node's region is looked up once for 10 mounts: exactly 2 Kubernetes calls")
    func regionFromNode() async throws {
        self.east.put("db", "x", version: "v1")
        var request = MountRequestBuilder(objects: smObject("db"))
        request.region = nil
        request.usePodIdentity = true
        for _ in 0..<10 {
            _ = try await self.harness.mount(request.build())
        }
        #expect(self.harness.kubernetes.calls(.pod) == 1)
        #expect(self.harness.kubernetes.calls(.node) == 1)
        #expect(self.harness.kubernetes.totalCalls == 2)
        // The cache serves the nine remounts.
        #expect(self.east.count(.getSecretValue) == 1)
    }

    @Test("with the node name configured the region costs 1 Kubernetes call")
    func regionFromNamedNode() async throws {
        let harness = MountHarness(nodeName: "node-1")
        harness.aws.sm("us-east-1").put("db", "x", version: "v1")
        var request = MountRequestBuilder(objects: smObject("db"))
        request.region = nil
        request.usePodIdentity = true
        _ = try await harness.mount(request.build())
        _ = try await harness.mount(request.build())
        #expect(harness.kubernetes.calls(.pod) == 0)
        #expect(harness.kubernetes.calls(.node) == 1)
    }

    @Test("no region anywhere: invalidRequest, no AWS call")
    func noRegion() async throws {
        self.harness.kubernetes.addNode("node-1", region: nil)
        var request = MountRequestBuilder(objects: smObject("db"))
        request.region = nil
        let error = try await self.harness.failure(request.build())
        #expect(error.code == .invalidRequest)
        #expect(error.message.contains("Region not found"))
        #expect(self.harness.aws.totalCalls == 0)
        #expect(self.harness.aws.made.isEmpty)
    }

    @Test("an ARN in another region than the node's: invalidRequest after the lookup, before any AWS call")
    func arnRegionAgainstNode() async throws {
        var request = MountRequestBuilder(
            objects: "- objectName: arn:aws:secretsmanager:us-west-2:123456789012:secret:db-AbCdEf\n"
        )
        request.region = nil
        let error = try await self.harness.failure(request.build())
        #expect(error.code == .invalidRequest)
        #expect(error.message.contains("ARN region must match region"))
        #expect(self.harness.aws.totalCalls == 0)
        #expect(self.harness.volume.writes.isEmpty)
    }

    @Test("a forbidden node lookup is permissionDenied, no AWS call")
    func forbiddenNode() async throws {
        self.harness.kubernetes.fail(.node, with: .fake(.forbidden, status: 403, "nodes \"node-1\" is forbidden"))
        var request = MountRequestBuilder(objects: smObject("db"))
        request.region = nil
        let error = try await self.harness.failure(request.build())
        #expect(error.code == .permissionDenied)
        #expect(error.message.contains("nodes \"node-1\" is forbidden"))
        #expect(self.harness.aws.totalCalls == 0)
        #expect(self.harness.volume.writes.isEmpty)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Testing

@testable import Provider

@Suite("MountService failover and partial failures")
struct MountServiceFailoverTests {
    let harness = MountHarness()

    var east: FakeSecretsManager { self.harness.aws.sm("us-east-1") }
    var west: FakeSecretsManager { self.harness.aws.sm("us-west-2") }

    func request(_ objects: String) -> MountRequest {
        var builder = MountRequestBuilder(objects: objects)
        builder.failoverRegion = "us-west-2"
        return builder.build()
    }

    func seedBoth(_ name: String = "db") {
        self.east.put(name, "east-value", version: "e1")
        self.west.put(name, "west-value", version: "w1")
    }

    @Test("both regions are asked, at the same time; both succeed → the primary's value")
    func bothSucceed() async throws {
        let probe = ConcurrencyProbe(expecting: 2)
        let harness = MountHarness(probe: probe)
        harness.aws.sm("us-east-1").put("db", "east-value", version: "e1")
        harness.aws.sm("us-west-2").put("db", "west-value", version: "w1")
        var builder = MountRequestBuilder(objects: smObject("db"))
        builder.failoverRegion = "us-west-2"
        let result = try await harness.mount(builder.build())
        #expect(harness.volume.text("db") == "east-value")
        #expect(result.objectVersions == [ObjectVersion(id: "db", version: "e1")])
        #expect(harness.aws.sm("us-east-1").count(.getSecretValue) == 1)
        #expect(harness.aws.sm("us-west-2").count(.getSecretValue) == 1)
        #expect(probe.maximum == 2, "the two regions' calls overlapped")
    }

    /// Primary failures that let the failover region answer.
    static let serverSide: [AWSError.Code] = [.serverFault, .throttled, .network, .timeout]

    @Test(
        "the primary fails with a non-client error and the failover succeeds → the failover's value",
        arguments: Self.serverSide
    )
    func failoverAnswers(code: AWSError.Code) async throws {
        self.seedBoth()
        self.east.fail(.getSecretValue, with: .fake(code))
        let result = try await self.harness.mount(self.request(smObject("db")))
        #expect(self.harness.volume.text("db") == "west-value")
        #expect(result.objectVersions == [ObjectVersion(id: "db", version: "w1")])
    }

    /// Client errors (4xx other than throttling) and the mount codes they give.
    static let clientSide: [(AWSError.Code, ProviderError.Code)] = [
        (.notFound, .notFound), (.accessDenied, .permissionDenied), (.clientFault, .fetchFailed),
    ]

    @Test("a client error in the primary fails the mount although the failover succeeds", arguments: Self.clientSide)
    func primaryClientError(code: AWSError.Code, expected: ProviderError.Code) async throws {
        self.seedBoth()
        self.east.fail(.getSecretValue, with: .fake(code, "the primary says no"))
        let error = try await self.harness.failure(self.request(smObject("db")))
        #expect(error.code == expected)
        #expect(error.message.contains("us-east-1: injected \(code) failure: the primary says no"))
        #expect(!error.message.contains("us-west-2"))
        #expect(self.harness.volume.writes.isEmpty)
    }

    @Test("a client error in the failover fails the mount although the primary succeeds", arguments: Self.clientSide)
    func failoverClientError(code: AWSError.Code, expected: ProviderError.Code) async throws {
        self.seedBoth()
        self.west.fail(.getSecretValue, with: .fake(code, "the failover says no"))
        let error = try await self.harness.failure(self.request(smObject("db")))
        #expect(error.code == expected)
        #expect(error.message.contains("us-west-2: injected \(code) failure: the failover says no"))
        #expect(self.harness.volume.writes.isEmpty)
    }

    @Test("both regions fail with server errors: fetchFailed listing both")
    func bothFail() async throws {
        self.seedBoth()
        self.east.fail(.getSecretValue, with: .fake(.serverFault, "InternalServiceError"))
        self.west.fail(.getSecretValue, with: .fake(.throttled, "ThrottlingException"))
        let error = try await self.harness.failure(self.request(smObject("db")))
        #expect(error.code == .fetchFailed)
        #expect(
            error.message.contains(
                "us-east-1: injected serverFault failure: InternalServiceError; us-west-2: injected throttled failure: "
                    + "ThrottlingException"
            )
        )
    }

    @Test("failoverObject: the failover region is asked for its own name")
    func failoverObjectName() async throws {
        self.east.put("db", "east-value", version: "e1")
        self.west.put("db-replica", "west-value", version: "w1")
        self.east.fail(.getSecretValue, with: .fake(.serverFault))
        _ = try await self.harness.mount(self.request(smObject("db", alias: "db", failoverName: "db-replica")))
        #expect(self.west.calls == [.getSecretValue(GetSecretValueRequest(secretId: "db-replica"))])
        #expect(self.harness.volume.text("db") == "west-value")
    }

    @Test("SSM: the failover region answers when the primary is throttled")
    func parameterFailover() async throws {
        self.harness.aws.ssm("us-east-1").put("/app/host", "east-host")
        self.harness.aws.ssm("us-west-2").put("/app/host", "west-host")
        self.harness.aws.ssm("us-east-1").fail(with: .fake(.throttled))
        _ = try await self.harness.mount(self.request(ssmObject("/app/host", alias: "host")))
        #expect(self.harness.volume.text("host") == "west-host")
        #expect(self.harness.aws.ssm("us-east-1").batches.count == 1)
        #expect(self.harness.aws.ssm("us-west-2").batches.count == 1)
    }

    // MARK: Partial failures

    @Test("one of five objects missing: nothing is written and the error names that object and its region")
    func oneOfFiveMissing() async throws {
        let ssm = self.harness.aws.ssm("us-east-1")
        for name in ["a", "b", "c"] {
            self.east.put(name, "value-\(name)", version: "v-\(name)")
        }
        ssm.put("p1", "param-1")
        let objects = smObject("a") + smObject("b") + smObject("gone") + smObject("c") + ssmObject("p1")
        let error = try await self.harness.failure(MountRequestBuilder(objects: objects).build())
        #expect(error.code == .notFound)
        let lines = error.message.split(separator: "\n")
        #expect(lines.first == "failed to mount 1 of 5 objects; nothing was written:")
        #expect(lines.count == 2)
        #expect(lines.last?.hasPrefix("- secretsmanager gone (file gone): us-east-1: ") == true)
        #expect(self.harness.volume.writes.isEmpty)
        #expect(self.harness.volume.files().isEmpty)
        // Every object was still asked for (in one batch), so the error is complete.
        #expect(self.east.calls == [.batchGetSecretValue(["a", "b", "gone", "c"])])
        #expect(ssm.batches.count == 1)
    }

    @Test("several failed objects are all listed; the most relevant code wins")
    func severalFailures() async throws {
        self.east.put("ok", "fine", version: "v1")
        self.east.put("locked", "x", version: "v1")
        self.east.fail(
            .getSecretValue,
            secretId: "locked",
            with: .fake(.accessDenied, "not authorized to perform secretsmanager:GetSecretValue on locked")
        )
        let objects = smObject("ok") + smObject("missing") + smObject("locked")
        let error = try await self.harness.failure(MountRequestBuilder(objects: objects).build())
        #expect(error.code == .permissionDenied)
        #expect(error.message.hasPrefix("failed to mount 2 of 3 objects; nothing was written:\n"))
        #expect(error.message.contains("- secretsmanager missing (file missing): us-east-1: "))
        #expect(
            error.message.contains(
                "- secretsmanager locked (file locked): us-east-1: injected accessDenied failure: not authorized to "
                    + "perform secretsmanager:GetSecretValue on locked"
            )
        )
        #expect(!error.message.contains("secretsmanager ok "))
    }

    @Test("a jmesPath that finds nothing fails the mount naming path, alias, object and region")
    func jmesPathNothing() async throws {
        self.east.put("db", #"{"username":"admin","password":null}"#, version: "v1")
        let error = try await self.harness.failure(
            MountRequestBuilder(objects: smObject("db", jmesPath: [("username", "user"), ("password", "pass")])).build()
        )
        #expect(error.code == .invalidRequest)
        #expect(
            error.message.contains(
                "us-east-1: jmesPath \"password\" for objectAlias pass of secretsmanager db finds nothing"
            )
        )
        #expect(error.message.contains("secretsmanager db"))
        #expect(self.harness.volume.writes.isEmpty)
    }

    // MARK: Parameter Store batching

    @Test("12 parameters make 2 GetParameters calls per region (10 + 2)")
    func parameterBatches() async throws {
        var objects = ""
        for number in 0..<12 {
            self.harness.aws.ssm("us-east-1").put("p\(number)", "east-\(number)")
            self.harness.aws.ssm("us-west-2").put("p\(number)", "west-\(number)")
            objects += ssmObject("p\(number)")
        }
        _ = try await self.harness.mount(self.request(objects))
        #expect(self.harness.aws.ssm("us-east-1").batches.map(\.count).sorted() == [2, 10])
        #expect(self.harness.aws.ssm("us-west-2").batches.map(\.count).sorted() == [2, 10])
        for number in 0..<12 {
            #expect(self.harness.volume.text("p\(number)") == "east-\(number)")
        }
    }

    @Test("two labels of one parameter and an ARN name each get their own value")
    func parameterLabelsAndARN() async throws {
        let ssm = self.harness.aws.ssm("us-east-1")
        ssm.put("/app/db", "db-blue", labels: ["blue"])
        ssm.put("/app/db", "db-green", labels: ["green"])
        ssm.put("/app/db", "db-latest")
        ssm.put("app-key", "the-key")
        let objects =
            ssmObject("/app/db", alias: "blue", label: "blue") + ssmObject("/app/db", alias: "green", label: "green")
            + ssmObject("/app/db", alias: "v1", version: "1") + ssmObject(ssm.arn(of: "app-key"), alias: "key")
        let result = try await self.harness.mount(MountRequestBuilder(objects: objects).build())
        #expect(self.harness.volume.text("blue") == "db-blue")
        #expect(self.harness.volume.text("green") == "db-green")
        #expect(self.harness.volume.text("v1") == "db-blue")
        #expect(self.harness.volume.text("key") == "the-key")
        #expect(
            Set(result.objectVersions) == [
                .init(id: "blue", version: "1"), .init(id: "green", version: "2"), .init(id: "v1", version: "1"),
                .init(id: "key", version: "1"),
            ]
        )
        #expect(ssm.batches.count == 1)
    }

    @Test("a label and the latest version of one parameter in one mount each get their own value")
    func parameterLabelAndLatest() async throws {
        let ssm = self.harness.aws.ssm("us-east-1")
        ssm.put("/app/db", "db-blue", labels: ["blue"])
        ssm.put("/app/db", "db-latest")
        let objects = ssmObject("/app/db", alias: "blue", label: "blue") + ssmObject("/app/db", alias: "latest")
        _ = try await self.harness.mount(MountRequestBuilder(objects: objects).build())
        #expect(self.harness.volume.text("latest") == "db-latest")
        #expect(self.harness.volume.text("blue") == "db-blue")
    }
}

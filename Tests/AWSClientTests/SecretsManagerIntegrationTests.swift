// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import ProviderTestSupport
import Testing

/// ``SecretsManagerClient`` against the rig's fake AWS with SigV4 checking on.
struct SecretsManagerIntegrationTests {
    @Test("reads string and binary secrets, byte for byte")
    func stringAndBinary() async throws {
        try await RigHarness.run(region: "us-west-1") { harness in
            let text = RigHarness.uniqueName("text")
            let binary = RigHarness.uniqueName("binary")
            let bytes = (0...255).map(UInt8.init) + [0xFF, 0x00, 0xC3, 0x28]
            let created = try await harness.seeder.createSecret(name: text, string: #"{"user":"app","pass":"p@ss"}"#)
            _ = try await harness.seeder.createSecret(name: binary, binary: bytes)
            let client = try harness.secretsManager()

            let string = try await client.getSecretValue(.init(secretId: text), deadline: harness.deadline())
            #expect(string.contents == .string(#"{"user":"app","pass":"p@ss"}"#))
            #expect(string.name == text)
            #expect(string.arn == created.arn)
            #expect(string.versionId == created.versionId)
            #expect(string.versionStages == ["AWSCURRENT"])

            let byARN = try await client.getSecretValue(.init(secretId: created.arn), deadline: harness.deadline())
            #expect(byARN.contents == string.contents)

            let raw = try await client.getSecretValue(.init(secretId: binary), deadline: harness.deadline())
            #expect(raw.contents == .binary(bytes))

            let calls = try await harness.calls()
            #expect(calls.count == 3)
            #expect(calls.allSatisfy { $0.signed && $0.status == 200 && $0.region == "us-west-1" })
        }
    }

    @Test("reads AWSCURRENT, AWSPREVIOUS, a custom stage and a VersionId, and follows a stage move")
    func stagesAndVersions() async throws {
        try await RigHarness.run(region: "us-west-2") { harness in
            let name = RigHarness.uniqueName("staged")
            let first = try await harness.seeder.createSecret(name: name, string: "one").versionId
            let second = try await harness.seeder.putSecretValue(name: name, string: "two")
            let third = try await harness.seeder.putSecretValue(name: name, string: "three", stages: ["BLUE"])
            let client = try harness.secretsManager()
            func read(_ request: GetSecretValueRequest) async throws -> SecretValue {
                try await client.getSecretValue(request, deadline: harness.deadline())
            }

            #expect(try await read(.init(secretId: name)).contents == .string("two"))
            #expect(try await read(.init(secretId: name, versionStage: "AWSCURRENT")).versionId == second)
            let previous = try await read(.init(secretId: name, versionStage: "AWSPREVIOUS"))
            #expect(previous.contents == .string("one"))
            #expect(previous.versionId == first)
            let blue = try await read(.init(secretId: name, versionStage: "BLUE"))
            #expect(blue.contents == .string("three"))
            #expect(blue.versionStages == ["BLUE"])
            #expect(try await read(.init(secretId: name, versionId: first)).contents == .string("one"))

            let description = try await client.describeSecret(secretId: name, deadline: harness.deadline())
            #expect(description.name == name)
            #expect(description.versionId(forStage: "AWSCURRENT") == second)
            #expect(description.versionId(forStage: "AWSPREVIOUS") == first)
            #expect(description.versionId(forStage: "BLUE") == third)

            try await harness.seeder.moveStage(name: name, stage: "AWSCURRENT", to: third, from: second)
            #expect(try await read(.init(secretId: name)).contents == .string("three"))
            let moved = try await client.describeSecret(secretId: name, deadline: harness.deadline())
            #expect(moved.versionId(forStage: "AWSCURRENT") == third)
        }
    }

    @Test("BatchGetSecretValue returns the values and a classified error per missing secret")
    func batch() async throws {
        try await RigHarness.run(region: "eu-west-2") { harness in
            let names = (1...3).map { RigHarness.uniqueName("batch-\($0)") }
            for name in names {
                _ = try await harness.seeder.createSecret(name: name, string: "value of \(name)")
            }
            let missing = RigHarness.uniqueName("missing")
            let result = try await harness.secretsManager()
                .batchGetSecretValue(secretIds: names + [missing], deadline: harness.deadline())
            #expect(Set(result.values.map(\.name)) == Set(names))
            for value in result.values {
                #expect(value.contents == .string("value of \(value.name)"))
                #expect(value.versionStages.contains("AWSCURRENT"))
            }
            #expect(result.errors.map(\.secretId) == [missing])
            #expect(result.errors.first?.error.code == .notFound)
            #expect(result.errors.first?.error.isClientFault == true)
        }
    }

    @Test("a missing secret is a not-found client fault with the request ID")
    func notFound() async throws {
        try await RigHarness.run(region: "eu-central-1") { harness in
            let missing = RigHarness.uniqueName("missing")
            let client = try harness.secretsManager()
            let error = try await #require(throws: AWSError.self) {
                try await client.getSecretValue(.init(secretId: missing), deadline: harness.deadline())
            }
            #expect(error.code == .notFound)
            #expect(error.isClientFault)
            #expect(error.awsErrorCode == "ResourceNotFoundException")
            // Real AWS answers 400; moto answers 404.
            #expect(error.httpStatus.map { (400..<500).contains($0) } == true)
            #expect(error.message.contains("secret '\(missing)'"))
            #expect(error.message.contains("eu-central-1"))
            #expect(try await harness.calls().count == 1)
        }
    }

    @Test("a wrong secret key gives a clear signature error without retrying")
    func wrongSecretKey() async throws {
        try await RigHarness.run(region: "ap-south-1") { harness in
            let wrong = StaticCredentialProvider(accessKeyId: harness.rig.accessKeyId, secretAccessKey: "not-the-key")
            let client = try harness.secretsManager(wrong)
            let error = try await #require(throws: AWSError.self) {
                try await client.getSecretValue(.init(secretId: "anything"), deadline: harness.deadline())
            }
            #expect(error.code == .credentials)
            #expect(error.isClientFault)
            #expect(error.awsErrorCode == "SignatureDoesNotMatch")
            #expect(error.httpStatus == 403)
            #expect(error.message.contains("AWS rejected the request's credentials (SignatureDoesNotMatch)"))
            #expect(!error.message.contains("not-the-key"))
            let calls = try await harness.calls()
            #expect(calls.count == 1)
            #expect(calls.first?.status == 403)
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Foundation
import ProviderTestSupport
import Testing

struct SecretsManagerClientTests {
    @Test("GetSecretValue sends a signed JSON 1.1 POST with the target, User-Agent and only the fields given")
    func getSecretValueRequest() async throws {
        let transport = FakeTransport(always: Fixtures.secretAnswer)
        let clock = ManualClock(sleepsAdvance: true)
        let client = try Fixtures.secretsManager(transport, clock: clock)
        _ = try await client.getSecretValue(
            GetSecretValueRequest(secretId: "app/db", versionStage: "AWSPREVIOUS"),
            deadline: Fixtures.deadline(clock)
        )
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://secretsmanager.us-east-1.amazonaws.com/")
        #expect(request.header("Host") == "secretsmanager.us-east-1.amazonaws.com")
        #expect(request.header("Content-Type") == "application/x-amz-json-1.1")
        #expect(request.header("X-Amz-Target") == "secretsmanager.GetSecretValue")
        #expect(request.header("User-Agent") == Fixtures.userAgent)
        let authorization = try #require(request.header("Authorization"))
        #expect(authorization.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target"))
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"SecretId":"app/db","VersionStage":"AWSPREVIOUS"}"#)
        let body = try Fixtures.body(request)
        #expect(body.count == 2)
        #expect(body["SecretId"] as? String == "app/db")
        #expect(body["VersionStage"] as? String == "AWSPREVIOUS")
    }

    @Test(
        "GetSecretValue sends VersionId and VersionStage when given",
        arguments: [
            (GetSecretValueRequest(secretId: "s"), ["SecretId": "s"]),
            (GetSecretValueRequest(secretId: "s", versionId: "v-1"), ["SecretId": "s", "VersionId": "v-1"]),
            (
                GetSecretValueRequest(
                    secretId: "arn:aws:secretsmanager:us-east-1:1:secret:s",
                    versionId: "v",
                    versionStage: "X"
                ),
                ["SecretId": "arn:aws:secretsmanager:us-east-1:1:secret:s", "VersionId": "v", "VersionStage": "X"]
            ),
        ]
    )
    func getSecretValueFields(request: GetSecretValueRequest, expected: [String: String]) async throws {
        let transport = FakeTransport(always: Fixtures.secretAnswer)
        let clock = ManualClock(sleepsAdvance: true)
        _ = try await Fixtures.secretsManager(transport, clock: clock)
            .getSecretValue(request, deadline: Fixtures.deadline(clock))
        let body = try Fixtures.body(try #require(transport.requests.first))
        #expect(body as? [String: String] == expected)
    }

    @Test("reads a string secret with its version and stages")
    func stringSecret() async throws {
        let transport = FakeTransport(always: Fixtures.secretAnswer)
        let clock = ManualClock(sleepsAdvance: true)
        let value = try await Fixtures.secretsManager(transport, clock: clock)
            .getSecretValue(.init(secretId: "db"), deadline: Fixtures.deadline(clock))
        #expect(value.name == "db")
        #expect(value.arn == "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf")
        #expect(value.versionId == "v1")
        #expect(value.versionStages == ["AWSCURRENT"])
        #expect(value.contents == .string("hunter2"))
        #expect(value.contents.bytes == Array("hunter2".utf8))
    }

    @Test("reads a binary secret byte for byte, including bytes that are not UTF-8")
    func binarySecret() async throws {
        let bytes = (0...255).map(UInt8.init) + [0xFF, 0xFE, 0x00, 0xC3]
        let answer = Fixtures.json(
            #"{"Name":"bin","ARN":"arn:bin","VersionId":"v2","VersionStages":["AWSCURRENT","CUSTOM"],"#
                + #""SecretBinary":"\#(Data(bytes).base64EncodedString())"}"#
        )
        let clock = ManualClock(sleepsAdvance: true)
        let value = try await Fixtures.secretsManager(FakeTransport(always: answer), clock: clock)
            .getSecretValue(.init(secretId: "bin"), deadline: Fixtures.deadline(clock))
        #expect(value.contents == .binary(bytes))
        #expect(value.contents.bytes == bytes)
        #expect(value.versionStages == ["AWSCURRENT", "CUSTOM"])
    }

    @Test("never prints a secret value")
    func redaction() async throws {
        let clock = ManualClock(sleepsAdvance: true)
        let value = try await Fixtures.secretsManager(FakeTransport(always: Fixtures.secretAnswer), clock: clock)
            .getSecretValue(.init(secretId: "db"), deadline: Fixtures.deadline(clock))
        var dumped = ""
        dump(value, to: &dumped)
        for text in ["\(value)", String(reflecting: value), "\(value.contents)", dumped] {
            #expect(!text.contains("hunter2"))
        }
        #expect("\(value.contents)" == "<REDACTED string, 7 bytes>")
        #expect("\(SecretContents.binary([1, 2, 3]))" == "<REDACTED binary, 3 bytes>")
    }

    @Test("an answer that is not the expected JSON is an invalid response that does not echo the body")
    func invalidAnswer() async throws {
        let answer = Fixtures.json(#"{"Name":"db","ARN":"a","VersionId":"v","SecretString":42}"#)
        let missing = Fixtures.json(#"{"Name":"db","ARN":"a","VersionId":"v"}"#)
        let clock = ManualClock(sleepsAdvance: true)
        for response in [answer, missing, Fixtures.json("not json at all: hunter2")] {
            let client = try Fixtures.secretsManager(FakeTransport(always: response), clock: clock)
            let error = try await #require(throws: AWSError.self) {
                try await client.getSecretValue(.init(secretId: "db"), deadline: Fixtures.deadline(clock))
            }
            #expect(error.code == .invalidResponse)
            #expect(!error.message.contains("hunter2"))
            #expect(!error.message.contains("42"))
        }
    }

    @Test("DescribeSecret sends the secret ID and reads the staging labels")
    func describeSecret() async throws {
        let answer = Fixtures.json(
            #"{"Name":"db","ARN":"arn:db","VersionIdsToStages":{"v1":["AWSPREVIOUS"],"v2":["AWSCURRENT","BLUE"]}}"#
        )
        let transport = FakeTransport(always: answer)
        let clock = ManualClock(sleepsAdvance: true)
        let description = try await Fixtures.secretsManager(transport, clock: clock)
            .describeSecret(secretId: "db", deadline: Fixtures.deadline(clock))
        let request = try #require(transport.requests.first)
        #expect(request.header("X-Amz-Target") == "secretsmanager.DescribeSecret")
        #expect(try Fixtures.body(request) as? [String: String] == ["SecretId": "db"])
        #expect(description.name == "db")
        #expect(description.arn == "arn:db")
        #expect(description.versionIdsToStages == ["v1": ["AWSPREVIOUS"], "v2": ["AWSCURRENT", "BLUE"]])
        #expect(description.versionId(forStage: "AWSCURRENT") == "v2")
        #expect(description.versionId(forStage: "BLUE") == "v2")
        #expect(description.versionId(forStage: "GREEN") == nil)
    }

    @Test("BatchGetSecretValue sends SecretIdList and follows NextToken across pages")
    func batchPagination() async throws {
        let first = Fixtures.json(
            #"{"SecretValues":[{"Name":"a","ARN":"arn:a","VersionId":"va","VersionStages":["AWSCURRENT"],"#
                + #""SecretString":"A"}],"Errors":[{"SecretId":"x","ErrorCode":"ResourceNotFoundException","#
                + #""Message":"gone"}],"NextToken":"page-2"}"#
        )
        let second = Fixtures.json(
            #"{"SecretValues":[{"Name":"b","ARN":"arn:b","VersionId":"vb","VersionStages":["AWSCURRENT"],"#
                + #""SecretBinary":"AAE="}],"Errors":[]}"#
        )
        let transport = FakeTransport(sequence: [.success(first), .success(second)])
        let clock = ManualClock(sleepsAdvance: true)
        let result = try await Fixtures.secretsManager(transport, clock: clock)
            .batchGetSecretValue(secretIds: ["a", "b", "x"], deadline: Fixtures.deadline(clock))
        #expect(transport.requests.count == 2)
        let bodies = try transport.requests.map(Fixtures.body)
        #expect(bodies[0]["SecretIdList"] as? [String] == ["a", "b", "x"])
        #expect(bodies[0]["NextToken"] == nil)
        #expect(bodies[1]["NextToken"] as? String == "page-2")
        #expect(transport.requests[0].header("X-Amz-Target") == "secretsmanager.BatchGetSecretValue")
        #expect(result.values.map(\.name) == ["a", "b"])
        #expect(result.values[1].contents == .binary([0, 1]))
        #expect(result.errors.map(\.secretId) == ["x"])
        #expect(result.errors.first?.error.code == .notFound)
    }

    @Test("BatchGetSecretValue stops when AWS repeats a page token")
    func batchRepeatedToken() async throws {
        let page = Fixtures.json(#"{"SecretValues":[],"Errors":[],"NextToken":"same"}"#)
        let transport = FakeTransport(always: page)
        let clock = ManualClock(sleepsAdvance: true)
        _ = try await Fixtures.secretsManager(transport, clock: clock)
            .batchGetSecretValue(secretIds: ["a"], deadline: Fixtures.deadline(clock))
        #expect(transport.requests.count == 2)
    }

    @Test(
        "rejects invalid IDs before any call",
        arguments: [[], Array(repeating: "s", count: 21), ["a", ""]]
    )
    func batchValidation(ids: [String]) async throws {
        let transport = FakeTransport(always: Fixtures.secretAnswer)
        let clock = ManualClock(sleepsAdvance: true)
        let client = try Fixtures.secretsManager(transport, clock: clock)
        let error = try await #require(throws: AWSError.self) {
            try await client.batchGetSecretValue(secretIds: ids, deadline: Fixtures.deadline(clock))
        }
        #expect(error.code == .invalidRequest)
        #expect(error.message.contains("BatchGetSecretValue"))
        #expect(transport.requests.isEmpty)
    }

    @Test("accepts exactly 20 IDs in one batch and rejects empty IDs for single calls")
    func limits() async throws {
        let transport = FakeTransport(always: Fixtures.json(#"{"SecretValues":[],"Errors":[]}"#))
        let clock = ManualClock(sleepsAdvance: true)
        let client = try Fixtures.secretsManager(transport, clock: clock)
        let ids = (1...20).map { "secret-\($0)" }
        _ = try await client.batchGetSecretValue(secretIds: ids, deadline: Fixtures.deadline(clock))
        #expect(SecretsManagerClient.batchLimit == 20)
        let single = try await #require(throws: AWSError.self) {
            try await client.getSecretValue(.init(secretId: ""), deadline: Fixtures.deadline(clock))
        }
        #expect(single.code == .invalidRequest)
        let describe = try await #require(throws: AWSError.self) {
            try await client.describeSecret(secretId: "", deadline: Fixtures.deadline(clock))
        }
        #expect(describe.code == .invalidRequest)
        #expect(transport.requests.count == 1)
    }
}

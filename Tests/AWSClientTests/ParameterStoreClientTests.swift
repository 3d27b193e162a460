// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import ProviderTestSupport
import Testing

struct ParameterStoreClientTests {
    private static let answer = Fixtures.json(
        #"{"Parameters":[{"Name":"/app/db","Type":"SecureString","Value":"s3cr3t","Version":3,"#
            + #""Selector":":3","ARN":"arn:aws:ssm:us-east-1:123456789012:parameter/app/db","DataType":"text","#
            + #""LastModifiedDate":1.7E9},{"Name":"host","Type":"String","Value":"db.internal","Version":1}],"#
            + #""InvalidParameters":["missing","host:nolabel"]}"#
    )

    @Test(
        "formats selectors as name, name:version and name:label",
        arguments: [
            (ParameterSelector(name: "/a/b"), "/a/b"),
            (ParameterSelector(name: "/a/b", version: 7), "/a/b:7"),
            (ParameterSelector(name: "key", label: "prod"), "key:prod"),
        ]
    )
    func selectors(selector: ParameterSelector, text: String) {
        #expect(selector.description == text)
    }

    @Test("GetParameters sends the selectors with WithDecryption true to AmazonSSM.GetParameters")
    func request() async throws {
        let transport = FakeTransport(always: Self.answer)
        let clock = ManualClock(sleepsAdvance: true)
        let client = try ParameterStoreClient(
            region: "eu-north-1",
            credentials: StaticCredentialProvider(credentials: Fixtures.credentials),
            runtime: Fixtures.runtime(transport, clock: clock)
        )
        _ = try await client.getParameters(
            [ParameterSelector(name: "/app/db", version: 3), ParameterSelector(name: "host", label: "nolabel")],
            deadline: Fixtures.deadline(clock)
        )
        let request = try #require(transport.requests.first)
        #expect(request.url == "https://ssm.eu-north-1.amazonaws.com/")
        #expect(request.header("X-Amz-Target") == "AmazonSSM.GetParameters")
        #expect(request.header("Content-Type") == "application/x-amz-json-1.1")
        #expect(request.header("Authorization")?.contains("/eu-north-1/ssm/aws4_request") == true)
        let body = try Fixtures.body(request)
        #expect(body["Names"] as? [String] == ["/app/db:3", "host:nolabel"])
        #expect(body["WithDecryption"] as? Bool == true)
    }

    @Test("reads parameters and InvalidParameters")
    func response() async throws {
        let clock = ManualClock(sleepsAdvance: true)
        let client = try ParameterStoreClient(
            region: "us-east-1",
            credentials: StaticCredentialProvider(credentials: Fixtures.credentials),
            runtime: Fixtures.runtime(FakeTransport(always: Self.answer), clock: clock)
        )
        let result = try await client.getParameters(
            [ParameterSelector(name: "/app/db", version: 3), ParameterSelector(name: "host")],
            deadline: Fixtures.deadline(clock)
        )
        #expect(result.parameters.count == 2)
        let secure = result.parameters[0]
        #expect(secure.name == "/app/db")
        #expect(secure.value == "s3cr3t")
        #expect(secure.version == 3)
        #expect(secure.selector == ":3")
        #expect(secure.type == "SecureString")
        #expect(secure.arn == "arn:aws:ssm:us-east-1:123456789012:parameter/app/db")
        #expect(result.parameters[1].arn == nil)
        #expect(result.parameters[1].selector == nil)
        #expect(result.invalidParameters == ["missing", "host:nolabel"])
        var dumped = ""
        dump(secure, to: &dumped)
        for text in ["\(secure)", String(reflecting: secure), dumped, "\(result)"] {
            #expect(!text.contains("s3cr3t"))
        }
    }

    @Test(
        "rejects invalid selectors before any call",
        arguments: [
            [],
            (0...10).map { ParameterSelector(name: "p\($0)") },
            [ParameterSelector(name: "")],
            [ParameterSelector(name: "a", label: "")],
        ]
    )
    func validation(selectors: [ParameterSelector]) async throws {
        let transport = FakeTransport(always: Self.answer)
        let clock = ManualClock(sleepsAdvance: true)
        let client = try ParameterStoreClient(
            region: "us-east-1",
            credentials: StaticCredentialProvider(credentials: Fixtures.credentials),
            runtime: Fixtures.runtime(transport, clock: clock)
        )
        let error = try await #require(throws: AWSError.self) {
            try await client.getParameters(selectors, deadline: Fixtures.deadline(clock))
        }
        #expect(error.code == .invalidRequest)
        #expect(error.isClientFault)
        #expect(error.message.hasPrefix("SSM Parameter Store GetParameters"))
        #expect(transport.requests.isEmpty)
        #expect(ParameterStoreClient.batchLimit == 10)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import ProviderTestSupport
import Testing

/// The two listing calls of wildcards: `GetParametersByPath` and `BatchGetSecretValue` with a `name` filter, one page
/// each, on the wire.
struct ListingClientTests {
    static func parameterStore(_ transport: FakeTransport, _ clock: ManualClock) throws -> ParameterStoreClient {
        try ParameterStoreClient(
            region: "us-east-1",
            credentials: StaticCredentialProvider(credentials: Fixtures.credentials),
            runtime: Fixtures.runtime(transport, clock: clock)
        )
    }

    @Test("GetParametersByPath sends the path, recursion, decryption, 10 a page and the token; reads the page")
    func parametersByPath() async throws {
        let answer = Fixtures.json(
            #"{"Parameters":[{"Name":"/app/db","Type":"SecureString","Value":"s3cr3t","Version":2,"#
                + #""ARN":"arn:aws:ssm:us-east-1:123456789012:parameter/app/db"}],"NextToken":"page-2"}"#
        )
        let (transport, clock) = (FakeTransport(always: answer), ManualClock(sleepsAdvance: true))
        let page = try await Self.parameterStore(transport, clock).getParametersByPath(
            "/app",
            recursive: true,
            nextToken: "page-1",
            deadline: Fixtures.deadline(clock)
        )
        let request = try #require(transport.requests.first)
        #expect(request.header("X-Amz-Target") == "AmazonSSM.GetParametersByPath")
        let body = try Fixtures.body(request)
        #expect(body["Path"] as? String == "/app")
        #expect(body["Recursive"] as? Bool == true)
        #expect(body["WithDecryption"] as? Bool == true)
        #expect(body["MaxResults"] as? Int == 10)
        #expect(body["NextToken"] as? String == "page-1")
        #expect(page.nextToken == "page-2")
        #expect(page.parameters.map(\.name) == ["/app/db"])
        #expect(page.parameters.first?.value == "s3cr3t" && page.parameters.first?.version == 2)
        #expect(!"\(page)".contains("s3cr3t"))
    }

    @Test("a path that does not start with / is refused before any call")
    func relativePath() async throws {
        let (transport, clock) = (FakeTransport(always: Fixtures.json("{}")), ManualClock(sleepsAdvance: true))
        let client = try Self.parameterStore(transport, clock)
        await #expect(throws: AWSError.self) {
            _ = try await client.getParametersByPath(
                "app",
                recursive: false,
                nextToken: nil,
                deadline: Fixtures.deadline(clock)
            )
        }
        #expect(transport.requests.isEmpty)
    }

    @Test("BatchGetSecretValue with a name filter sends Filters, 20 a page and the token; reads values and errors")
    func filteredBatch() async throws {
        let answer = Fixtures.json(
            #"{"SecretValues":[{"Name":"prod/a","ARN":"arn:aws:secretsmanager:us-east-1:123456789012:secret:"#
                + #"prod/a-AbCdEf","VersionId":"v1","SecretString":"s3cr3t","VersionStages":["AWSCURRENT"]}],"#
                + #""Errors":[{"SecretId":"prod/b","ErrorCode":"DecryptionFailure","Message":"no key"}],"#
                + #""NextToken":""}"#
        )
        let transport = FakeTransport(always: answer)
        let clock = ManualClock(sleepsAdvance: true)
        let client = try SecretsManagerClient(
            region: "us-east-1",
            credentials: StaticCredentialProvider(credentials: Fixtures.credentials),
            runtime: Fixtures.runtime(transport, clock: clock)
        )
        let page = try await client.batchGetSecretValue(
            nameFilter: "prod/",
            nextToken: nil,
            deadline: Fixtures.deadline(clock)
        )
        let request = try #require(transport.requests.first)
        #expect(request.header("X-Amz-Target") == "secretsmanager.BatchGetSecretValue")
        let body = try Fixtures.body(request)
        let filters = try #require(body["Filters"] as? [[String: Any]])
        #expect(filters.count == 1)
        #expect(filters.first?["Key"] as? String == "name")
        #expect(filters.first?["Values"] as? [String] == ["prod/"])
        #expect(body["MaxResults"] as? Int == 20)
        #expect(body["NextToken"] == nil && body["SecretIdList"] == nil)
        #expect(page.values.map(\.name) == ["prod/a"])
        #expect(page.errors.map(\.secretId) == ["prod/b"])
        #expect(page.nextToken == nil, "an empty token ends the listing")
    }
}

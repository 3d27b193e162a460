// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import AWSSigV4
import Foundation
import ProviderTestSupport
import Testing

struct WebIdentityCredentialProviderTests {
    /// An STS answer whose credentials expire an hour after the fake clock's start.
    static func answer(_ clock: ManualClock, lifetime: TimeInterval = 3600) -> AWSHTTPResponse {
        let formatter = ISO8601DateFormatter()
        return STSClientTests.answer(expiration: formatter.string(from: clock.startDate.addingTimeInterval(lifetime)))
    }

    static func provider(
        _ transport: FakeTransport,
        clock: ManualClock,
        tokens: Counter? = nil
    ) throws -> WebIdentityCredentialProvider {
        try WebIdentityCredentialProvider(
            roleArn: STSClientTests.roleArn,
            roleSessionName: "secrets-store-csi-driver-provider-aws",
            region: "eu-west-1",
            runtime: Fixtures.runtime(transport, clock: clock),
            token: {
                tokens?.increment()
                return "service-account-token"
            }
        )
    }

    @Test("assumes the role with the supplied token, then serves the cached credentials")
    func fetchesAndCaches() async throws {
        let clock = ManualClock(sleepsAdvance: true)
        let transport = FakeTransport(always: Self.answer(clock))
        let tokens = Counter()
        let provider = try Self.provider(transport, clock: clock, tokens: tokens)
        #expect(provider.roleArn == STSClientTests.roleArn)
        let first = try await provider.credentials()
        let second = try await provider.credentials()
        #expect(first == second)
        #expect(first.accessKeyId == "ASIAEXAMPLE")
        #expect(first.sessionToken == "FwoGZX&IvYXdzE")
        #expect(transport.requests.count == 1)
        #expect(tokens.count == 1)
        let body = String(decoding: try #require(transport.requests.first).body, as: UTF8.self)
        #expect(body.contains("WebIdentityToken=service-account-token"))
        #expect(body.contains("RoleSessionName=secrets-store-csi-driver-provider-aws"))
        #expect(transport.requests.first?.url == "https://sts.eu-west-1.amazonaws.com/")
    }

    @Test("a failed STS call is not cached")
    func failureNotCached() async throws {
        let clock = ManualClock(sleepsAdvance: true)
        let denied = Fixtures.json(
            "<ErrorResponse><Error><Code>InvalidIdentityToken</Code><Message>bad</Message></Error></ErrorResponse>",
            status: 400
        )
        let transport = FakeTransport(sequence: [.success(denied), .success(Self.answer(clock))])
        let provider = try Self.provider(transport, clock: clock)
        let error = try await #require(throws: AWSError.self) { try await provider.credentials() }
        #expect(error.code == .credentials)
        #expect(error.isClientFault)
        #expect(try await provider.credentials().accessKeyId == "ASIAEXAMPLE")
        #expect(transport.requests.count == 2)
    }

    @Test("signed calls use the temporary credentials and their session token")
    func signsWithTemporaryCredentials() async throws {
        let clock = ManualClock(sleepsAdvance: true)
        let transport = FakeTransport { request, _ in
            request.header("X-Amz-Target") == nil ? Self.answer(clock) : Fixtures.secretAnswer
        }
        let runtime = Fixtures.runtime(transport, clock: clock)
        let provider = try WebIdentityCredentialProvider(
            roleArn: STSClientTests.roleArn,
            roleSessionName: "csi",
            region: "us-east-1",
            runtime: runtime,
            token: { "token" }
        )
        let client = try SecretsManagerClient(region: "us-east-1", credentials: provider, runtime: runtime)
        _ = try await client.getSecretValue(.init(secretId: "db"), deadline: Fixtures.deadline(clock))
        let signed = try #require(transport.requests.last)
        #expect(signed.header("Authorization")?.contains("Credential=ASIAEXAMPLE/") == true)
        #expect(signed.header("X-Amz-Security-Token") == "FwoGZX&IvYXdzE")
        #expect(transport.requests.first?.header("Authorization") == nil)
    }

    @Test("a token supplier failure reaches the caller and is not cached")
    func tokenFailure() async throws {
        struct NoToken: Error {}
        let clock = ManualClock(sleepsAdvance: true)
        let transport = FakeTransport(always: Self.answer(clock))
        let calls = Counter()
        let provider = try WebIdentityCredentialProvider(
            roleArn: STSClientTests.roleArn,
            roleSessionName: "csi",
            region: "us-east-1",
            runtime: Fixtures.runtime(transport, clock: clock),
            token: {
                if calls.increment() == 1 {
                    throw NoToken()
                }
                return "token"
            }
        )
        await #expect(throws: NoToken.self) { try await provider.credentials() }
        #expect(transport.requests.isEmpty)
        _ = try await provider.credentials()
        #expect(transport.requests.count == 1)
    }
}

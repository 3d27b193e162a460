// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import AWSSigV4
import Foundation
import Logging
import ProviderTestSupport
import Testing

struct AssumeRoleCredentialProviderTests {
    private static let primary = "https://sts.us-east-1.amazonaws.com/"
    private static let failover = "https://sts.us-west-2.amazonaws.com/"

    /// An `AssumeRole` answer whose credentials expire an hour after the fake clock's start.
    static func answer(_ clock: ManualClock) -> AWSHTTPResponse {
        let formatter = ISO8601DateFormatter()
        return STSClientAssumeRoleTests.answer(
            expiration: formatter.string(from: clock.startDate.addingTimeInterval(3600))
        )
    }

    static func provider(
        _ transport: FakeTransport,
        clock: ManualClock,
        externalId: String? = STSClientAssumeRoleTests.externalId,
        regions: [String] = ["us-east-1", "us-west-2"],
        base: any CredentialProvider = StaticCredentialProvider(credentials: Fixtures.credentials),
        logger: Logger? = nil
    ) throws -> AssumeRoleCredentialProvider {
        try AssumeRoleCredentialProvider(
            roleArn: STSClientAssumeRoleTests.roleArn,
            roleSessionName: "secrets-store-csi-driver-provider-aws",
            externalId: externalId,
            durationSeconds: 3600,
            regions: regions,
            runtime: Fixtures.runtime(transport, clock: clock),
            base: base,
            timeout: .seconds(5),
            logger: logger
        )
    }

    @Test("assumes the role in the primary region with the base credentials (caching: CachingProviderTests)")
    func assumesInPrimaryRegion() async throws {
        let clock = ManualClock(sleepsAdvance: true)
        let transport = FakeTransport(always: Self.answer(clock))
        let provider = try Self.provider(transport, clock: clock)
        #expect(provider.roleArn == STSClientAssumeRoleTests.roleArn)
        #expect(provider.regions == ["us-east-1", "us-west-2"])
        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyId == "ASIACHAINED")
        #expect(credentials.sessionToken == "chained-session&token")
        #expect(transport.requests.count == 1)
        let request = try #require(transport.requests.first)
        #expect(request.url == Self.primary)
        #expect(request.header("Authorization")?.contains("Credential=AKIDEXAMPLE/") == true)
        #expect(request.header("X-Amz-Security-Token") == "session-token-value")
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(body.hasPrefix("Action=AssumeRole&"))
        #expect(body.hasSuffix("&ExternalId=tenant-42-external-id&DurationSeconds=3600"))
    }

    @Test(
        "fails over to the next region when the primary's STS fails with a server error, throttling or a timeout",
        arguments: [
            Result<AWSHTTPResponse, AWSError>.success(STSClientAssumeRoleTests.error("InternalFailure", status: 500)),
            .success(STSClientAssumeRoleTests.error("ServiceUnavailable", status: 503)),
            .success(STSClientAssumeRoleTests.error("Throttling", status: 400)),
            .failure(AWSError(code: .timeout, message: "timed out")),
            .failure(AWSError(code: .network, message: "connection refused")),
        ]
    )
    func failsOver(primaryFailure: Result<AWSHTTPResponse, AWSError>) async throws {
        let clock = ManualClock(sleepsAdvance: true)
        let transport = FakeTransport { request, _ in
            request.url == Self.primary ? try primaryFailure.get() : Self.answer(clock)
        }
        let (logger, records) = RecordingLogHandler.logger()
        let provider = try Self.provider(transport, clock: clock, logger: logger)
        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyId == "ASIACHAINED")
        let urls = transport.requests.map(\.url)
        #expect(urls.first == Self.primary)
        #expect(urls.last == Self.failover)
        #expect(urls.filter { $0 == Self.failover }.count == 1)
        #expect(transport.requests.last?.header("Authorization")?.contains("/us-west-2/sts/aws4_request") == true)
        #expect(records.all.contains { $0.text.hasPrefix("STS AssumeRole failed; asking the next region") })
        #expect(!records.all.contains { $0.text.contains(STSClientAssumeRoleTests.externalId) })
    }

    @Test(
        "does not fail over on a client fault such as AccessDenied",
        arguments: ["AccessDenied", "InvalidClientTokenId", "ExpiredToken", "ValidationError"]
    )
    func noFailoverOnClientFault(awsCode: String) async throws {
        let clock = ManualClock(sleepsAdvance: true)
        let transport = FakeTransport { request, _ in
            request.url == Self.primary ? STSClientAssumeRoleTests.error(awsCode, status: 403) : Self.answer(clock)
        }
        let provider = try Self.provider(transport, clock: clock)
        let error = try await #require(throws: AWSError.self) { try await provider.credentials() }
        #expect(error.isClientFault)
        #expect(error.awsErrorCode == awsCode)
        #expect(error.region == "us-east-1")
        #expect(transport.requests.map(\.url) == [Self.primary])
        #expect(!"\(error)".contains(STSClientAssumeRoleTests.externalId))
    }

    @Test("when every region fails, the last region's error reaches the caller and is not cached")
    func everyRegionFails() async throws {
        let clock = ManualClock(sleepsAdvance: true)
        let healed = Counter()
        let transport = FakeTransport { _, _ in
            healed.count == 0 ? STSClientAssumeRoleTests.error("InternalFailure", status: 500) : Self.answer(clock)
        }
        let provider = try Self.provider(transport, clock: clock)
        let error = try await #require(throws: AWSError.self) { try await provider.credentials() }
        #expect(error.code == .serverFault)
        #expect(error.region == "us-west-2")
        #expect(Set(transport.requests.map(\.url)) == [Self.primary, Self.failover])
        healed.increment()
        #expect(try await provider.credentials().accessKeyId == "ASIACHAINED")
    }

    @Test("a base provider failure is not failed over, sends nothing and is not cached")
    func baseFailure() async throws {
        let clock = ManualClock(sleepsAdvance: true)
        let transport = FakeTransport(always: Self.answer(clock))
        let calls = Counter()
        let base = FakeBase(calls: calls) { number in
            if number == 1 {
                throw AWSError(code: .serverFault, message: "the pod's STS is down")
            }
            return Fixtures.credentials
        }
        let provider = try Self.provider(transport, clock: clock, base: base)
        let error = try await #require(throws: AWSError.self) { try await provider.credentials() }
        #expect(error.message == "the pod's STS is down")
        #expect(transport.requests.isEmpty)
        _ = try await provider.credentials()
        #expect(transport.requests.map(\.url) == [Self.primary])
        #expect(calls.count == 2)
    }

    @Test("chains from web identity credentials: AssumeRole is signed with the web identity session")
    func chainsFromWebIdentity() async throws {
        let clock = ManualClock(sleepsAdvance: true)
        let transport = FakeTransport { request, _ in
            let body = String(decoding: request.body, as: UTF8.self)
            return body.hasPrefix("Action=AssumeRoleWithWebIdentity&") ? STSClientTests.answer() : Self.answer(clock)
        }
        let base = try WebIdentityCredentialProviderTests.provider(transport, clock: clock)
        let provider = try Self.provider(transport, clock: clock, base: base)
        #expect(try await provider.credentials().accessKeyId == "ASIACHAINED")
        #expect(transport.requests.map(\.url) == ["https://sts.eu-west-1.amazonaws.com/", Self.primary])
        let assume = try #require(transport.requests.last)
        #expect(assume.header("Authorization")?.contains("Credential=ASIAEXAMPLE/") == true)
        #expect(assume.header("X-Amz-Security-Token") == "FwoGZX&IvYXdzE")
    }

    @Test("rejects malformed input and a missing region when created, without echoing the external ID")
    func creationErrors() throws {
        let clock = ManualClock(sleepsAdvance: true)
        let transport = FakeTransport(always: Self.answer(clock))
        let noRegion = try #require(throws: AWSError.self) {
            try Self.provider(transport, clock: clock, regions: [])
        }
        #expect(noRegion.code == .invalidConfiguration)
        #expect(noRegion.message.contains("needs at least one region"))
        let badId = try #require(throws: AWSError.self) {
            try Self.provider(transport, clock: clock, externalId: "secret external id")
        }
        #expect(badId.code == .invalidRequest)
        #expect(badId.message.contains("ExternalId"))
        #expect(!"\(badId)".contains("secret external id"))
        let badRegion = try #require(throws: AWSError.self) {
            try Self.provider(transport, clock: clock, regions: ["us-east-1", "Not A Region"])
        }
        #expect(badRegion.isClientFault)
        #expect(transport.requests.isEmpty)
    }
}

/// A base provider whose answers a closure decides, given the call's number (from 1).
private struct FakeBase: CredentialProvider {
    let calls: Counter
    let answer: @Sendable (Int) throws -> AWSCredentials

    func credentials() async throws -> AWSCredentials {
        try self.answer(self.calls.increment())
    }
}

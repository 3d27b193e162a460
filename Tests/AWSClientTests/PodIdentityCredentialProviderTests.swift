// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import AWSSigV4
import Foundation
import ProviderTestSupport
import Testing

struct PodIdentityCredentialProviderTests {
    typealias Preference = PodIdentityCredentialProvider.AddressPreference

    private static let ipv4 = PodIdentityCredentialProvider.Configuration.defaultIPv4Endpoint
    private static let ipv6 = PodIdentityCredentialProvider.Configuration.defaultIPv6Endpoint

    private static let answer = Fixtures.json(
        #"{"AccessKeyId":"ASIAPOD","SecretAccessKey":"pod/secret","Token":"pod-session-token","#
            + #""AccountId":"123456789012","Expiration":"2026-11-23T13:00:00Z"}"#
    )

    private static func provider(
        _ transport: FakeTransport,
        preference: Preference = .auto,
        clock: ManualClock = ManualClock(sleepsAdvance: true)
    ) throws -> PodIdentityCredentialProvider {
        try PodIdentityCredentialProvider(
            configuration: .init(addressPreference: preference, timeout: .seconds(2)),
            runtime: Fixtures.runtime(transport, clock: clock),
            token: { "pod-service-account-token" }
        )
    }

    @Test("GETs the agent with the token as Authorization and reads the credentials")
    func fetches() async throws {
        let transport = FakeTransport(always: Self.answer)
        let credentials = try await Self.provider(transport).credentials()
        #expect(credentials.accessKeyId == "ASIAPOD")
        #expect(credentials.secretAccessKey == "pod/secret")
        #expect(credentials.sessionToken == "pod-session-token")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_795_438_800))
        let request = try #require(transport.requests.first)
        #expect(request.method == "GET")
        #expect(request.url == "http://169.254.170.23/v1/credentials")
        #expect(request.header("Host") == "169.254.170.23")
        #expect(request.header("Authorization") == "pod-service-account-token")
        #expect(request.header("X-Amz-Date") == nil)
        #expect(request.body.isEmpty)
    }

    @Test(
        "auto falls back from IPv4 to IPv6 after one failed connection or a timeout",
        arguments: [AWSError.Code.network, .timeout]
    )
    func autoFallback(failure: AWSError.Code) async throws {
        let transport = FakeTransport { request, _ in
            if request.url == Self.ipv4 {
                throw AWSError(code: failure, message: "unreachable")
            }
            return Self.answer
        }
        let credentials = try await Self.provider(transport).credentials()
        #expect(credentials.accessKeyId == "ASIAPOD")
        #expect(transport.requests.map(\.url) == [Self.ipv4, Self.ipv6])
        #expect(transport.requests.last?.header("Host") == "[fd00:ec2::23]")
    }

    @Test("auto does not fall back when the IPv4 agent answers, even with a refusal")
    func noFallbackOnAnswer() async throws {
        let refusal = Fixtures.json(#"{"code":"AccessDeniedException","message":"no association"}"#, status: 400)
        let transport = FakeTransport(always: refusal)
        let error = try await #require(throws: AWSError.self) {
            try await Self.provider(transport).credentials()
        }
        #expect(error.code == .credentials)
        #expect(error.isClientFault)
        #expect(error.message.contains("Pod Identity association"))
        #expect(error.message.contains("no association"))
        #expect(error.region == nil)
        #expect(!error.message.contains("pod-service-account-token"))
        #expect(transport.requests.map(\.url) == [Self.ipv4])
    }

    @Test("ipv6 uses only the IPv6 endpoint; ipv4 retries IPv4 and never tries IPv6")
    func fixedPreferences() async throws {
        let six = FakeTransport(always: Self.answer)
        _ = try await Self.provider(six, preference: .ipv6).credentials()
        #expect(six.requests.map(\.url) == [Self.ipv6])

        let four = FakeTransport { _, _ in throw AWSError(code: .network, message: "refused") }
        let error = try await #require(throws: AWSError.self) {
            try await Self.provider(four, preference: .ipv4).credentials()
        }
        #expect(error.code == .network)
        #expect(!error.isClientFault)
        #expect(four.requests.map(\.url) == [Self.ipv4, Self.ipv4, Self.ipv4])
    }

    @Test("an agent server error is retried and is not a client fault")
    func serverError() async throws {
        let failing = Fixtures.json(#"{"code":"InjectedFault","message":"boom"}"#, status: 500)
        let transport = FakeTransport(always: failing)
        let error = try await #require(throws: AWSError.self) {
            try await Self.provider(transport, preference: .ipv4).credentials()
        }
        #expect(error.code == .serverFault)
        #expect(transport.requests.count == 3)
    }

    @Test("an incomplete agent answer is an invalid response")
    func incompleteAnswer() async throws {
        let transport = FakeTransport(always: Fixtures.json(#"{"AccessKeyId":"ASIAPOD"}"#))
        let error = try await #require(throws: AWSError.self) {
            try await Self.provider(transport).credentials()
        }
        #expect(error.code == .invalidResponse)
    }

    @Test("caches the credentials across calls")
    func caches() async throws {
        let transport = FakeTransport(always: Self.answer)
        let provider = try Self.provider(transport)
        for _ in 0..<5 {
            _ = try await provider.credentials()
        }
        #expect(transport.requests.count == 1)
    }

    @Test("rejects an endpoint URL that is not absolute http")
    func invalidEndpoint() throws {
        let error = #expect(throws: AWSError.self) {
            try PodIdentityCredentialProvider(
                configuration: .init(ipv4Endpoint: "169.254.170.23/v1/credentials"),
                runtime: Fixtures.runtime(FakeTransport(always: Self.answer)),
                token: { "t" }
            )
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("IPv4") == true)
    }

    @Test(
        "parses the address preference flag values",
        arguments: [("ipv4", Preference.ipv4), ("ipv6", .ipv6), ("auto", .auto)]
    )
    func preferenceValues(text: String, preference: Preference) {
        #expect(Preference(rawValue: text) == preference)
        #expect(Preference(rawValue: "dual") == nil)
    }
}

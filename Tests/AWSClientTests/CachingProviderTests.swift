// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Foundation
import ProviderTestSupport
import Testing

/// The caching every provider that fetches temporary credentials from STS must show, checked the same way for each.
struct CachingProviderTests {
    /// One provider under test: how it is built over a transport and a clock, and what its fetch is answered.
    struct Subject: Sendable, CustomTestStringConvertible {
        /// The provider's name, for the test report.
        var testDescription: String
        /// The fetch's answer on a clock, with credentials that expire an hour after the clock's start.
        var answer: @Sendable (ManualClock) -> AWSHTTPResponse
        /// Builds the provider.
        var makeProvider: @Sendable (FakeTransport, ManualClock) throws -> any CredentialProvider
    }

    static let subjects = [
        Subject(
            testDescription: "web identity",
            answer: { WebIdentityCredentialProviderTests.answer($0) },
            makeProvider: { try WebIdentityCredentialProviderTests.provider($0, clock: $1) }
        ),
        Subject(
            testDescription: "assume role",
            answer: { AssumeRoleCredentialProviderTests.answer($0) },
            makeProvider: { try AssumeRoleCredentialProviderTests.provider($0, clock: $1) }
        ),
    ]

    @Test("100 concurrent callers while the first fetch is slow cause one STS call", arguments: Self.subjects)
    func singleFlight(subject: Subject) async throws {
        let clock = ManualClock(sleepsAdvance: true)
        let transport = FakeTransport { _, _ in
            try await Task.sleep(for: .milliseconds(50))
            return subject.answer(clock)
        }
        let provider = try subject.makeProvider(transport, clock)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<100 {
                group.addTask { _ = try await provider.credentials() }
            }
            try await group.waitForAll()
        }
        #expect(transport.requests.count == 1)
    }

    @Test(
        "serves the cached credentials, then refreshes five minutes before they expire on the injected clock",
        arguments: Self.subjects
    )
    func refreshes(subject: Subject) async throws {
        let clock = ManualClock(sleepsAdvance: true)
        let transport = FakeTransport { _, _ in subject.answer(clock) }
        let provider = try subject.makeProvider(transport, clock)
        _ = try await provider.credentials()
        clock.advance(by: .seconds(54 * 60))
        _ = try await provider.credentials()
        #expect(transport.requests.count == 1)
        clock.advance(by: .seconds(61))
        _ = try await provider.credentials()
        #expect(transport.requests.count == 2)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import ProviderTestSupport
import SecretProviderClass
import Testing

@testable import Provider

@Suite("CredentialCache")
struct CredentialCacheTests {
    static let role = "arn:aws:iam::123456789012:role/app"
    let factory = FakeAWSServiceFactory()
    let clock = ManualClock()

    func cache(capacity: Int = 16, idleLifetime: Duration = .seconds(3600)) -> CredentialCache {
        CredentialCache(
            factory: self.factory,
            capacity: capacity,
            idleLifetime: idleLifetime,
            clock: self.clock.timeSource
        )
    }

    static func irsa(_ namespace: String = "default", _ account: String = "app", role: String = role) -> MountIdentity {
        MountIdentity(namespace: namespace, serviceAccount: account, method: .irsa(roleArn: role))
    }

    static func pods(_ namespace: String = "default", _ account: String = "app", _ type: PreferredAddressType = .auto)
        -> MountIdentity
    {
        MountIdentity(namespace: namespace, serviceAccount: account, method: .podIdentity(type))
    }

    static func label(_ provider: any CredentialProvider) -> String? {
        (provider as? FakeCredentialProvider)?.label
    }

    @Test("same identity, region and token: the same source, made once")
    func reuses() throws {
        let cache = self.cache()
        let first = try cache.provider(for: Self.irsa(), region: "us-east-1", token: "t1")
        let second = try cache.provider(for: Self.irsa(), region: "us-east-1", token: "t1")
        #expect(Self.label(first) == Self.label(second))
        #expect(self.factory.made == [.webIdentity(roleArn: Self.role, region: "us-east-1", token: "t1")])
        #expect(cache.count == 1)
    }

    /// Pairs of (identity, region, token) that must never share a source.
    static let distinct: [(String, MountIdentity, String, String)] = [
        ("another namespace, same service account name and role", irsa("other"), "us-east-1", "t1"),
        ("another service account, same role", irsa("default", "other"), "us-east-1", "t1"),
        ("another role", irsa(role: "arn:aws:iam::123456789012:role/other"), "us-east-1", "t1"),
        ("another region (STS is regional)", irsa(), "us-west-2", "t1"),
        ("Pod Identity instead of IRSA", pods(), "us-east-1", "t1"),
    ]

    @Test("never shared between identities or regions", arguments: Self.distinct)
    func separates(_ name: String, identity: MountIdentity, region: String, token: String) throws {
        let cache = self.cache()
        let base = try cache.provider(for: Self.irsa(), region: "us-east-1", token: "t1")
        let other = try cache.provider(for: identity, region: region, token: token)
        #expect(Self.label(base) != Self.label(other))
        #expect(self.factory.made.count == 2)
        #expect(cache.count == 2)
    }

    @Test("the pods of one identity share a source, which fetches with the token that expires last")
    func sharedAcrossTokens() throws {
        let cache = self.cache()
        let now = ContinuousClock.now
        let first = try cache.provider(for: Self.irsa(), region: "us-east-1", token: "t1", expiry: now + .seconds(60))
        let second = try cache.provider(for: Self.irsa(), region: "us-east-1", token: "t2", expiry: now + .seconds(90))
        #expect(Self.label(first) == Self.label(second))
        #expect(self.factory.made.count == 1)
        #expect((second as? FakeCredentialProvider)?.token() == "t2")
        // An older token (a stale mount's) does not replace a newer one.
        _ = try cache.provider(for: Self.irsa(), region: "us-east-1", token: "t0", expiry: now + .seconds(10))
        #expect((second as? FakeCredentialProvider)?.token() == "t2")
        // Without a known expiry the newest token offered is used.
        _ = try cache.provider(for: Self.irsa(), region: "us-east-1", token: "t3")
        #expect((second as? FakeCredentialProvider)?.token() == "t3")
    }

    @Test("Pod Identity credentials are shared across regions, not across address preferences")
    func podIdentityAcrossRegions() throws {
        let cache = self.cache()
        let east = try cache.provider(for: Self.pods(), region: "us-east-1", token: "p")
        let west = try cache.provider(for: Self.pods(), region: "us-west-2", token: "p")
        let ipv6 = try cache.provider(for: Self.pods("default", "app", .ipv6), region: "us-east-1", token: "p")
        #expect(Self.label(east) == Self.label(west))
        #expect(Self.label(east) != Self.label(ipv6))
        #expect(self.factory.made == [.podIdentity(.auto, token: "p"), .podIdentity(.ipv6, token: "p")])
    }

    @Test(
        "Pod Identity address preferences map one to one",
        arguments: [
            (PreferredAddressType.ipv4, PodIdentityCredentialProvider.AddressPreference.ipv4), (.ipv6, .ipv6),
            (.auto, .auto),
        ]
    )
    func addressPreference(type: PreferredAddressType, expected: PodIdentityCredentialProvider.AddressPreference)
        throws
    {
        _ = try self.cache().provider(for: Self.pods("default", "app", type), region: "us-east-1", token: "p")
        #expect(self.factory.made == [.podIdentity(expected, token: "p")])
    }

    @Test("at capacity the least recently used source goes first")
    func leastRecentlyUsed() throws {
        let cache = self.cache(capacity: 2)
        let a = try cache.provider(for: Self.irsa("a"), region: "us-east-1", token: "t")
        self.clock.advance(by: .seconds(1))
        _ = try cache.provider(for: Self.irsa("b"), region: "us-east-1", token: "t")
        self.clock.advance(by: .seconds(1))
        // Using `a` again makes `b` the least recently used.
        _ = try cache.provider(for: Self.irsa("a"), region: "us-east-1", token: "t")
        self.clock.advance(by: .seconds(1))
        _ = try cache.provider(for: Self.irsa("c"), region: "us-east-1", token: "t")
        #expect(cache.count == 2)
        #expect(self.factory.made.count == 3)

        let aAgain = try cache.provider(for: Self.irsa("a"), region: "us-east-1", token: "t")
        #expect(Self.label(aAgain) == Self.label(a))
        #expect(self.factory.made.count == 3)
        _ = try cache.provider(for: Self.irsa("b"), region: "us-east-1", token: "t")
        #expect(self.factory.made.count == 4, "b was evicted and is made again")
        #expect(cache.count == 2)
    }

    @Test("sources unused for the idle lifetime are dropped when a new one is added")
    func idleLifetime() throws {
        let cache = self.cache(idleLifetime: .seconds(60))
        _ = try cache.provider(for: Self.irsa("a"), region: "us-east-1", token: "t")
        _ = try cache.provider(for: Self.irsa("b"), region: "us-east-1", token: "t")
        self.clock.advance(by: .seconds(30))
        _ = try cache.provider(for: Self.irsa("b"), region: "us-east-1", token: "t")
        self.clock.advance(by: .seconds(45))
        _ = try cache.provider(for: Self.irsa("c"), region: "us-east-1", token: "t")
        #expect(cache.count == 2, "a (idle 75 s) is gone, b (idle 45 s) stays")
        _ = try cache.provider(for: Self.irsa("b"), region: "us-east-1", token: "t")
        #expect(self.factory.made.count == 3)
    }

    @Test("a factory failure is thrown and nothing is cached")
    func factoryFailure() throws {
        let cache = self.cache()
        self.factory.failCredentials(with: AWSError(code: .invalidConfiguration, message: "bad region"))
        #expect(throws: AWSError.self) {
            try cache.provider(for: Self.irsa(), region: "us-east-1", token: "t")
        }
        #expect(cache.count == 0)
        self.factory.failCredentials(with: nil)
        _ = try cache.provider(for: Self.irsa(), region: "us-east-1", token: "t")
        #expect(cache.count == 1)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import ProviderTestSupport
import SecretProviderClass
import Testing

@testable import Provider

/// Chained sources for `assumeRoleArn`: one per identity (role and external ID included) and region, assuming the
/// role with the pod's own source, which every class of the service account shares.
@Suite("CredentialCache with assumed roles")
struct CredentialCacheAssumeRoleTests {
    static let podRole = "arn:aws:iam::123456789012:role/app"
    static let crossRole = "arn:aws:iam::210987654321:role/reader"
    let factory = FakeAWSServiceFactory()

    func cache() -> CredentialCache {
        CredentialCache(factory: self.factory, clock: ManualClock().timeSource)
    }

    static func assuming(_ role: String = crossRole, externalId: String? = nil, duration: Int = 3600) -> MountIdentity {
        MountIdentity(
            namespace: "default",
            serviceAccount: "app",
            method: .irsa(roleArn: podRole),
            assumeRole: AssumeRoleRequest(roleArn: role, externalId: externalId, durationSeconds: duration)
        )
    }

    @Test("the mounts of one class share one chained source; the pod's source assumes the role")
    func sharesTheChain() throws {
        let cache = self.cache()
        for _ in 0..<20 {
            _ = try cache.provider(
                for: Self.assuming(),
                region: "us-east-1",
                otherRegions: ["us-east-1", "us-west-2"],
                token: "t1"
            )
        }
        #expect(
            self.factory.made == [
                .webIdentity(roleArn: Self.podRole, region: "us-east-1", token: "t1"),
                .assumeRole(roleArn: Self.crossRole, regions: ["us-east-1", "us-west-2"], base: "web#1"),
            ]
        )
        #expect(cache.count == 2)
    }

    /// Identities that differ from ``assuming(_:externalId:duration:)`` in their assumed role only.
    static let others: [(String, MountIdentity)] = [
        ("another role", assuming("arn:aws:iam::210987654321:role/other")),
        ("an external ID", assuming(externalId: "tenant-42")),
        ("another duration", assuming(duration: 900)),
        ("no role", assuming().base),
    ]

    @Test("another role, external ID or duration has its own chain on the same pod source", arguments: Self.others)
    func separates(_ name: String, identity: MountIdentity) throws {
        let cache = self.cache()
        let first = try cache.provider(for: Self.assuming(), region: "us-east-1", token: "t1")
        let other = try cache.provider(for: identity, region: "us-east-1", token: "t1")
        #expect((first as? FakeCredentialProvider)?.label != (other as? FakeCredentialProvider)?.label)
        #expect(self.factory.made.filter { if case .webIdentity = $0 { true } else { false } }.count == 1)
        #expect(Self.assuming() != identity)
    }

    @Test("a later mount's newer token reaches the pod's source behind a cached chain")
    func refreshesTheBaseToken() throws {
        let cache = self.cache()
        let now = ContinuousClock.now
        _ = try cache.provider(for: Self.assuming(), region: "us-east-1", token: "t1", expiry: now + .seconds(60))
        _ = try cache.provider(for: Self.assuming(), region: "us-east-1", token: "t2", expiry: now + .seconds(90))
        #expect(self.factory.providers.first?.token() == "t2")
    }

    @Test("the identity names the chain, never the external ID; the session is named after the pod")
    func describes() {
        let identity = Self.assuming(externalId: "s3cret-external-id")
        #expect(identity.description == "IRSA default/app (\(Self.podRole)) → assume \(Self.crossRole)")
        #expect(identity.roleSessionName == "default@app")
        let long = MountIdentity(
            namespace: String(repeating: "n", count: 63),
            serviceAccount: "app",
            method: .podIdentity(.auto)
        )
        #expect(long.roleSessionName.count == 64)
    }

    @Test("STS's refusal names both roles and the fixes, never the external ID")
    func explainsRefusals() {
        let refusal = AWSError(
            code: .accessDenied,
            message: "STS AssumeRole was denied (AccessDenied).",
            service: "sts",
            operation: "AssumeRole"
        )
        let message = AssumeRoleRefusals.explanation(of: refusal, for: Self.assuming(externalId: "s3cret-external-id"))
        #expect(
            message.contains(
                "The trust policy of role \(Self.crossRole) must allow sts:AssumeRole from \(Self.podRole)"
            )
        )
        #expect(message.contains("\(Self.podRole)'s policy must allow sts:AssumeRole on \(Self.crossRole)"))
        #expect(message.contains("sts:ExternalId condition must match assumeRoleExternalId"))
        #expect(!message.contains("s3cret-external-id"))
    }
}

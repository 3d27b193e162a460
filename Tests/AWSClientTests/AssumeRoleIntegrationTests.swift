// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import AWSSigV4
import ProviderTestSupport
import Testing

/// Chained credentials (STS AssumeRole) against the rig's STS, which checks SigV4 signatures and the trust policy of
/// `rig-chained-role`: any AWS principal, with the external ID `rig-external-id`.
struct AssumeRoleIntegrationTests {
    private static let externalId = "rig-external-id"

    /// A provider for the rig's `rig-chained-role`, asking STS in `regions`.
    private static func provider(
        _ harness: RigHarness,
        externalId: String = Self.externalId,
        regions: [String],
        base: any CredentialProvider
    ) throws -> AssumeRoleCredentialProvider {
        try AssumeRoleCredentialProvider(
            roleArn: "arn:aws:iam::\(harness.rig.account):role/rig-chained-role",
            roleSessionName: "csi-chained",
            externalId: externalId,
            regions: regions,
            runtime: harness.runtime,
            base: base
        )
    }

    @Test("chained from web identity: a signed AssumeRole, then calls signed with the assumed role")
    func chainedFromWebIdentity() async throws {
        try await RigHarness.run(region: "ap-southeast-2") { harness in
            let provider = try Self.provider(harness, regions: [harness.region], base: harness.webIdentity())
            let name = RigHarness.uniqueName("chained")
            _ = try await harness.seeder.createSecret(name: name, string: "from a chained role")
            let value = try await harness.secretsManager(provider)
                .getSecretValue(.init(secretId: name), deadline: harness.deadline())
            #expect(value.contents == .string("from a chained role"))
            let calls = try await harness.calls()
            #expect(calls.map(\.operation) == ["AssumeRoleWithWebIdentity", "AssumeRole", "GetSecretValue"])
            #expect(calls.map(\.signed) == [false, true, true])
            #expect(calls.allSatisfy { $0.status == 200 })
        }
    }

    @Test("a wrong external ID is denied by the trust policy, is not failed over and is not echoed")
    func wrongExternalId() async throws {
        try await RigHarness.run(region: "eu-south-2") { harness in
            let provider = try Self.provider(
                harness,
                externalId: "not-the-rig-external-id",
                regions: [harness.region, "me-central-1"],
                base: harness.staticCredentials
            )
            let error = try await #require(throws: AWSError.self) { try await provider.credentials() }
            #expect(error.code == .accessDenied)
            #expect(error.httpStatus == 403)
            #expect(!"\(error)".contains("not-the-rig-external-id"))
            let calls = try await harness.calls()
            #expect(calls.map(\.region) == [harness.region])
        }
    }

    @Test("fails over to the second region's STS when the first answers 500 to every attempt")
    func failover() async throws {
        try await RigHarness.run(region: "mx-central-1") { harness in
            try await harness.fault("AssumeRole", status: 500, code: "InternalFailure")
            let provider = try Self.provider(
                harness,
                regions: [harness.region, "ca-west-1"],
                base: harness.staticCredentials
            )
            let credentials = try await provider.credentials()
            #expect(credentials.accessKeyId.hasPrefix("ASIA"))
            let calls = try await harness.calls()
            #expect(calls.map(\.region) == [harness.region, harness.region, harness.region, "ca-west-1"])
            #expect(calls.map(\.status) == [500, 500, 500, 200])
            #expect(calls.allSatisfy { $0.operation == "AssumeRole" && $0.signed })
        }
    }
}

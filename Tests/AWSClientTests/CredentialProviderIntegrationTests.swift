// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import AWSSigV4
import Foundation
import ProviderTestSupport
import Testing

/// Web identity (IRSA) and EKS Pod Identity credentials against the rig's STS and fake agent.
struct CredentialProviderIntegrationTests {
    @Test("web identity: an unsigned STS call, then signed calls with the temporary credentials and session token")
    func webIdentity() async throws {
        try await RigHarness.run(region: "ap-southeast-3") { harness in
            let name = RigHarness.uniqueName("irsa")
            _ = try await harness.seeder.createSecret(name: name, string: "from irsa")
            let provider = try harness.webIdentity()
            let credentials = try await provider.credentials()
            #expect(credentials.accessKeyId.hasPrefix("ASIA"))
            #expect(credentials.sessionToken?.isEmpty == false)
            #expect((credentials.expiration ?? .distantPast) > Date())

            let client = try harness.secretsManager(provider)
            for _ in 0..<3 {
                let value = try await client.getSecretValue(.init(secretId: name), deadline: harness.deadline())
                #expect(value.contents == .string("from irsa"))
            }
            let calls = try await harness.calls()
            #expect(
                calls.map(\.operation) == ["AssumeRoleWithWebIdentity"] + Array(repeating: "GetSecretValue", count: 3)
            )
            #expect(calls.first?.signed == false)
            #expect(calls.first?.service == "sts")
            #expect(calls.dropFirst().allSatisfy { $0.signed && $0.status == 200 && $0.region == harness.region })
        }
    }

    @Test("web identity: a temporary key without its session token is rejected")
    func sessionTokenRequired() async throws {
        try await RigHarness.run(region: "ap-southeast-1") { harness in
            let sts = try STSClient(region: harness.region, runtime: harness.runtime)
            let assumed = try await sts.assumeRoleWithWebIdentity(
                roleArn: harness.rig.irsaRoleArn,
                roleSessionName: "csi",
                webIdentityToken: "rig-token",
                deadline: harness.deadline()
            )
            #expect(assumed.assumedRoleArn.contains(":assumed-role/rig-irsa-role/csi"))
            let withoutToken = StaticCredentialProvider(
                accessKeyId: assumed.credentials.accessKeyId,
                secretAccessKey: assumed.credentials.secretAccessKey
            )
            let error = try await #require(throws: AWSError.self) {
                try await harness.secretsManager(withoutToken).getSecretValue(
                    .init(secretId: "x"),
                    deadline: harness.deadline()
                )
            }
            #expect(error.code == .credentials)
        }
    }

    @Test("Pod Identity over IPv4: the agent's credentials sign the calls")
    func podIdentity() async throws {
        try await RigHarness.run(region: "ap-northeast-2") { harness in
            let token = try await Self.associate(harness)
            let name = RigHarness.uniqueName("pod")
            _ = try await harness.seeder.createSecret(name: name, string: "from pod identity")
            let provider = try PodIdentityCredentialProvider(
                configuration: .init(ipv4Endpoint: harness.rig.podIdentity, addressPreference: .ipv4),
                runtime: harness.runtime,
                token: { token }
            )
            let value = try await harness.secretsManager(provider)
                .getSecretValue(.init(secretId: name), deadline: harness.deadline())
            #expect(value.contents == .string("from pod identity"))
            #expect(try await provider.credentials().accessKeyId.hasPrefix("ASIA"))
        }
    }

    @Test("Pod Identity auto: a refusing IPv4 endpoint falls back to the IPv6 agent")
    func podIdentityIPv6Fallback() async throws {
        try await RigHarness.run(region: "ap-northeast-3") { harness in
            guard let ipv6 = harness.rig.podIdentityIpv6 else {
                // The machine has no IPv6 loopback; the fallback itself is covered by the unit tests.
                return
            }
            let token = try await Self.associate(harness)
            let provider = try PodIdentityCredentialProvider(
                configuration: .init(
                    ipv4Endpoint: "http://127.0.0.1:1/v1/credentials",
                    ipv6Endpoint: ipv6,
                    addressPreference: .auto,
                    timeout: .seconds(60)
                ),
                runtime: harness.runtime,
                token: { token }
            )
            let started = ContinuousClock.now
            let credentials = try await provider.credentials()
            let elapsed = ContinuousClock.now - started
            print("Pod Identity IPv4→IPv6 fallback took \(elapsed)")
            #expect(credentials.accessKeyId.hasPrefix("ASIA"))
            // A refused IPv4 connection falls back at once, not after the 60 s timeout (with room for a loaded
            // machine).
            #expect(elapsed < .seconds(30))
            let requests = try await harness.rig.control(Self.agentBase(harness.rig), "GET", "/__requests")
            let listeners = (requests["requests"] as? [[String: Any]] ?? []).compactMap { $0["listener"] as? String }
            #expect(listeners.contains("ipv6"))
        }
    }

    @Test("Pod Identity: a token without an association is a credentials client fault")
    func podIdentityRefused() async throws {
        try await RigHarness.run(region: "ap-east-1") { harness in
            let provider = try PodIdentityCredentialProvider(
                configuration: .init(ipv4Endpoint: harness.rig.podIdentity, addressPreference: .auto),
                runtime: harness.runtime,
                token: { "unassociated-\(UUID().uuidString)" }
            )
            let error = try await #require(throws: AWSError.self) { try await provider.credentials() }
            #expect(error.code == .credentials)
            #expect(error.isClientFault)
            #expect(error.httpStatus == 400)
            #expect(error.message.contains("Pod Identity association"))
            #expect(!error.message.contains("unassociated-"))
        }
    }

    /// Associates a fresh token with the rig's Pod Identity role and returns it.
    private static func associate(_ harness: RigHarness) async throws -> String {
        let token = "pod-token-\(UUID().uuidString)"
        _ = try await harness.rig.control(
            Self.agentBase(harness.rig),
            "PUT",
            "/__associations",
            json: [token: harness.rig.podIdentityRoleArn]
        )
        return token
    }

    private static func agentBase(_ rig: TestRig) -> String {
        String(rig.podIdentity.dropLast("/v1/credentials".count))
    }
}

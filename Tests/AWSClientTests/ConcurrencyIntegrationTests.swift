// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import ProviderTestSupport
import Testing

/// Many concurrent calls through one runtime: one credential fetch, a bounded connection pool.
struct ConcurrencyIntegrationTests {
    @Test("200 concurrent GetSecretValue calls need one credential fetch and at most the pool's connections")
    func concurrentCalls() async throws {
        let poolLimit = 8
        let calls = 200
        let serverDelay = Duration.milliseconds(150)
        try await RigHarness.run(region: "eu-south-1", maximumConnectionsPerHost: poolLimit) { harness in
            let name = RigHarness.uniqueName("busy")
            _ = try await harness.seeder.createSecret(name: name, string: "shared value")
            // Every read takes at least `serverDelay` on the server, which runs each request on its own thread. With at
            // most `poolLimit` connections the reads need `calls / poolLimit` rounds of it; without a bound they would
            // all sleep at once.
            try await harness.fault("GetSecretValue", delayMilliseconds: Int(serverDelay / .milliseconds(1)))
            let provider = try WebIdentityCredentialProvider(
                roleArn: harness.rig.irsaRoleArn,
                roleSessionName: "secrets-store-csi-driver-provider-aws",
                region: harness.region,
                runtime: harness.runtime,
                token: { "rig-web-identity-token" }
            )
            let client = try harness.secretsManager(provider)
            let started = ContinuousClock.now
            let values = try await withThrowingTaskGroup(of: SecretContents.self) { group in
                for _ in 0..<calls {
                    group.addTask {
                        try await client.getSecretValue(.init(secretId: name), deadline: harness.deadline(.seconds(60)))
                            .contents
                    }
                }
                return try await group.reduce(into: [SecretContents]()) { $0.append($1) }
            }
            let elapsed = ContinuousClock.now - started
            #expect(values.count == calls)
            #expect(values.allSatisfy { $0 == .string("shared value") })

            let log = try await harness.calls()
            let credentialFetches = log.filter { $0.operation == "AssumeRoleWithWebIdentity" }.count
            let reads = log.filter { $0.operation == "GetSecretValue" }
            let connections = Set(log.compactMap(\.clientPort)).count
            let keepAlive = try await harness.serverKeepsConnectionsAlive()
            let minimum = serverDelay * (calls / poolLimit)
            print(
                "\(calls) concurrent GetSecretValue: \(elapsed) (at least \(minimum) with \(poolLimit) connections), "
                    + "credential fetches \(credentialFetches), GetSecretValue calls \(reads.count), "
                    + "distinct client ports \(connections), server keep-alive \(keepAlive)"
            )
            #expect(credentialFetches == 1)
            #expect(reads.count == calls)
            #expect(reads.allSatisfy { $0.status == 200 && $0.signed })
            #expect(elapsed >= minimum * 0.95)
            // The fake keeps connections open as AWS does, so the client ports count the connections used. The calls
            // wait for a free connection longer than the connect timeout, and still none fails.
            #expect(keepAlive)
            #expect(connections <= poolLimit)
        }
    }
}

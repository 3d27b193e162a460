// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import ProviderTestSupport
import Testing

/// The retry strategy and deadlines against injected faults in the rig's fake AWS.
struct RetryIntegrationTests {
    @Test("injected throttling is retried until the call succeeds")
    func throttlingRetried() async throws {
        try await RigHarness.run(region: "sa-east-1") { harness in
            let name = RigHarness.uniqueName("throttled")
            _ = try await harness.seeder.createSecret(name: name, string: "eventually")
            try await harness.fault("GetSecretValue", status: 400, code: "ThrottlingException", count: 2)
            let started = ContinuousClock.now
            let value = try await harness.secretsManager()
                .getSecretValue(.init(secretId: name), deadline: harness.deadline())
            print("Throttled twice then succeeded after \(ContinuousClock.now - started)")
            #expect(value.contents == .string("eventually"))
            let calls = try await harness.calls()
            #expect(calls.map(\.injected) == [true, true, false])
            #expect(calls.map(\.status) == [400, 400, 200])
            let quota = harness.runtime.retryQuotas.bucket(for: .shared, service: .secretsManager, region: "sa-east-1")
            #expect(quota.available == 500)
        }
    }

    @Test("injected 500s past the retry limit end in a server fault after exactly 3 attempts")
    func serverFaultAfterThreeAttempts() async throws {
        try await RigHarness.run(region: "ca-central-1") { harness in
            try await harness.fault("GetSecretValue", status: 500, code: "InternalServiceError")
            let started = ContinuousClock.now
            let error = try await #require(throws: AWSError.self) {
                try await harness.secretsManager().getSecretValue(.init(secretId: "any"), deadline: harness.deadline())
            }
            print("Three 500s took \(ContinuousClock.now - started)")
            #expect(error.code == .serverFault)
            #expect(!error.isClientFault)
            #expect(error.httpStatus == 500)
            #expect(error.awsErrorCode == "InternalServiceError")
            #expect(error.requestId == "injected-fault")
            let calls = try await harness.calls()
            #expect(calls.count == 3)
            #expect(calls.allSatisfy { $0.injected && $0.status == 500 })
        }
    }

    @Test("an injected 400 is not retried and is a client fault")
    func clientFaultNotRetried() async throws {
        try await RigHarness.run(region: "me-south-1") { harness in
            try await harness.fault("GetParameters", status: 400, code: "ValidationException")
            let error = try await #require(throws: AWSError.self) {
                try await harness.parameterStore().getParameters(
                    [ParameterSelector(name: "p")],
                    deadline: harness.deadline()
                )
            }
            #expect(error.code == .clientFault)
            #expect(error.isClientFault)
            #expect(error.awsErrorCode == "ValidationException")
            #expect(try await harness.calls().count == 1)
        }
    }

    @Test("a slow endpoint: the call returns at its deadline, not after the delay")
    func deadlineHonoured() async throws {
        try await RigHarness.run(region: "af-south-1") { harness in
            try await harness.fault("GetSecretValue", count: 1, delayMilliseconds: 30_000)
            let started = ContinuousClock.now
            let error = try await #require(throws: AWSError.self) {
                try await harness.secretsManager().getSecretValue(
                    .init(secretId: "slow"),
                    deadline: started + .seconds(1)
                )
            }
            let elapsed = ContinuousClock.now - started
            print("Slow endpoint with a 1 s deadline returned after \(elapsed)")
            #expect(error.code == .timeout)
            #expect(!error.isClientFault)
            #expect(error.message.contains("did not complete before its deadline"))
            #expect(elapsed >= .milliseconds(950))
            // Far below the 30 s delay, with room for a loaded machine.
            #expect(elapsed < .seconds(15))
        }
    }
}

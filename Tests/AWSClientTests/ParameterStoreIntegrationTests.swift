// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import ProviderTestSupport
import Testing

/// ``ParameterStoreClient`` against the rig's fake AWS with SigV4 checking on.
struct ParameterStoreIntegrationTests {
    @Test("reads the latest version, name:version, name:label and decrypted SecureStrings")
    func selectors() async throws {
        try await RigHarness.run(region: "eu-west-3") { harness in
            let name = "/" + RigHarness.uniqueName("app") + "/db-host"
            let secure = RigHarness.uniqueName("api-key")
            #expect(try await harness.seeder.putParameter(name: name, value: "one") == 1)
            #expect(try await harness.seeder.putParameter(name: name, value: "two") == 2)
            try await harness.seeder.labelParameter(name: name, version: 1, labels: ["prod"])
            _ = try await harness.seeder.putParameter(name: secure, value: "s3cr3t", type: "SecureString")
            let client = try harness.parameterStore()

            let latest = try await client.getParameters(
                [ParameterSelector(name: name), ParameterSelector(name: secure)],
                deadline: harness.deadline()
            )
            let byName = Dictionary(uniqueKeysWithValues: latest.parameters.map { ($0.name, $0) })
            #expect(byName[name]?.value == "two")
            #expect(byName[name]?.version == 2)
            #expect(byName[name]?.type == "String")
            #expect(byName[secure]?.value == "s3cr3t")
            #expect(byName[secure]?.type == "SecureString")
            #expect(latest.invalidParameters.isEmpty)

            let pinned = try await client.getParameters(
                [ParameterSelector(name: name, version: 1)],
                deadline: harness.deadline()
            )
            #expect(pinned.parameters.map(\.value) == ["one"])
            #expect(pinned.parameters.first?.version == 1)

            let labelled = try await client.getParameters(
                [ParameterSelector(name: name, label: "prod")],
                deadline: harness.deadline()
            )
            #expect(labelled.parameters.map(\.value) == ["one"])
        }
    }

    @Test("unknown names, versions and labels come back as InvalidParameters")
    func invalidParameters() async throws {
        try await RigHarness.run(region: "eu-north-1") { harness in
            let name = RigHarness.uniqueName("param")
            let missing = RigHarness.uniqueName("missing")
            _ = try await harness.seeder.putParameter(name: name, value: "v")
            let result = try await harness.parameterStore().getParameters(
                [
                    ParameterSelector(name: name), ParameterSelector(name: missing),
                    ParameterSelector(name: name, version: 9), ParameterSelector(name: name, label: "nolabel"),
                ],
                deadline: harness.deadline()
            )
            #expect(result.parameters.map(\.value) == ["v"])
            #expect(Set(result.invalidParameters) == [missing, "\(name):9", "\(name):nolabel"])
            let calls = try await harness.calls()
            #expect(calls.map(\.operation) == ["GetParameters"])
            #expect(calls.first?.service == "ssm")
            #expect(calls.first?.signed == true)
        }
    }
}

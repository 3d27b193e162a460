// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Foundation
import ProviderTestSupport
import Testing

struct HTTPClientTransportTests {
    @Test("a CA bundle that cannot be read is a configuration error naming the file")
    func unreadableBundle() throws {
        var configuration = AWSClientConfiguration(userAgent: "ua")
        configuration.caBundlePath = "/nonexistent/bundle.pem"
        let error = #expect(throws: AWSError.self) {
            try HTTPClientTransport(configuration: configuration)
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("/nonexistent/bundle.pem") == true)
    }

    @Test("a readable CA bundle is accepted")
    func readableBundle() async throws {
        let candidates = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"]
        let path = try #require(candidates.first { FileManager.default.fileExists(atPath: $0) })
        var configuration = AWSClientConfiguration(userAgent: "ua")
        configuration.caBundlePath = path
        let transport = try HTTPClientTransport(configuration: configuration)
        try await transport.shutdown()
    }

    @Test("a refused connection fails fast as a network error")
    func refused() async throws {
        let transport = try HTTPClientTransport(configuration: AWSClientConfiguration(userAgent: "ua"))
        let error = await #expect(throws: AWSError.self) {
            try await transport.execute(
                AWSHTTPRequest(method: "GET", url: "http://127.0.0.1:1/", headers: []),
                deadline: .now + .seconds(5)
            )
        }
        try await transport.shutdown()
        // A network error, not a timeout: the refusal ended the call, not the deadline.
        #expect(error?.code == .network)
    }

    @Test("an answer larger than the limit is an invalid response")
    func sizeLimit() async throws {
        try await RigHarness.run(region: "il-central-1") { harness in
            let name = RigHarness.uniqueName("large")
            _ = try await harness.seeder.createSecret(name: name, string: String(repeating: "x", count: 4_096))
            var configuration = harness.runtime.configuration
            configuration.maximumResponseBytes = 1_024
            let transport = try HTTPClientTransport(configuration: configuration)
            let runtime = AWSClientRuntime(configuration: configuration, transport: transport)
            let client = try SecretsManagerClient(
                region: harness.region,
                credentials: harness.staticCredentials,
                runtime: runtime
            )
            let error = await #expect(throws: AWSError.self) {
                try await client.getSecretValue(.init(secretId: name), deadline: harness.deadline())
            }
            try await transport.shutdown()
            #expect(error?.code == .invalidResponse)
            #expect(error?.isClientFault == false)
        }
    }
}

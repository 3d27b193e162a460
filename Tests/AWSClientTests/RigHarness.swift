// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import AWSSigV4
import Foundation
import ProviderTestSupport
import Testing

/// One integration test's view of the rig: a real ``HTTPClientTransport`` pointed at the fake AWS, a region of its
/// own (so faults and call counts do not mix with other tests running in parallel) and a User-Agent of its own (so
/// the call log can be filtered to this test's calls, unsigned STS calls included).
struct RigHarness {
    let rig: TestRig
    let region: String
    let userAgent: String
    let transport: HTTPClientTransport
    let runtime: AWSClientRuntime
    /// The rig's static IAM user.
    let staticCredentials: StaticCredentialProvider
    /// Creates secrets and parameters with signed calls of its own.
    let seeder: RigSeeder

    /// Runs `body` with a harness in `region`, and shuts the transport down afterwards.
    static func run<Result>(
        region: String,
        maximumConnectionsPerHost: Int = 8,
        _ body: (RigHarness) async throws -> Result
    ) async throws -> Result {
        let rig = try await TestRig.shared()
        let userAgent = "secrets-store-csi-driver-provider-aws-test-\(UUID().uuidString.prefix(8))"
        // The sandbox sets AWS_CA_BUNDLE; only this explicit dictionary counts.
        var configuration = try AWSClientConfiguration(environment: ["AWS_ENDPOINT_URL": rig.aws], userAgent: userAgent)
        configuration.maximumConnectionsPerHost = maximumConnectionsPerHost
        let transport = try HTTPClientTransport(configuration: configuration)
        let credentials = AWSCredentials(accessKeyId: rig.accessKeyId, secretAccessKey: rig.secretAccessKey)
        let harness = RigHarness(
            rig: rig,
            region: region,
            userAgent: userAgent,
            transport: transport,
            runtime: AWSClientRuntime(configuration: configuration, transport: transport),
            staticCredentials: StaticCredentialProvider(credentials: credentials),
            seeder: RigSeeder(endpoint: rig.aws, region: region, credentials: credentials, transport: transport)
        )
        do {
            let result = try await body(harness)
            try await transport.shutdown()
            return result
        } catch {
            try await transport.shutdown()
            throw error
        }
    }

    /// A name no other test uses.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// A deadline `duration` from now.
    func deadline(_ duration: Duration = .seconds(15)) -> ContinuousClock.Instant {
        .now + duration
    }

    /// Web identity (IRSA) credentials for the rig's IRSA role from STS in this harness's region.
    func webIdentity() throws -> WebIdentityCredentialProvider {
        try WebIdentityCredentialProvider(
            roleArn: self.rig.irsaRoleArn,
            roleSessionName: "secrets-store-csi-driver-provider-aws",
            region: self.region,
            runtime: self.runtime,
            token: { "rig-web-identity-token" }
        )
    }

    /// A Secrets Manager client in this harness's region.
    func secretsManager(_ credentials: (any CredentialProvider)? = nil) throws -> SecretsManagerClient {
        try SecretsManagerClient(
            region: self.region,
            credentials: credentials ?? self.staticCredentials,
            runtime: self.runtime
        )
    }

    /// A Parameter Store client in this harness's region.
    func parameterStore() throws -> ParameterStoreClient {
        try ParameterStoreClient(region: self.region, credentials: self.staticCredentials, runtime: self.runtime)
    }

    /// One entry of the fake AWS's call log.
    struct Call {
        var service: String?
        var operation: String?
        var region: String?
        var signed: Bool
        var status: Int?
        var injected: Bool
        var clientPort: String?
    }

    /// The calls this test made (those with its User-Agent), in order.
    func calls() async throws -> [Call] {
        let answer = try await self.rig.control(self.rig.aws, "GET", "/__calls")
        let entries = answer["calls"] as? [[String: Any]] ?? []
        return entries.filter { $0["user_agent"] as? String == self.userAgent }.map { entry in
            Call(
                service: entry["service"] as? String,
                operation: entry["operation"] as? String,
                region: entry["region"] as? String,
                signed: entry["signed"] as? Bool ?? false,
                status: entry["status"] as? Int,
                injected: entry["injected"] as? Bool ?? false,
                clientPort: (entry["client_port"]).map { "\($0)" }
            )
        }
    }

    /// Whether the fake AWS keeps HTTP/1.1 connections open between requests (werkzeug 3 answers
    /// `Connection: close` to every request unless the rig overrides it).
    func serverKeepsConnectionsAlive() async throws -> Bool {
        let response = try await self.transport.execute(
            AWSHTTPRequest(method: "GET", url: self.rig.aws + "/__faults", headers: []),
            deadline: self.deadline()
        )
        return response.header("Connection")?.lowercased() != "close"
    }

    /// Injects a fault for `operation` in this harness's region.
    func fault(
        _ operation: String,
        status: Int = 0,
        code: String? = nil,
        count: Int? = nil,
        delayMilliseconds: Int = 0
    ) async throws {
        var fault: [String: any Sendable] = [
            "operation": operation, "region": self.region, "status": status, "delay_ms": delayMilliseconds,
        ]
        if let code {
            fault["code"] = code
            fault["message"] = "injected \(code)"
        }
        if let count {
            fault["count"] = count
        }
        _ = try await self.rig.control(self.rig.aws, "POST", "/__faults", json: fault)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import AWSSigV4
import Logging
import Provider
import SecretProviderClass
import Synchronization
import Testing

/// A transport that answers by the access key a request was signed with: every request of `failing` gets a 500,
/// the first of any other key a 500 too, then a `GetSecretValue` answer.
private final class TenantTransport: AWSHTTPTransport {
    let failing: String
    private let state = Mutex((failed: 0, others: 0))

    init(failing: String) {
        self.failing = failing
    }

    /// The requests signed with the failing key, and those with any other key.
    var counts: (failed: Int, others: Int) {
        self.state.withLock { $0 }
    }

    func execute(_ request: AWSHTTPRequest, deadline: ContinuousClock.Instant) async throws -> AWSHTTPResponse {
        let authorization = request.headers.first { $0.name == "Authorization" }?.value ?? ""
        let fails = self.state.withLock { state in
            if authorization.contains(self.failing) {
                state.failed += 1
                return true
            }
            state.others += 1
            return state.others == 1
        }
        if fails {
            return AWSHTTPResponse(
                status: 500,
                headers: [],
                body: Array(#"{"__type":"InternalServiceError","message":"injected"}"#.utf8)
            )
        }
        let answer =
            #"{"Name":"b","ARN":"arn:aws:secretsmanager:us-east-1:111122223333:secret:b-AbCdEf","#
            + #""VersionId":"v1","VersionStages":["AWSCURRENT"],"SecretString":"tenant-b-value"}"#
        return AWSHTTPResponse(status: 200, headers: [], body: Array(answer.utf8))
    }
}

/// The live factory gives each identity retry quotas of its own (F6 of the 2026-12 review: one quota for the whole
/// node let tenant A's failing calls switch off tenant B's retries).
struct RetryQuotaScopeTests {
    static let role = "arn:aws:iam::111122223333:role/shared"

    @Test("tenant A's failing calls leave tenant B's retries, with the same role in the same region")
    func tenantsKeepTheirRetries() async throws {
        let transport = TenantTransport(failing: "AKIDTENANTA")
        let runtime = AWSClientRuntime(
            configuration: AWSClientConfiguration(userAgent: "test"),
            transport: transport,
            retryStrategy: RetryStrategy(random: { 0 })
        )
        let factory = LiveAWSServiceFactory(
            runtime: runtime,
            podIdentity: PodIdentityCredentialProvider.Configuration(),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        )
        func client(_ namespace: String, _ accessKey: String) throws -> any SecretsManagerAPI {
            try factory.secretsManager(
                region: "us-east-1",
                credentials: StaticCredentialProvider(
                    credentials: AWSCredentials(accessKeyId: accessKey, secretAccessKey: "key-of-\(accessKey)")
                ),
                identity: MountIdentity(namespace: namespace, serviceAccount: "app", method: .irsa(roleArn: Self.role))
            )
        }
        let deadline = ContinuousClock.now + .seconds(60)
        for _ in 0..<60 {
            await #expect(throws: AWSError.self) {
                try await client("team-a", "AKIDTENANTA")
                    .getSecretValue(.init(secretId: "a"), deadline: deadline, logger: nil)
            }
        }
        // 60 first attempts and 100 retries: tenant A's own quota ran dry.
        #expect(transport.counts.failed == 160)
        let value = try await client("team-b", "AKIDTENANTB")
            .getSecretValue(.init(secretId: "b"), deadline: deadline, logger: nil)
        #expect(value.contents == .string("tenant-b-value"))
        #expect(transport.counts.others == 2)
    }

    static let distinct: [(MountIdentity, MountIdentity)] = [
        (
            MountIdentity(namespace: "a", serviceAccount: "app", method: .irsa(roleArn: Self.role)),
            MountIdentity(namespace: "b", serviceAccount: "app", method: .irsa(roleArn: Self.role))
        ),
        (
            MountIdentity(namespace: "a", serviceAccount: "app", method: .irsa(roleArn: Self.role)),
            MountIdentity(namespace: "a", serviceAccount: "app", method: .irsa(roleArn: Self.role + "-other"))
        ),
        (
            MountIdentity(namespace: "a", serviceAccount: "app", method: .irsa(roleArn: Self.role)),
            MountIdentity(namespace: "a", serviceAccount: "app", method: .podIdentity(.auto))
        ),
        (
            MountIdentity(namespace: "a-b", serviceAccount: "c", method: .podIdentity(.auto)),
            MountIdentity(namespace: "a", serviceAccount: "b-c", method: .podIdentity(.auto))
        ),
        (
            MountIdentity(namespace: "caf\u{E9}", serviceAccount: "app", method: .podIdentity(.ipv4)),
            MountIdentity(namespace: "cafe\u{301}", serviceAccount: "app", method: .podIdentity(.ipv4))
        ),
        (
            MountIdentity(namespace: "a", serviceAccount: "app", method: .irsa(roleArn: Self.role)),
            MountIdentity(
                namespace: "a",
                serviceAccount: "app",
                method: .irsa(roleArn: Self.role),
                assumeRole: AssumeRoleRequest(roleArn: Self.role, externalId: nil, durationSeconds: 3600)
            )
        ),
        (
            MountIdentity(
                namespace: "a",
                serviceAccount: "app",
                method: .irsa(roleArn: Self.role),
                assumeRole: AssumeRoleRequest(roleArn: Self.role, externalId: "tenant-1", durationSeconds: 3600)
            ),
            MountIdentity(
                namespace: "a",
                serviceAccount: "app",
                method: .irsa(roleArn: Self.role),
                assumeRole: AssumeRoleRequest(roleArn: Self.role, externalId: "tenant-2", durationSeconds: 3600)
            )
        ),
    ]

    @Test("different identities never share a scope, canonically equivalent names included", arguments: Self.distinct)
    func distinctScopes(first: MountIdentity, second: MountIdentity) {
        #expect(first.retryQuotaScope != second.retryQuotaScope)
        let same = MountIdentity(
            namespace: first.namespace,
            serviceAccount: first.serviceAccount,
            method: first.method,
            assumeRole: first.assumeRole
        )
        #expect(first.retryQuotaScope == same.retryQuotaScope)
    }
}

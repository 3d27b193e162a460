// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Kubernetes
import Testing

@testable import Provider

/// One request that must fail validation: what to change in a good request, and a part of the message.
struct InvalidRequestCase: Sendable, CustomTestStringConvertible {
    let name: String
    let change: @Sendable (inout MountRequestBuilder) -> Void
    let expected: String
    /// The error code; a missing token is a permission problem, the rest invalid requests.
    var code: ProviderError.Code = .invalidRequest

    var testDescription: String { self.name }

    /// The SecretProviderClass parameter `key` set to `value`.
    static func parameter(_ key: String, _ value: String, expected: String) -> InvalidRequestCase {
        InvalidRequestCase(name: "\(key): \(value)", change: { $0.extra[key] = value }, expected: expected)
    }
}

@Suite("MountService validation and identity")
struct MountServiceValidationTests {
    let harness = MountHarness()

    static let invalid: [InvalidRequestCase] = [
        .init(
            name: "attributes are not JSON",
            change: { $0.rawAttributes = "{\"objects\": " },
            expected: "failed to unmarshal attributes"
        ),
        .init(
            name: "objects are not YAML",
            change: { $0.objects = "- objectName: [db" },
            expected: "Failed to load SecretProviderClass"
        ),
        .init(name: "objectType missing", change: { $0.objects = "- objectName: db\n" }, expected: "objectType"),
        .init(
            name: "invalid objectType",
            change: { $0.objects = "- objectName: db\n  objectType: ssm\n" },
            expected: "Invalid objectType: ssm"
        ),
        .init(name: "invalid permission", change: { $0.permission = "abc" }, expected: "permission"),
        .init(name: "empty target path", change: { $0.target = "" }, expected: "target_path"),
        .init(
            name: "target does not exist",
            change: { $0.target = "/var/lib/kubelet/nope" },
            expected: "/var/lib/kubelet/nope"
        ),
        .init(name: "relative target", change: { $0.target = "pods/mount" }, expected: "pods/mount"),
        .init(
            name: "no IRSA token",
            change: { $0.irsaToken = "" },
            expected: "sts.amazonaws.com",
            code: .permissionDenied
        ),
        .init(
            name: "no Pod Identity token",
            change: {
                $0.usePodIdentity = true
                $0.podIdentityToken = ""
            },
            expected: "pods.eks.amazonaws.com",
            code: .permissionDenied
        ),
        .init(name: "invalid region", change: { $0.region = "us east 1" }, expected: "Invalid region"),
        .init(
            name: "failover region = region",
            change: { $0.failoverRegion = "us-east-1" },
            expected: "failover region cannot be the same"
        ),
        .init(
            name: "invalid usePodIdentity",
            change: { $0.extra["usePodIdentity"] = "maybe" },
            expected: "usePodIdentity"
        ),
        .init(
            name: "invalid preferredAddressType",
            change: { $0.extra["preferredAddressType"] = "ipv5" },
            expected: "preferredAddressType"
        ),
        .init(
            name: "failoverObject without failoverRegion",
            change: { $0.objects = smObject("db", alias: "db", failoverName: "db2") },
            expected: "failover"
        ),
        .init(
            name: "ssm version and label",
            change: { $0.objects = ssmObject("p", version: "1", label: "blue") },
            expected: "can not specify both objectVersion and objectVersionLabel"
        ),
        .init(
            name: "ARN in another region",
            change: { $0.objects = "- objectName: arn:aws:secretsmanager:us-west-2:123456789012:secret:db-AbCdEf\n" },
            expected: "ARN region must match region"
        ),
        .init(
            name: "path traversal",
            change: { $0.objects = smObject("db", alias: "../etc/passwd") },
            expected: "can not start with '..'"
        ),
        .init(
            name: "jmesPath without alias",
            change: { $0.objects = smObject("db", jmesPath: [("a", "")]) },
            expected: "alias"
        ),
        .init(
            name: "invalid jmesPath",
            change: { $0.objects = smObject("db", jmesPath: [("a[", "x")]) },
            expected: "Invalid JMES Path"
        ),
        .init(
            name: "duplicate object",
            change: { $0.objects = smObject("db") + smObject("db") },
            expected: "duplicate"
        ),
        .parameter("assumeRoleArn", "arn:aws:iam::1:role/app", expected: "Invalid assumeRoleArn"),
        .parameter(
            "assumeRoleExternalId",
            "tenant-42",
            expected: "assumeRoleExternalId is set but assumeRoleArn is not"
        ),
    ]

    @Test("validation fails before any Kubernetes or AWS call, and writes nothing", arguments: Self.invalid)
    func validation(_ invalid: InvalidRequestCase) async throws {
        var builder = MountRequestBuilder(objects: smObject("db"))
        invalid.change(&builder)
        let error = try await self.harness.failure(builder.build())
        #expect(error.code == invalid.code)
        #expect(error.message.contains(invalid.expected), "\(error.message)")
        self.harness.expectUntouched()
    }

    @Test("every problem of the SecretProviderClass is listed at once")
    func allProblems() async throws {
        var builder = MountRequestBuilder(objects: "- objectName: one\n" + "- objectName: two\n  objectType: nope\n")
        builder.extra["usePodIdentity"] = "maybe"
        let error = try await self.harness.failure(builder.build())
        #expect(error.code == .invalidRequest)
        #expect(error.message.contains("usePodIdentity"))
        #expect(error.message.contains("\"one\""))
        #expect(error.message.contains("Invalid objectType: nope"))
        self.harness.expectUntouched()
    }

    @Test("an SSM objectVersion that is not a number is fetched as a label (name:label), as objectVersionLabel")
    func nonNumericParameterVersion() async throws {
        let ssm = self.harness.aws.ssm("us-east-1")
        ssm.put("/app/host", "db.internal", labels: ["prod"])
        ssm.put("/app/host", "db.next")
        let result = try await self.harness.mount(
            MountRequestBuilder(
                objects: ssmObject("/app/host", alias: "host", version: "prod")
                    + ssmObject("/app/host", alias: "host-by-label", label: "prod")
            )
            .build()
        )
        #expect(ssm.batches.map { $0.map(\.description) } == [["/app/host:prod"]])
        #expect(self.harness.volume.text("host") == "db.internal")
        #expect(self.harness.volume.text("host-by-label") == "db.internal")
        #expect(Set(result.objectVersions.map(\.version)) == ["1"])
    }

    // MARK: Identity and credentials

    @Test("IRSA: the role of the service account, STS in the primary region, with the pod's token")
    func irsa() async throws {
        self.harness.aws.sm("us-east-1").put("db", "x", version: "v1")
        _ = try await self.harness.mount(MountRequestBuilder(objects: smObject("db")).build())
        #expect(
            self.harness.aws.made == [
                .webIdentity(
                    roleArn: "arn:aws:iam::123456789012:role/app",
                    region: "us-east-1",
                    token: MountRequestBuilder.irsaToken
                )
            ]
        )
        #expect(self.harness.aws.sm("us-east-1").signers == ["web#1"])
        #expect(self.harness.kubernetes.calls(.serviceAccount) == 1)
    }

    @Test("IRSA without a role annotation: permissionDenied naming the service account, no AWS call")
    func irsaWithoutRole() async throws {
        self.harness.kubernetes.addServiceAccount("default", "app", role: nil)
        let error = try await self.harness.failure(MountRequestBuilder(objects: smObject("db")).build())
        #expect(error.code == .permissionDenied)
        #expect(error.message.contains("service account app (namespace: default)"))
        #expect(self.harness.aws.totalCalls == 0)
        #expect(self.harness.aws.made.isEmpty)
        #expect(self.harness.volume.writes.isEmpty)
    }

    @Test("repeated mounts of one pod reuse its credentials and its role lookup")
    func reusesCredentials() async throws {
        self.harness.aws.sm("us-east-1").put("db", "x", version: "v1")
        for _ in 0..<3 {
            _ = try await self.harness.mount(MountRequestBuilder(objects: smObject("db")).build())
        }
        #expect(self.harness.aws.made.count == 1)
        #expect(self.harness.kubernetes.calls(.serviceAccount) == 1)
        // The first mount fetched with them; the cache served the other two.
        #expect(self.harness.aws.sm("us-east-1").signers == ["web#1"])
    }

    @Test("two namespaces naming the same role never share credentials")
    func namespacesDoNotShare() async throws {
        self.harness.aws.sm("us-east-1").put("db", "x", version: "v1")
        self.harness.kubernetes.addServiceAccount("other", "app", role: "arn:aws:iam::123456789012:role/app")
        var first = MountRequestBuilder(objects: smObject("db"))
        var second = first
        second.namespace = "other"
        first.irsaToken = "token-same"
        second.irsaToken = "token-same"
        _ = try await self.harness.mount(first.build())
        _ = try await self.harness.mount(second.build())
        #expect(self.harness.aws.made.count == 2)
        #expect(self.harness.aws.sm("us-east-1").signers == ["web#1", "web#2"])
    }

    @Test("a rotated token is used by the identity's shared credential source for its next fetch")
    func newToken() async throws {
        self.harness.aws.sm("us-east-1").put("db", "x", version: "v1")
        var request = MountRequestBuilder(objects: smObject("db"))
        _ = try await self.harness.mount(request.build())
        request.irsaToken = "eyJTOKEN-rotated"
        request.tokenExpiration = "2031-01-01T00:00:00Z"
        _ = try await self.harness.mount(request.build())
        #expect(self.harness.aws.made.count == 1)
        let source = try #require(self.harness.aws.providers.first)
        #expect(source.token() == "eyJTOKEN-rotated")
    }

    @Test("Pod Identity: one source for both regions, no service account lookup")
    func podIdentity() async throws {
        self.harness.aws.sm("us-east-1").put("db", "x", version: "v1")
        self.harness.aws.sm("us-west-2").put("db", "x", version: "v1")
        var request = MountRequestBuilder(objects: smObject("db"))
        request.usePodIdentity = true
        request.failoverRegion = "us-west-2"
        request.extra["preferredAddressType"] = "IPv6"
        _ = try await self.harness.mount(request.build())
        #expect(self.harness.aws.made == [.podIdentity(.ipv6, token: MountRequestBuilder.podIdentityToken)])
        #expect(self.harness.aws.sm("us-east-1").signers == ["pod#1"])
        #expect(self.harness.aws.sm("us-west-2").signers == ["pod#1"])
        #expect(self.harness.kubernetes.totalCalls == 0)
    }

    @Test("IRSA with a failover region: STS in each region")
    func irsaPerRegion() async throws {
        self.harness.aws.sm("us-east-1").put("db", "x", version: "v1")
        self.harness.aws.sm("us-west-2").put("db", "x", version: "v1")
        var request = MountRequestBuilder(objects: smObject("db"))
        request.failoverRegion = "us-west-2"
        _ = try await self.harness.mount(request.build())
        let role = "arn:aws:iam::123456789012:role/app"
        #expect(
            self.harness.aws.made == [
                .webIdentity(roleArn: role, region: "us-east-1", token: MountRequestBuilder.irsaToken),
                .webIdentity(roleArn: role, region: "us-west-2", token: MountRequestBuilder.irsaToken),
            ]
        )
    }

    @Test("STS refusing the token fails every object with permissionDenied and its cause")
    func credentialsRejected() async throws {
        self.harness.aws.sm("us-east-1").put("db", "x", version: "v1")
        self.harness.aws.failNewProviders(
            with: AWSError(code: .credentials, message: "STS AssumeRoleWithWebIdentity: InvalidIdentityToken: expired")
        )
        let error = try await self.harness.failure(MountRequestBuilder(objects: smObject("db")).build())
        #expect(error.code == .permissionDenied)
        #expect(error.message.contains("us-east-1: STS AssumeRoleWithWebIdentity: InvalidIdentityToken"))
        #expect(self.harness.volume.writes.isEmpty)
    }
}

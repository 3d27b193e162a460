// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Kubernetes
import PodVolume
import ProviderTestSupport
import Testing

@testable import Provider

/// One failing mount whose objects hold recognisable secret values.
struct SecrecyCase: Sendable, CustomTestStringConvertible {
    let name: String
    var pastDeadline = false
    let setUp: @Sendable (MountHarness) -> MountRequestBuilder

    var testDescription: String { self.name }
}

/// No secret value and no token in any error or log line, whatever fails.
@Suite("MountService never shows a secret")
struct MountServiceSecrecyTests {
    static let secretJSON = #"{"username":"SECRET-USER-41","password":"SECRET-PASS-42","missing":null}"#
    static let secretText = "SECRET-TEXT-43"
    static let parameterValue = "SECRET-PARAM-44"
    static let forbidden = [
        "SECRET-USER-41", "SECRET-PASS-42", "SECRET-TEXT-43", "SECRET-PARAM-44", MountRequestBuilder.irsaToken,
        MountRequestBuilder.podIdentityToken,
        // The start of every base64 DER key and certificate body (ACM exports).
        "MII", "PRIVATE KEY-----\n",
    ]

    /// Every region holds `json`, `text` and the parameter `param`.
    static func seed(_ harness: MountHarness) {
        for region in ["us-east-1", "us-west-2"] {
            harness.aws.sm(region).put("json", Self.secretJSON, version: "j1")
            harness.aws.sm(region).put("text", Self.secretText, version: "t1")
            harness.aws.ssm(region).put("param", Self.parameterValue)
            try? harness.aws.acm(region).issue(Self.certificate, fixture: "rsa")
        }
    }

    /// A certificate every region holds (under this one ARN, so only the primary region's rules apply).
    static let certificate = "arn:aws:acm:us-east-1:123456789012:certificate/tls"

    static let certificateObject =
        "- {objectName: \"\(certificate)\", objectAlias: tls, jmesPath: [{path: nothing, objectAlias: n}]}\n"

    static let all = smObject("json", jmesPath: [("username", "user")]) + smObject("text") + ssmObject("param")

    static let cases: [SecrecyCase] = [
        .init(name: "a jmesPath finds null") { _ in
            MountRequestBuilder(objects: Self.all + smObject("json", alias: "again", jmesPath: [("missing", "m")]))
        },
        .init(name: "a jmesPath on a value that is not JSON") { _ in
            MountRequestBuilder(objects: Self.all + smObject("text", alias: "t2", jmesPath: [("a", "a")]))
        },
        .init(name: "a jmesPath that fails at run time") { _ in
            MountRequestBuilder(objects: Self.all + smObject("json", alias: "j2", jmesPath: [("abs(password)", "p")]))
        },
        .init(name: "one object missing") { _ in MountRequestBuilder(objects: Self.all + smObject("absent")) },
        .init(name: "a certificate's jmesPath finds nothing") { _ in
            MountRequestBuilder(objects: Self.all + Self.certificateObject)
        },
        .init(name: "a certificate's export fails") { harness in
            harness.aws.acm("us-east-1").fail(.export, with: .fake(.serverFault))
            return MountRequestBuilder(objects: Self.all + Self.certificateObject)
        },
        .init(name: "both regions fail") { harness in
            harness.aws.sm("us-east-1").fail(.getSecretValue, secretId: "text", with: .fake(.serverFault))
            harness.aws.sm("us-west-2").fail(.getSecretValue, secretId: "text", with: .fake(.throttled))
            var builder = MountRequestBuilder(objects: Self.all)
            builder.failoverRegion = "us-west-2"
            return builder
        },
        .init(name: "the write fails") { harness in
            harness.volume.failWrites(with: VolumeError(code: .writeFailed, message: "cannot write \"user\": EIO"))
            return MountRequestBuilder(objects: Self.all)
        },
        .init(name: "the credentials are refused") { harness in
            harness.aws.failNewProviders(with: AWSError(code: .credentials, message: "InvalidIdentityToken"))
            return MountRequestBuilder(objects: Self.all)
        },
        .init(name: "no role annotation") { harness in
            harness.kubernetes.addServiceAccount("default", "app", role: nil)
            return MountRequestBuilder(objects: Self.all)
        },
        .init(name: "attributes that are not JSON, holding the token") { _ in
            var builder = MountRequestBuilder(objects: Self.all)
            builder.rawAttributes =
                #"{"csi.storage.k8s.io/serviceAccount.tokens": "\#(MountRequestBuilder.irsaToken)", "#
            return builder
        },
        .init(name: "tokens that are malformed") { _ in
            var builder = MountRequestBuilder(objects: Self.all)
            builder.extra["csi.storage.k8s.io/serviceAccount.tokens"] =
                #"{"sts.amazonaws.com": {"token": 7, "x": "\#(MountRequestBuilder.irsaToken)"}"#
            return builder
        },
        .init(name: "the deadline passes", pastDeadline: true) { _ in MountRequestBuilder(objects: Self.all) },
        .init(name: "a value that is not the base64 objectEncoding says") { _ in
            MountRequestBuilder(
                objects: Self.all
                    + "- {objectName: text, objectType: secretsmanager, objectAlias: b, objectEncoding: base64}\n"
            )
        },
        .init(name: "a jmesPath selection that is not hex") { _ in
            MountRequestBuilder(
                objects: Self.all
                    + "- {objectName: json, objectType: secretsmanager, objectAlias: h, jmesPath: [{path: password, objectAlias: p, objectEncoding: hex}]}\n"
            )
        },
        .init(name: "mountAllKeys on a value that is not a JSON object") { _ in
            MountRequestBuilder(
                objects: Self.all
                    + "- {objectName: text, objectType: secretsmanager, objectAlias: k, mountAllKeys: true}\n"
            )
        },
        .init(name: "mountAllKeys whose key takes another file's name") { _ in
            MountRequestBuilder(
                objects: Self.all + smObject("text", alias: "password")
                    + "- {objectName: json, objectType: secretsmanager, objectAlias: k, mountAllKeys: true}\n"
            )
        },
    ]

    @Test("errors and logs of failed mounts", arguments: Self.cases)
    func failedMount(_ scenario: SecrecyCase) async throws {
        let harness = MountHarness()
        Self.seed(harness)
        let builder = scenario.setUp(harness)
        let deadline: ContinuousClock.Instant = scenario.pastDeadline ? .now - .seconds(1) : .now + .seconds(30)
        let error = try await harness.failure(builder.build(), deadline: deadline)
        for text in [
            error.message, error.description, String(reflecting: error), "\(error.cause.map { "\($0)" } ?? "")",
        ] {
            for secret in Self.forbidden {
                #expect(!text.contains(secret), "\(secret) in \(text)")
            }
        }
        Self.expectCleanLogs(harness)
        #expect(harness.volume.writtenPaths.isEmpty)
    }

    @Test("logs of a successful mount")
    func successfulMount() async throws {
        let harness = MountHarness()
        Self.seed(harness)
        var builder = MountRequestBuilder(objects: Self.all)
        builder.failoverRegion = "us-west-2"
        _ = try await harness.mount(builder.build())
        #expect(harness.volume.text("user") == "SECRET-USER-41")
        #expect(!harness.logs.all.isEmpty)
        Self.expectCleanLogs(harness)
    }

    static func expectCleanLogs(_ harness: MountHarness, sourceLocation: SourceLocation = #_sourceLocation) {
        for line in harness.logs.all.map(\.text) {
            for secret in Self.forbidden {
                #expect(!line.contains(secret), "\(secret) logged: \(line)", sourceLocation: sourceLocation)
            }
        }
    }
}

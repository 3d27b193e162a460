// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Logging
import SecretProviderClass
import Synchronization

@testable import Provider

/// Builds the driver's `Mount` request the way the Secrets Store CSI driver sends it: the SecretProviderClass
/// parameters merged with the pod's keys, and the kubelet tokens for both audiences.
struct MountRequestBuilder {
    /// The IRSA token every request carries unless changed; never expected in an error or log line.
    static let irsaToken = "eyJTOKEN-irsa-9d1c4e"
    /// The Pod Identity token every request carries unless changed.
    static let podIdentityToken = "eyJTOKEN-pods-77ab02"
    /// The target directory the in-memory volume knows.
    static let target = "/var/lib/kubelet/pods/0b1f/volumes/kubernetes.io~csi/secrets/mount"

    /// The `objects` YAML (JSON is YAML too).
    var objects: String
    /// The `region` parameter; nil leaves it out.
    var region: String? = "us-east-1"
    /// The `failoverRegion` parameter; nil leaves it out.
    var failoverRegion: String?
    /// The pod's namespace.
    var namespace = "default"
    /// The pod's name.
    var podName = "app-0"
    /// The pod's service account.
    var serviceAccount = "app"
    /// `usePodIdentity: "true"` when set.
    var usePodIdentity = false
    /// The `sts.amazonaws.com` token.
    var irsaToken = Self.irsaToken
    /// The `pods.eks.amazonaws.com` token.
    var podIdentityToken = Self.podIdentityToken
    /// The request's target path.
    var target = Self.target
    /// The request's `permission` (decimal JSON).
    var permission = "420"
    /// The driver's `current_object_version`.
    var current: [ObjectVersion] = []
    /// The tokens' `expirationTimestamp`.
    var tokenExpiration = "2030-01-01T00:00:00Z"
    /// More attributes, or overrides.
    var extra: [String: String] = [:]
    /// Replaces the whole attributes text when set (for malformed JSON).
    var rawAttributes: String?

    /// The tokens attribute for both audiences.
    var tokensJSON: String {
        JSON.object([
            "sts.amazonaws.com": JSON.object([
                "token": JSON.string(self.irsaToken), "expirationTimestamp": JSON.string(self.tokenExpiration),
            ]),
            "pods.eks.amazonaws.com": JSON.object([
                "token": JSON.string(self.podIdentityToken),
                "expirationTimestamp": JSON.string(self.tokenExpiration),
            ]),
        ])
    }

    /// The request.
    func build() -> MountRequest {
        var attributes: [String: String] = [
            "csi.storage.k8s.io/pod.name": self.podName,
            "csi.storage.k8s.io/pod.namespace": self.namespace,
            "csi.storage.k8s.io/pod.uid": "0b1f",
            "csi.storage.k8s.io/serviceAccount.name": self.serviceAccount,
            "csi.storage.k8s.io/serviceAccount.tokens": self.tokensJSON,
            "objects": self.objects,
        ]
        attributes["region"] = self.region
        attributes["failoverRegion"] = self.failoverRegion
        if self.usePodIdentity {
            attributes["usePodIdentity"] = "true"
        }
        attributes.merge(self.extra) { _, new in new }
        return MountRequest(
            attributes: self.rawAttributes ?? JSON.object(attributes.mapValues(JSON.string)),
            secrets: "{}",
            targetPath: self.target,
            permission: self.permission,
            currentObjectVersions: self.current
        )
    }
}

/// Just enough JSON writing for the requests: strings escaped, object keys sorted.
enum JSON {
    /// A JSON string literal.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out +=
                    "\\u00" + (scalar.value < 0x10 ? "0" : "")
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A JSON object of already-encoded members.
    static func object(_ members: [String: String]) -> String {
        "{" + members.sorted { $0.key < $1.key }.map { "\(Self.string($0.key)):\($0.value)" }.joined(separator: ",")
            + "}"
    }
}

/// Counts calls in flight across fakes, to show that calls ran at the same time.
final class ConcurrencyProbe: Sendable {
    private let state = Mutex((current: 0, maximum: 0))
    private let expected: Int?

    /// Creates a probe. With `expected`, each call is held until that many have been in flight at once (or a minute
    /// has passed), so calls that overlap are seen to, however slowly the machine starts them.
    init(expecting expected: Int? = nil) {
        self.expected = expected
    }

    /// The most calls that were in flight at once.
    var maximum: Int {
        self.state.withLock { $0.maximum }
    }

    /// Runs `body` counted as one call in flight, holding it until the expected number of calls are in flight, or
    /// for `hold` when the probe expects none.
    func measure<T>(hold: Duration, _ body: () throws -> T) async throws -> T {
        self.state.withLock {
            $0.current += 1
            $0.maximum = max($0.maximum, $0.current)
        }
        defer { self.state.withLock { $0.current -= 1 } }
        if let expected = self.expected {
            let end = ContinuousClock.now + .seconds(60)
            while self.maximum < expected && ContinuousClock.now < end {
                try await Task.sleep(for: .milliseconds(1))
            }
        } else {
            try await Task.sleep(for: hold)
        }
        return try body()
    }
}

/// A logger that drops everything.
let silentLogger = Logger(label: "provider-tests.silent") { _ in SwiftLogNoOpLogHandler() }

/// Builds the validated plan of a SecretProviderClass the way `MountService` does, for the fetchers and the renderer.
///
/// - Parameters:
///   - objects: The `objects` YAML.
///   - region: The primary region.
///   - failoverRegion: The failover region, if any.
func makePlan(_ objects: String, region: String = "us-east-1", failoverRegion: String? = nil) throws
    -> ResolvedMountPlan
{
    var parameters = ["objects": objects, "region": region]
    parameters["failoverRegion"] = failoverRegion
    let attributes = try MountAttributes(parameters: parameters)
    return try MountPlan(attributes: attributes, permission: "420").resolved(fallbackRegion: nil)
}

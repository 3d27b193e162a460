// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Foundation
import Kubernetes
import Synchronization

/// AWS as far as IRSA mounts of one secret need it, behind the transport seam: STS answers
/// `AssumeRoleWithWebIdentity`, Secrets Manager answers `GetSecretValue` of ``secretName`` with its current version,
/// which the test rotates. Anything else is answered with an AWS error, so the test fails naming it.
final class FakeAWS: AWSHTTPTransport {
    /// The one secret there is.
    static let secretName = "db-password"

    private struct State {
        var value: String
        var version = 1
        var operations: [String] = []
        var closed = false
    }

    private let state: Mutex<State>

    /// Creates AWS holding ``secretName`` with `value` as version `1`.
    init(value: String) {
        self.state = Mutex(State(value: value))
    }

    /// Gives the secret a new current version with `value`.
    func rotate(to value: String) {
        self.state.withLock {
            $0.value = value
            $0.version += 1
        }
    }

    /// The operations called so far, in order.
    var operations: [String] {
        self.state.withLock { $0.operations }
    }

    /// Whether the transport was shut down.
    var isClosed: Bool {
        self.state.withLock { $0.closed }
    }

    /// Shuts the transport down.
    func close() {
        self.state.withLock { $0.closed = true }
    }

    func execute(_ request: AWSHTTPRequest, deadline: ContinuousClock.Instant) async throws -> AWSHTTPResponse {
        let form = String(decoding: request.body, as: UTF8.self)
        if form.hasPrefix("Action=AssumeRoleWithWebIdentity&") {
            self.state.withLock { $0.operations.append("AssumeRoleWithWebIdentity") }
            return Self.assumedRole
        }
        let operation = request.header("X-Amz-Target") ?? "unknown"
        let secret = try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: String]
        let (value, version) = self.state.withLock { state in
            state.operations.append(operation)
            return (state.value, state.version)
        }
        guard operation == "secretsmanager.GetSecretValue", secret?["SecretId"] == Self.secretName else {
            return Self.error("ResourceNotFoundException", "\(operation) of \(secret?["SecretId"] ?? "nothing")")
        }
        let answer: [String: Any] = [
            "Name": Self.secretName,
            "ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:\(Self.secretName)-AbCdEf",
            "VersionId": "\(version)",
            "VersionStages": ["AWSCURRENT"],
            "SecretString": value,
        ]
        return AWSHTTPResponse(status: 200, body: Array(try JSONSerialization.data(withJSONObject: answer)))
    }

    /// Credentials valid for an hour, as STS sends them.
    private static var assumedRole: AWSHTTPResponse {
        let expiration = Date.now.addingTimeInterval(3600).formatted(.iso8601)
        let xml = """
            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleWithWebIdentityResult>
                <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/app/csi</Arn></AssumedRoleUser>
                <Credentials>
                  <AccessKeyId>ASIAEXAMPLE</AccessKeyId>
                  <SecretAccessKey>temporary/secret+key</SecretAccessKey>
                  <SessionToken>session-token</SessionToken>
                  <Expiration>\(expiration)</Expiration>
                </Credentials>
              </AssumeRoleWithWebIdentityResult>
            </AssumeRoleWithWebIdentityResponse>
            """
        return AWSHTTPResponse(status: 200, body: Array(xml.utf8))
    }

    private static func error(_ type: String, _ message: String) -> AWSHTTPResponse {
        let body = #"{"__type":"\#(type)","message":"\#(message)"}"#
        return AWSHTTPResponse(status: 400, body: Array(body.utf8))
    }
}

/// The Kubernetes API holding one service account, `default/app`, annotated with an IRSA role; every other object
/// is missing.
struct FakeKubernetesAPI: KubernetesAPI {
    /// The role of `default/app`.
    static let roleArn = "arn:aws:iam::123456789012:role/app"

    func serviceAccount(namespace: String, name: String, deadline: ContinuousClock.Instant) async throws
        -> KubernetesObjectMetadata
    {
        guard namespace == "default", name == "app" else {
            throw Self.notFound("serviceaccounts/\(namespace)/\(name)")
        }
        return KubernetesObjectMetadata(
            name: name,
            namespace: namespace,
            annotations: ["eks.amazonaws.com/role-arn": Self.roleArn]
        )
    }

    func pod(namespace: String, name: String, deadline: ContinuousClock.Instant) async throws -> KubernetesPod {
        throw Self.notFound("pods/\(namespace)/\(name)")
    }

    func node(name: String, deadline: ContinuousClock.Instant) async throws -> KubernetesObjectMetadata {
        throw Self.notFound("nodes/\(name)")
    }

    private static func notFound(_ path: String) -> KubernetesError {
        KubernetesError(code: .notFound, message: "\(path) not found", httpStatus: 404, resource: path)
    }
}

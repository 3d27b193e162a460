// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import CSIProviderAPI
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import Provider
import ProviderServer
import ProviderTestSupport
import ServiceLifecycle
import Testing

@testable import ProviderCLI

/// The composition root `serve` runs, built through the same function with fakes behind the AWS transport and the
/// Kubernetes API, and the real volume writer on a temporary directory.
struct ProviderGraphTests {
    private static let firstValue = "s3cret-first-graph"
    private static let secondValue = "s3cret-second-graph"
    private static let token = "eyJTOKEN-graph-5e1a"

    @Test("The real graph serves Version and Mount on its socket, reconciles a rotation and shuts down cleanly")
    func servesReconcilesAndStops() async throws {
        // A tmpfs where there is one, as the driver's volumes are (writing onto a disk waits for its fsyncs); the
        // path stays short, because Unix socket paths are limited to 107 bytes.
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : "/tmp"
        let directory = base + "/pg-\(UUID().uuidString.prefix(8))"
        let target = directory + "/pods/0b1f/volumes/kubernetes.io~csi/secrets/mount"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = ProviderConfiguration.defaults { configuration in
            configuration.providerVolume = directory
            configuration.targetPathRoot = directory + "/pods"
            configuration.allowNonTmpfsTargets = true
            configuration.reconcileInterval = .seconds(1)
            configuration.healthAddress = nil
            configuration.metricsAddress = nil
        }
        let aws = FakeAWS(value: Self.firstValue)
        let (logger, logs) = RecordingLogHandler.logger(label: "provider-graph-tests")
        let group = try ProviderGraph.makeServiceGroup(
            configuration: configuration,
            seams: ProviderSeams(awsTransport: aws, kubernetes: FakeKubernetesAPI()) { aws.close() },
            metricsRegistry: nil,
            logger: logger
        )
        let file = target + "/" + FakeAWS.secretName

        try await Self.running(group) {
            try await Self.waitUntil("the socket exists") {
                FileManager.default.fileExists(atPath: configuration.socketPath)
            }
            let transport = try HTTP2ClientTransport.Posix(
                target: .unixDomainSocket(path: configuration.socketPath),
                transportSecurity: .plaintext
            )
            let (version, mounted) = try await withGRPCClient(transport: transport) { grpcClient in
                let client = V1alpha1_CSIDriverProvider.Client(wrapping: grpcClient)
                var versionRequest = V1alpha1_VersionRequest()
                versionRequest.version = "v1alpha1"
                let version = try await client.version(versionRequest)
                let mounted = try await client.mount(Self.mountRequest(target: target))
                return (version, mounted)
            }
            #expect(version.runtimeName == ProviderInfo.runtimeName)
            #expect(mounted.objectVersion.map { [$0.id, $0.version] } == [[FakeAWS.secretName, "1"]])
            #expect(try String(contentsOfFile: file, encoding: .utf8) == Self.firstValue)

            aws.rotate(to: Self.secondValue)
            // The reconciler's timer (one second here) brings the new version without another Mount.
            try await Self.waitUntil("the reconciler writes the rotated value") {
                (try? String(contentsOfFile: file, encoding: .utf8)) == Self.secondValue
            }
        }

        #expect(aws.isClosed)
        #expect(!FileManager.default.fileExists(atPath: configuration.socketPath))
        // One credential fetch serves the mount and every reconciliation pass.
        #expect(aws.operations.filter { $0 == "AssumeRoleWithWebIdentity" }.count == 1)
        #expect(Set(aws.operations) == ["AssumeRoleWithWebIdentity", "secretsmanager.GetSecretValue"])
        for secret in [Self.firstValue, Self.secondValue, Self.token] {
            #expect(!logs.all.contains { $0.text.contains(secret) })
        }
    }

    /// The driver's request for ``FakeAWS/secretName`` with the IRSA token of `default/app`.
    private static func mountRequest(target: String) throws -> V1alpha1_MountRequest {
        let tokens = ["sts.amazonaws.com": ["token": Self.token, "expirationTimestamp": "2099-01-01T00:00:00Z"]]
        let attributes = [
            "csi.storage.k8s.io/pod.name": "app-0",
            "csi.storage.k8s.io/pod.namespace": "default",
            "csi.storage.k8s.io/pod.uid": "0b1f",
            "csi.storage.k8s.io/serviceAccount.name": "app",
            "csi.storage.k8s.io/serviceAccount.tokens": String(
                decoding: try JSONEncoder().encode(tokens),
                as: UTF8.self
            ),
            "objects": "- objectName: \"\(FakeAWS.secretName)\"\n  objectType: secretsmanager\n",
            "region": "us-east-1",
        ]
        var request = V1alpha1_MountRequest()
        request.attributes = String(decoding: try JSONEncoder().encode(attributes), as: UTF8.self)
        request.secrets = "{}"
        request.targetPath = target
        request.permission = "420"
        return request
    }

    /// Runs `group` while `body` runs, then shuts it down gracefully and waits for its `run()` to return: the error
    /// of either fails the test.
    private static func running(_ group: ServiceGroup, _ body: () async throws -> Void) async throws {
        async let run: Void = group.run()
        var failure: (any Error)?
        do {
            try await body()
        } catch {
            failure = error
        }
        await group.triggerGracefulShutdown()
        try await run
        if let failure {
            throw failure
        }
    }

    /// Checks `condition` every 10 ms until it holds, for at most 30 seconds (the machine may be busy).
    private static func waitUntil(
        _ what: String,
        _ condition: () throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while try !condition() {
            guard ContinuousClock.now < deadline else {
                throw TimedOut(what: what)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// A condition the test waited for never held.
private struct TimedOut: Error, CustomStringConvertible {
    let what: String

    var description: String {
        "timed out waiting until \(self.what)"
    }
}

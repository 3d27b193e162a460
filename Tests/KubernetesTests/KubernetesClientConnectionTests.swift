// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Kubernetes
import Logging
import ProviderTestSupport
import Testing

/// The client's configuration checks, connection failures, token-file rotation and logging.
struct KubernetesClientConnectionTests {
    static func deadline(_ duration: Duration = .seconds(15)) -> ContinuousClock.Instant {
        .now + duration
    }

    @Test(
        "a server that is not an http or https URL is refused when the client is created",
        arguments: ["ftp://10.0.0.1", "not a url", "http://", "https://x/?watch=1", ""]
    )
    func invalidServer(server: String) {
        let error = #expect(throws: KubernetesError.self) {
            _ = try KubernetesClient(configuration: .init(server: server), userAgent: "test")
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("the Kubernetes API server '\(server)'") == true)
    }

    @Test(
        "an unreadable CA is refused when the client is created",
        arguments: [
            (
                KubernetesClientConfiguration.CertificateAuthority.pem(Array("garbage".utf8)),
                "certificate-authority data"
            ),
            (.pem([]), "certificate-authority data"),
            (.file("/nonexistent/ca.crt"), "certificate-authority file '/nonexistent/ca.crt'"),
        ]
    )
    func invalidCA(authority: KubernetesClientConfiguration.CertificateAuthority, fragment: String) {
        let configuration = KubernetesClientConfiguration(server: "https://10.0.0.1", certificateAuthority: authority)
        let error = #expect(throws: KubernetesError.self) {
            _ = try KubernetesClient(configuration: configuration, userAgent: "test")
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")")
    }

    @Test("a PEM CA, from data or a file, is accepted")
    func validCA() async throws {
        try await TemporaryDirectory.with { directory in
            let file = try directory.write("ca.crt", KubeconfigTests.caPEM)
            for authority in [
                KubernetesClientConfiguration.CertificateAuthority.pem(Array(KubeconfigTests.caPEM.utf8)), .file(file),
            ] {
                let configuration = KubernetesClientConfiguration(
                    server: "https://10.0.0.1",
                    certificateAuthority: authority
                )
                let client = try KubernetesClient(configuration: configuration, userAgent: "test")
                try await client.shutdown()
            }
        }
    }

    @Test("an unusable name is refused before any request")
    func invalidName() async throws {
        // Nothing listens on port 1: a request would fail with a network error instead.
        let client = try KubernetesClient(configuration: .init(server: "http://127.0.0.1:1"), userAgent: "test")
        let error = await #expect(throws: KubernetesError.self) {
            try await client.pod(namespace: "default", name: "", deadline: Self.deadline())
        }
        try await client.shutdown()
        #expect(error?.code == .invalidConfiguration)
        #expect(
            error?.message
                == "cannot read pod \"default/\" from the Kubernetes API: the name is empty; no request was made"
        )
    }

    @Test("a name is percent-encoded on the wire")
    func encodedName() async throws {
        let rig = try await KubernetesRig.start()
        let name = KubernetesRig.uniqueName("odd name")
        let error = try await rig.withClient { client in
            try await #require(throws: KubernetesError.self) {
                try await client.node(name: name, deadline: Self.deadline())
            }
        }
        #expect(error.code == .notFound)
        let encoded = "/api/v1/nodes/" + name.replacing(" ", with: "%20")
        #expect(try await rig.requests(path: encoded).map(\.status) == [404])
    }

    @Test("an unreachable API server is a network error after the retries")
    func unreachable() async throws {
        let client = try KubernetesClient(configuration: .init(server: "http://127.0.0.1:1"), userAgent: "test")
        let error = await #expect(throws: KubernetesError.self) {
            try await client.node(name: "n", deadline: Self.deadline())
        }
        try await client.shutdown()
        #expect(error?.code == .network)
        #expect(
            error?.message.hasPrefix(
                "cannot reach the Kubernetes API at http://127.0.0.1:1 to read node \"n\" (3 attempts)"
            ) == true,
            "\(error?.message ?? "")"
        )
    }

    @Test("https to a plain-http server fails the TLS handshake as a network error")
    func tlsFailure() async throws {
        let rig = try await KubernetesRig.start()
        let server = rig.rig.kubernetes.replacing("http://", with: "https://")
        let error = try await rig.withClient(.init(server: server, credentials: .token("t"))) { client in
            try await #require(throws: KubernetesError.self) {
                try await client.node(name: "n", deadline: Self.deadline())
            }
        }
        print("TLS against plain HTTP: \(error)")
        #expect(error.code == .network)
        #expect(error.message.contains("cannot reach the Kubernetes API at \(server)"))
    }

    @Test("a rotated token file is re-read after a 401 and the call is retried with the new token")
    func rotatedTokenFile() async throws {
        let rig = try await KubernetesRig.start()
        let node = KubernetesRig.uniqueName("rotated")
        let path = "/api/v1/nodes/\(node)"
        try await rig.seed([KubernetesRig.node(name: node, labels: [:])])
        try await TemporaryDirectory.with { directory in
            let modified = Date(timeIntervalSince1970: 1_800_000_000)
            let tokenFile = try directory.write("token", "expired-token", modified: modified)
            let configuration = KubernetesClientConfiguration(
                server: rig.rig.kubernetes,
                credentials: .tokenFile(tokenFile)
            )
            try await rig.withClient(configuration) { client in
                let error = await #expect(throws: KubernetesError.self) {
                    try await client.node(name: node, deadline: Self.deadline())
                }
                #expect(error?.code == .unauthorized)
                #expect(error?.message.contains("the bearer token in '\(tokenFile)' is invalid or expired") == true)
                // The kubelet rotates the token; the same modification time hides it from the cheap check.
                try directory.write("token", rig.rig.kubernetesToken, modified: modified)
                let read = try await client.node(name: node, deadline: Self.deadline())
                #expect(read.name == node)
            }
        }
        #expect(try await rig.requests(path: path).map(\.status) == [401, 401, 200])
    }

    @Test("each request is logged at debug with method, path, status and duration, never the token")
    func logging() async throws {
        let rig = try await KubernetesRig.start()
        let node = KubernetesRig.uniqueName("logged")
        try await rig.seed([KubernetesRig.node(name: node, labels: [:])])
        try await rig.fault(path: "/api/v1/nodes/\(node)", status: 500, count: 1)
        let (logger, records) = RecordingLogHandler.logger()
        _ = try await rig.withClient(logger: logger) { try await $0.node(name: node, deadline: Self.deadline()) }
        let lines = records.all
        #expect(lines.allSatisfy { $0.level <= .debug })
        let requests = lines.filter { $0.text.hasPrefix("Kubernetes request ") }.map(\.text)
        #expect(requests.count == 2)
        for (line, status) in zip(requests, ["500", "200"]) {
            #expect(line.contains("kubernetes.method=GET"))
            #expect(line.contains("kubernetes.path=/api/v1/nodes/\(node)"))
            #expect(line.contains("kubernetes.status=\(status)"))
            #expect(line.contains("kubernetes.duration_ms="))
        }
        #expect(lines.contains { $0.text.hasPrefix("Retrying Kubernetes request") })
        #expect(!lines.contains { $0.text.contains(rig.rig.kubernetesToken) })
    }
}

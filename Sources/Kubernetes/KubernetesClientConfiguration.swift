// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// How the Kubernetes client reaches the API server: its URL, the CA to trust and the bearer token.
///
/// Build it once in the executable with ``resolve(kubeconfigFlag:environment:)``, which picks the `--kubeconfig` flag,
/// else `KUBECONFIG`, else the pod's own service account. The library reads no environment variables itself:
///
/// ```swift
/// let configuration = try KubernetesClientConfiguration.resolve(
///     kubeconfigFlag: options.kubeconfig,
///     environment: ProcessInfo.processInfo.environment
/// )
/// ```
///
/// Printing a configuration never shows an inline token.
public struct KubernetesClientConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The certificate authorities trusted for the API server's certificate.
    public enum CertificateAuthority: Sendable, Hashable {
        /// The system trust store.
        case system
        /// PEM-encoded CA certificates (a kubeconfig's `certificate-authority-data`, base64-decoded).
        case pem([UInt8])
        /// A PEM file of CA certificates, read when the client is created.
        case file(String)
    }

    /// How the client authenticates.
    ///
    /// Its descriptions and mirror never show an inline token.
    public enum Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
        CustomReflectable
    {
        /// No `Authorization` header (for example behind `kubectl proxy`).
        case none
        /// A fixed bearer token.
        case token(String)
        /// A file holding the bearer token, re-read when it changes: a projected service-account token rotates.
        case tokenFile(String)

        /// `none`, `token(<REDACTED>)` or `tokenFile(<path>)`.
        public var description: String {
            switch self {
            case .none: "none"
            case .token: "token(<REDACTED>)"
            case .tokenFile(let path): "tokenFile(\(path))"
            }
        }

        /// The same as ``description``.
        public var debugDescription: String {
            self.description
        }

        /// A mirror without children, so that `dump` cannot show an inline token either.
        public var customMirror: Mirror {
            Mirror(self, children: [], displayStyle: .enum)
        }
    }

    /// The API server's base URL, such as `https://10.100.0.1:443` or `https://proxy.example.com/k8s/clusters/c1`.
    public var server: String
    /// The CA certificates trusted for the API server.
    public var certificateAuthority: CertificateAuthority
    /// The bearer token or token file.
    public var credentials: Credentials
    /// Whether to skip verifying the API server's certificate (a kubeconfig's `insecure-skip-tls-verify`). For
    /// development clusters only.
    public var insecureSkipTLSVerify: Bool
    /// Where the configuration came from, for messages: `in-cluster` or `kubeconfig '<path>' (context '<name>')`.
    public var source: String
    /// How long to wait for a TCP connection (and TLS handshake) to the API server.
    public var connectTimeout: Duration
    /// The largest answer body accepted; larger answers fail with ``KubernetesError/Code/invalidResponse``.
    public var maximumResponseBytes: Int

    /// The default path of the pod's projected service-account token.
    public static let inClusterTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount/token"
    /// The default path of the cluster's CA bundle inside a pod.
    public static let inClusterCAPath = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - server: The API server's base URL (`http` or `https`); checked when the client is created.
    ///   - certificateAuthority: The CA certificates to trust.
    ///   - credentials: The bearer token or token file.
    ///   - insecureSkipTLSVerify: Whether to skip verifying the server's certificate.
    ///   - source: Where the configuration came from, for messages.
    public init(
        server: String,
        certificateAuthority: CertificateAuthority = .system,
        credentials: Credentials = .none,
        insecureSkipTLSVerify: Bool = false,
        source: String = "the client configuration"
    ) {
        self.server = server
        self.certificateAuthority = certificateAuthority
        self.credentials = credentials
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.source = source
        self.connectTimeout = .seconds(5)
        self.maximumResponseBytes = 4 << 20
    }

    /// The server, the credentials kind and the source; never a token.
    public var description: String {
        "KubernetesClientConfiguration(server: \(self.server), credentials: \(self.credentials), "
            + "insecureSkipTLSVerify: \(self.insecureSkipTLSVerify), source: \(self.source))"
    }

    /// The configuration of a pod talking to its own cluster, as client-go's `rest.InClusterConfig` builds it.
    ///
    /// The server is `https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT` (an IPv6 host is bracketed), the CA is
    /// `caPath`, and the token is re-read from `tokenPath` as the kubelet rotates it.
    ///
    /// - Parameters:
    ///   - environment: The process environment; only the two variables above are read from it.
    ///   - tokenPath: The projected service-account token.
    ///   - caPath: The cluster's CA bundle.
    /// - Throws: ``KubernetesError/Code/invalidConfiguration`` naming the missing variable or file.
    public static func inCluster(
        environment: [String: String],
        tokenPath: String = KubernetesClientConfiguration.inClusterTokenPath,
        caPath: String = KubernetesClientConfiguration.inClusterCAPath
    ) throws(KubernetesError) -> Self {
        let host = environment["KUBERNETES_SERVICE_HOST"] ?? ""
        let port = environment["KUBERNETES_SERVICE_PORT"] ?? ""
        guard !host.isEmpty, !port.isEmpty else {
            let missing = [("KUBERNETES_SERVICE_HOST", host), ("KUBERNETES_SERVICE_PORT", port)]
                .filter { $0.1.isEmpty }.map(\.0).joined(separator: " and ")
            throw KubernetesError(
                code: .invalidConfiguration,
                message: "cannot use the in-cluster Kubernetes configuration: \(missing) "
                    + (host.isEmpty && port.isEmpty ? "are" : "is") + " not set (the provider "
                    + "is not running in a pod); pass --kubeconfig or set KUBECONFIG to run outside a cluster"
            )
        }
        guard let portNumber = Int(port), (1...65_535).contains(portNumber) else {
            throw KubernetesError(
                code: .invalidConfiguration,
                message: "cannot use the in-cluster Kubernetes configuration: KUBERNETES_SERVICE_PORT '\(port)' "
                    + "is not a port number"
            )
        }
        for (file, what) in [(tokenPath, "service-account token"), (caPath, "CA bundle")]
        where !FileManager.default.isReadableFile(atPath: file) {
            throw KubernetesError(
                code: .invalidConfiguration,
                message: "cannot use the in-cluster Kubernetes configuration: the \(what) '\(file)' cannot be "
                    + "read (is a service account token mounted into the pod?)"
            )
        }
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return Self(
            server: "https://\(bracketed):\(portNumber)",
            certificateAuthority: .file(caPath),
            credentials: .tokenFile(tokenPath),
            source: "in-cluster"
        )
    }

    /// The configuration chosen the way the provider has always chosen it.
    ///
    /// 1. `kubeconfigFlag` (the `--kubeconfig` flag) when it is not empty;
    /// 2. else the first path of `KUBECONFIG` (a colon-separated list; other files are not merged, unlike kubectl);
    /// 3. else ``inCluster(environment:tokenPath:caPath:)``.
    ///
    /// - Parameters:
    ///   - kubeconfigFlag: The `--kubeconfig` flag's value, if given.
    ///   - environment: The process environment (`KUBECONFIG`, `KUBERNETES_SERVICE_HOST`, `KUBERNETES_SERVICE_PORT`).
    /// - Throws: ``KubernetesError/Code/invalidConfiguration`` from the chosen source.
    public static func resolve(kubeconfigFlag: String?, environment: [String: String]) throws(KubernetesError) -> Self {
        if let flag = kubeconfigFlag, !flag.isEmpty {
            return try Self.kubeconfig(contentsOf: flag)
        }
        let listed = (environment["KUBECONFIG"] ?? "").split(separator: ":").first { !$0.isEmpty }
        if let path = listed {
            return try Self.kubeconfig(contentsOf: String(path))
        }
        return try Self.inCluster(environment: environment)
    }
}

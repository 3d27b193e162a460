// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
package import Coordination
public import Logging
import NIOCore
import NIOSSL

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The production ``KubernetesAPI``: GETs of service accounts, pods and nodes on one AsyncHTTPClient `HTTPClient`
/// with a keep-alive connection pool.
///
/// Every request carries `Authorization: Bearer <token>` (from the configuration, a token file re-read as it
/// rotates), `Accept: application/json` and the given User-Agent, waits for the client-side rate limit (`qps` and
/// `burst`, as client-go's), and ends by its deadline. A 429, a 5xx or a failed connection is retried up to twice
/// while the deadline allows, after the `Retry-After` the server asked for or a short backoff. Only the fields the
/// provider reads are decoded, from answers of at most
/// ``KubernetesClientConfiguration/maximumResponseBytes``. The owner must call ``shutdown()`` once no call is in
/// flight any more.
///
/// ```swift
/// let kubernetes = try KubernetesClient(
///     configuration: .resolve(kubeconfigFlag: nil, environment: ProcessInfo.processInfo.environment),
///     qps: 5,
///     burst: 10,
///     userAgent: "secrets-store-csi-driver-provider-aws/\(version)"
/// )
/// let account = try await kubernetes.serviceAccount(namespace: "default", name: "app", deadline: .now + .seconds(5))
/// try await kubernetes.shutdown()
/// ```
public final class KubernetesClient: KubernetesAPI {
    /// The most attempts of one call: the first and two retries.
    static let maximumAttempts = 3

    let http: HTTPClient
    /// The server URL without a trailing slash; API paths are appended to it.
    let baseURL: String
    let configuration: KubernetesClientConfiguration
    let tokens: BearerTokenSource
    let limiter: KubernetesRateLimiter
    let userAgent: String
    let logger: Logger
    let clock: TimeSource

    /// Creates the client and its connection pool.
    ///
    /// - Parameters:
    ///   - configuration: The server, CA and credentials.
    ///   - qps: Requests per second allowed on average (`--qps`); zero or less turns the limit off.
    ///   - burst: Requests allowed at once after a quiet period (`--burst`).
    ///   - userAgent: The `User-Agent` header of every request.
    ///   - logger: Where requests are logged, at debug level; never with a token. Disabled by default.
    /// - Throws: ``KubernetesError/Code/invalidConfiguration`` when the server is not an `http` or `https` URL or the
    ///   CA cannot be read as PEM certificates.
    public convenience init(
        configuration: KubernetesClientConfiguration,
        qps: Double = 5,
        burst: Int = 10,
        userAgent: String,
        logger: Logger = KubernetesClient.disabledLogger
    ) throws(KubernetesError) {
        try self.init(
            configuration: configuration,
            qps: qps,
            burst: burst,
            userAgent: userAgent,
            logger: logger,
            clock: .system
        )
    }

    /// Creates the client with an injected clock, for tests.
    package init(
        configuration: KubernetesClientConfiguration,
        qps: Double,
        burst: Int,
        userAgent: String,
        logger: Logger,
        clock: TimeSource
    ) throws(KubernetesError) {
        self.baseURL = try Self.baseURL(of: configuration)
        let tls = try Self.tlsConfiguration(configuration)
        var httpConfiguration = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(connect: .init(configuration.connectTimeout)),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 8)
        )
        // Failed connections are retried by the call itself, within its deadline; AsyncHTTPClient's own reconnect
        // loop would hide an unreachable API server until the connect timeout.
        httpConfiguration.connectionPool.retryConnectionEstablishment = false
        self.http = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: httpConfiguration,
            backgroundActivityLogger: Self.disabledLogger
        )
        self.configuration = configuration
        self.tokens = BearerTokenSource(credentials: configuration.credentials, clock: clock)
        self.limiter = KubernetesRateLimiter(qps: qps, burst: burst, clock: clock)
        self.userAgent = userAgent
        self.logger = logger
        self.clock = clock
    }

    /// A logger that drops everything, the default.
    public static let disabledLogger = Logger(label: "kubernetes-client", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Reads `serviceaccounts/<name>` in `namespace`.
    ///
    /// - Throws: ``KubernetesError`` naming the service account, or `CancellationError`.
    public func serviceAccount(
        namespace: String,
        name: String,
        deadline: ContinuousClock.Instant
    ) async throws -> KubernetesObjectMetadata {
        let object = KubernetesObjectReference.serviceAccount(namespace: namespace, name: name)
        let body = try await self.get(object, deadline: deadline)
        return try KubernetesResponse.metadata(body, object: object, expectedKind: "ServiceAccount")
    }

    /// Reads `pods/<name>` in `namespace`.
    ///
    /// - Throws: ``KubernetesError`` naming the pod, or `CancellationError`.
    public func pod(namespace: String, name: String, deadline: ContinuousClock.Instant) async throws -> KubernetesPod {
        let object = KubernetesObjectReference.pod(namespace: namespace, name: name)
        let body = try await self.get(object, deadline: deadline)
        return try KubernetesResponse.pod(body, object: object)
    }

    /// Reads `nodes/<name>`.
    ///
    /// - Throws: ``KubernetesError`` naming the node, or `CancellationError`.
    public func node(name: String, deadline: ContinuousClock.Instant) async throws -> KubernetesObjectMetadata {
        let object = KubernetesObjectReference.node(name: name)
        let body = try await self.get(object, deadline: deadline)
        return try KubernetesResponse.metadata(body, object: object, expectedKind: "Node")
    }

    /// Closes every connection and stops the client. Call it once, after the last call has finished.
    public func shutdown() async throws {
        try await self.http.shutdown()
    }

    private static func baseURL(of configuration: KubernetesClientConfiguration) throws(KubernetesError) -> String {
        let server = configuration.server
        guard let url = URL(string: server), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
            !(url.host ?? "").isEmpty, url.query == nil, url.fragment == nil
        else {
            throw KubernetesError(
                code: .invalidConfiguration,
                message: "the Kubernetes API server '\(server)' (from \(configuration.source)) is not an http or "
                    + "https URL without query"
            )
        }
        var base = server
        while base.hasSuffix("/") {
            base.removeLast()
        }
        return base
    }

    private static func tlsConfiguration(
        _ configuration: KubernetesClientConfiguration
    ) throws(KubernetesError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if configuration.insecureSkipTLSVerify {
            tls.certificateVerification = .none
        }
        let origin: String
        let load: () throws -> [NIOSSLCertificate]
        switch configuration.certificateAuthority {
        case .system:
            return tls
        case .pem(let bytes):
            origin = "the certificate-authority data of \(configuration.source)"
            load = { try NIOSSLCertificate.fromPEMBytes(bytes) }
        case .file(let path):
            origin = "the certificate-authority file '\(path)' (from \(configuration.source))"
            load = { try NIOSSLCertificate.fromPEMFile(path) }
        }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try load()
        } catch {
            throw KubernetesError(
                code: .invalidConfiguration,
                message: "the Kubernetes CA certificates cannot be read: \(origin) is not readable as PEM certificates",
                cause: error
            )
        }
        guard !certificates.isEmpty else {
            throw KubernetesError(
                code: .invalidConfiguration,
                message: "the Kubernetes CA certificates cannot be read: \(origin) holds no PEM certificate"
            )
        }
        tls.trustRoots = .certificates(certificates)
        return tls
    }
}

extension TimeAmount {
    /// The same span as `duration`, to nanosecond precision, saturating at the largest `TimeAmount`.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        self = overflow ? .nanoseconds(.max) : .nanoseconds(nanoseconds + attoseconds / 1_000_000_000)
    }
}

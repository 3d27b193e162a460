// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
public import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// The production ``AWSHTTPTransport``: one AsyncHTTPClient `HTTPClient` with a keep-alive connection pool.
///
/// At most ``AWSClientConfiguration/maximumConnectionsPerHost`` requests are in flight to one host, so no more
/// connections than that are opened to it; further requests wait their turn, for as long as their deadline allows.
/// HTTPS trusts the system store, or only the configuration's CA bundle. Redirects are not
/// followed. The owner must call ``shutdown()`` once no request is in flight any more.
///
/// ```swift
/// let transport = try HTTPClientTransport(configuration: configuration)
/// defer { /* in an async context: */ try await transport.shutdown() }
/// ```
public final class HTTPClientTransport: AWSHTTPTransport {
    private let client: HTTPClient
    private let limiter: HostRequestLimiter
    private let maximumResponseBytes: Int

    /// Creates the client and its connection pool.
    ///
    /// - Parameters:
    ///   - configuration: The pool size, timeouts, response limit and CA bundle.
    ///   - backgroundLogger: Where AsyncHTTPClient logs connection activity; `nil` for no logging.
    /// - Throws: ``AWSError/Code/invalidConfiguration`` if the CA bundle cannot be read as PEM certificates.
    public init(configuration: AWSClientConfiguration, backgroundLogger: Logger? = nil) throws(AWSError) {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let path = configuration.caBundlePath {
            // Loading now turns a missing or malformed bundle into one clear error instead of a handshake failure
            // on every request.
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(path))
            } catch {
                throw AWSError(
                    code: .invalidConfiguration,
                    message: "The CA bundle '\(path)' (AWS_CA_BUNDLE) cannot be read as PEM certificates.",
                    cause: error
                )
            }
        }
        var httpConfiguration = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(connect: .init(configuration.connectTimeout)),
            connectionPool: .init(
                idleTimeout: .init(configuration.idleConnectionTimeout),
                concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, configuration.maximumConnectionsPerHost)
            )
        )
        // The retry strategy retries failed connections itself, within the caller's deadline and retry quota;
        // AsyncHTTPClient's own reconnect loop would hide a dead endpoint (such as a missing IPv4 Pod Identity agent)
        // until the connect timeout.
        httpConfiguration.connectionPool.retryConnectionEstablishment = false
        self.client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: httpConfiguration,
            backgroundActivityLogger: backgroundLogger ?? .awsClientDisabled
        )
        self.limiter = HostRequestLimiter(limit: configuration.maximumConnectionsPerHost)
        self.maximumResponseBytes = configuration.maximumResponseBytes
    }

    /// Sends `request` and collects the whole answer.
    ///
    /// - Throws: ``AWSError/Code/timeout`` past the deadline or a connect or read timeout,
    ///   ``AWSError/Code/invalidResponse`` for an answer larger than the configured limit,
    ///   ``AWSError/Code/network`` for any other failure, or `CancellationError`.
    public func execute(_ request: AWSHTTPRequest, deadline: ContinuousClock.Instant) async throws -> AWSHTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers {
            outgoing.headers.add(name: header.name, value: header.value)
        }
        if !request.body.isEmpty {
            outgoing.body = .bytes(request.body)
        }
        return try await self.limiter.withTurn(host: Self.origin(of: request.url), deadline: deadline) {
            let remaining = deadline - ContinuousClock.now
            do {
                let response = try await self.client.execute(outgoing, deadline: .now() + .init(remaining))
                let body = try await response.body.collect(upTo: self.maximumResponseBytes)
                return AWSHTTPResponse(
                    status: Int(response.status.code),
                    headers: response.headers.map { AWSHTTPHeader(name: $0.name, value: $0.value) },
                    body: Array(body.readableBytesView)
                )
            } catch {
                throw Self.classify(error)
            }
        }
    }

    /// Closes every connection and stops the client. Call it once, after the last request has finished.
    public func shutdown() async throws {
        try await self.client.shutdown()
    }

    /// The scheme, host and port of `url`: the unit AsyncHTTPClient pools connections by.
    static func origin(of url: String) -> String {
        let parts = url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0].hasSuffix(":"), parts[1].isEmpty else { return url }
        let authority = parts[2].prefix { $0 != "?" && $0 != "#" }
        return "\(parts[0])//\(authority)"
    }

    private static let timeouts: [HTTPClientError] = [
        .deadlineExceeded, .connectTimeout, .readTimeout, .writeTimeout, .tlsHandshakeTimeout,
        .getConnectionFromPoolTimeout,
    ]

    private static func classify(_ error: any Error) -> any Error {
        if error is CancellationError || Task.isCancelled {
            return CancellationError()
        }
        if let error = error as? HTTPClientError, Self.timeouts.contains(error) {
            return AWSError(code: .timeout, message: "The HTTP request timed out.", cause: error)
        }
        if error is NIOTooManyBytesError {
            return AWSError(code: .invalidResponse, message: "The HTTP answer exceeded the size limit.", cause: error)
        }
        return AWSError(code: .network, message: "The HTTP exchange failed.", cause: error)
    }
}

extension TimeAmount {
    /// The same span as `duration`, to nanosecond precision, saturating at the largest `TimeAmount`.
    fileprivate init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        self = overflow ? .nanoseconds(.max) : .nanoseconds(nanoseconds + attoseconds / 1_000_000_000)
    }
}

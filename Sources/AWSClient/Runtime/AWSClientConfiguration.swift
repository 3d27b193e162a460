// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// How the AWS clients reach AWS: User-Agent, endpoints, FIPS, trust roots, connection pool and timeouts.
///
/// The library reads no environment variables itself. The executable builds this value once from the process
/// environment with ``init(environment:userAgent:)`` and passes it down:
///
/// ```swift
/// let configuration = try AWSClientConfiguration(
///     environment: ProcessInfo.processInfo.environment,
///     userAgent: "secrets-store-csi-driver-provider-aws-\(version)"
/// )
/// ```
public struct AWSClientConfiguration: Sendable, Hashable {
    /// The `User-Agent` header of every request, such as `secrets-store-csi-driver-provider-aws-3.1.1`.
    public var userAgent: String
    /// Whether to call the FIPS endpoints (`<service>-fips.<region>.<suffix>`) where no endpoint URL is configured.
    public var useFIPSEndpoint: Bool
    /// An endpoint URL for every service (`AWS_ENDPOINT_URL`), such as `http://localhost:4566`.
    public var endpointURL: String?
    /// Endpoint URLs for single services (`AWS_ENDPOINT_URL_SECRETS_MANAGER`, `_SSM`, `_STS`); they win over
    /// ``endpointURL``.
    public var serviceEndpointURLs: [AWSService: String]
    /// A PEM file of CA certificates to trust instead of the system trust store (`AWS_CA_BUNDLE`).
    public var caBundlePath: String?
    /// The most HTTP/1.1 connections kept open to one host; further requests wait for a free connection.
    public var maximumConnectionsPerHost: Int
    /// How long to wait for a TCP connection to open.
    public var connectTimeout: Duration
    /// How long an unused connection stays in the pool.
    public var idleConnectionTimeout: Duration
    /// The largest answer body accepted; larger answers fail with ``AWSError/Code/invalidResponse``.
    public var maximumResponseBytes: Int

    /// Creates a configuration with the default endpoints, the system trust store and no FIPS.
    ///
    /// - Parameter userAgent: The `User-Agent` header of every request.
    public init(userAgent: String) {
        self.userAgent = userAgent
        self.useFIPSEndpoint = false
        self.endpointURL = nil
        self.serviceEndpointURLs = [:]
        self.caBundlePath = nil
        self.maximumConnectionsPerHost = 16
        self.connectTimeout = .seconds(3)
        self.idleConnectionTimeout = .seconds(60)
        self.maximumResponseBytes = 8 << 20
    }

    /// Reads the AWS SDKs' standard settings from an environment: `AWS_ENDPOINT_URL`,
    /// `AWS_ENDPOINT_URL_SECRETS_MANAGER`, `AWS_ENDPOINT_URL_SSM`, `AWS_ENDPOINT_URL_STS`,
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`, `AWS_USE_FIPS_ENDPOINT` and `AWS_CA_BUNDLE`. Empty values count as unset.
    ///
    /// This is a pure function of its arguments; pass `ProcessInfo.processInfo.environment` from the executable.
    ///
    /// - Parameters:
    ///   - environment: The environment variables.
    ///   - userAgent: The `User-Agent` header of every request.
    /// - Throws: ``AWSError/Code/invalidConfiguration`` naming the variable if an endpoint URL is not an absolute
    ///   `http` or `https` URL or a boolean is neither `true` nor `false`.
    public init(environment: [String: String], userAgent: String) throws(AWSError) {
        self.init(userAgent: userAgent)
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        self.useFIPSEndpoint = try Self.boolean(value("AWS_USE_FIPS_ENDPOINT"), name: "AWS_USE_FIPS_ENDPOINT")
        self.caBundlePath = value("AWS_CA_BUNDLE")
        let ignoreEndpoints = try Self.boolean(
            value("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"),
            name: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"
        )
        guard !ignoreEndpoints else { return }
        if let url = value("AWS_ENDPOINT_URL") {
            try AWSEndpoint.validate(url: url, source: "AWS_ENDPOINT_URL")
            self.endpointURL = url
        }
        for service in AWSService.all {
            let name = "AWS_ENDPOINT_URL_" + service.environmentSuffix
            if let url = value(name) {
                try AWSEndpoint.validate(url: url, source: name)
                self.serviceEndpointURLs[service] = url
            }
        }
    }

    private static func boolean(_ value: String?, name: String) throws(AWSError) -> Bool {
        switch value?.lowercased() {
        case nil, "false":
            return false
        case "true":
            return true
        case let other?:
            throw AWSError(
                code: .invalidConfiguration,
                message: "The environment variable \(name) must be 'true' or 'false', not '\(other)'."
            )
        }
    }
}

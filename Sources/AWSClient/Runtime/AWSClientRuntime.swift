// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import AWSSigV4
public import Coordination
import Logging

/// What every AWS service client of a process shares: configuration, transport, retry strategy, retry quotas,
/// signing-key cache and clock.
///
/// Make one runtime per process (it is a cheap `Sendable` value; copies share the transport, the retry quotas and the
/// key cache), then make service clients per region and identity from it, each naming whose retry quota its calls
/// spend (one quota per scope, region and service, as each AWS SDK client has its own):
///
/// ```swift
/// let transport = try HTTPClientTransport(configuration: configuration)
/// let runtime = AWSClientRuntime(configuration: configuration, transport: transport)
/// let secrets = try SecretsManagerClient(
///     region: "us-east-1",
///     credentials: provider,
///     runtime: runtime,
///     retryQuota: RetryQuotaScope(["irsa", namespace, serviceAccount, roleArn])
/// )
/// // …
/// try await transport.shutdown()
/// ```
public struct AWSClientRuntime: Sendable {
    /// Endpoints, FIPS and User-Agent.
    public let configuration: AWSClientConfiguration
    /// Where requests go.
    public let transport: any AWSHTTPTransport
    /// Which failures are retried and how long to wait.
    public let retryStrategy: RetryStrategy
    /// The retry quotas, one per scope, region and service.
    public let retryQuotas: RetryQuotas
    /// The clock of signing, deadlines, backoff and credential expiry.
    public let clock: TimeSource
    /// The cache of derived signing keys, shared by every signer of this runtime.
    public let signingKeys: SigningKeyCache

    /// Creates a runtime.
    ///
    /// - Parameters:
    ///   - configuration: Endpoints, FIPS and User-Agent.
    ///   - transport: Where requests go: an ``HTTPClientTransport``, or a fake in tests.
    ///   - retryStrategy: Which failures are retried; the standard retry mode by default.
    ///   - retryQuotas: The retry quotas; none yet by default (each is made full on first use).
    ///   - clock: The clock; the system's by default.
    ///   - signingKeys: The signing-key cache; a new cache by default.
    public init(
        configuration: AWSClientConfiguration,
        transport: any AWSHTTPTransport,
        retryStrategy: RetryStrategy = RetryStrategy(),
        retryQuotas: RetryQuotas = RetryQuotas(),
        clock: TimeSource = .system,
        signingKeys: SigningKeyCache = SigningKeyCache()
    ) {
        self.configuration = configuration
        self.transport = transport
        self.retryStrategy = retryStrategy
        self.retryQuotas = retryQuotas
        self.clock = clock
        self.signingKeys = signingKeys
    }

    /// The endpoint of `service` in `region` under this runtime's configuration.
    func endpoint(for service: AWSService, region: String) throws(AWSError) -> AWSEndpoint {
        try AWSEndpointResolver(configuration: self.configuration).endpoint(for: service, region: region)
    }

    /// A SigV4 signer for `service` in `region` that shares this runtime's key cache.
    func signer(for service: AWSService, region: String) throws(AWSError) -> SigV4Signer {
        do {
            return try SigV4Signer(region: region, service: service.signingName, keyCache: self.signingKeys)
        } catch {
            throw AWSError(code: .invalidRequest, message: error.message, service: service.signingName, region: region)
        }
    }
}

extension Logger {
    /// A logger that drops everything: the default of every `logger:` parameter in this module.
    static let awsClientDisabled = Logger(label: "aws-client", factory: { _ in SwiftLogNoOpLogHandler() })
}

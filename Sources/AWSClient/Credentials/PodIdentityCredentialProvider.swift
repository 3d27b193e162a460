// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import AWSSigV4
import Coordination
public import Logging

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Credentials from the EKS Pod Identity agent on the node, cached until shortly before they expire with one fetch
/// in flight at a time.
///
/// A fetch is `GET <agent URL>` with the pod's service account token (audience `pods.eks.amazonaws.com`) as the
/// `Authorization` header. With ``AddressPreference/auto`` the IPv4 endpoint is tried once and, if it cannot be
/// reached or times out, the IPv6 endpoint is asked instead; an answer from the IPv4 agent, even a refusal, is final.
///
/// ```swift
/// let provider = try PodIdentityCredentialProvider(
///     configuration: .init(addressPreference: .auto, timeout: .seconds(2)),
///     runtime: runtime,
///     token: { podIdentityToken }
/// )
/// ```
public struct PodIdentityCredentialProvider: CredentialProvider {
    /// Which agent address to use.
    public enum AddressPreference: String, Sendable, Hashable, CaseIterable {
        /// Only the IPv4 endpoint.
        case ipv4
        /// Only the IPv6 endpoint.
        case ipv6
        /// The IPv4 endpoint, falling back to IPv6 when IPv4 cannot be reached or times out.
        case auto
    }

    /// Where the agent is and how long to wait for it.
    public struct Configuration: Sendable, Hashable {
        /// The agent's IPv4 credentials URL.
        public var ipv4Endpoint: String
        /// The agent's IPv6 credentials URL.
        public var ipv6Endpoint: String
        /// Which endpoint to use.
        public var addressPreference: AddressPreference
        /// How long one endpoint may take to answer, retries included.
        public var timeout: Duration

        /// The EKS agent's IPv4 credentials URL.
        public static let defaultIPv4Endpoint = "http://169.254.170.23/v1/credentials"
        /// The EKS agent's IPv6 credentials URL.
        public static let defaultIPv6Endpoint = "http://[fd00:ec2::23]/v1/credentials"

        /// Creates a configuration; the defaults are the EKS agent's addresses, `auto`, and 5 seconds.
        public init(
            ipv4Endpoint: String = Self.defaultIPv4Endpoint,
            ipv6Endpoint: String = Self.defaultIPv6Endpoint,
            addressPreference: AddressPreference = .auto,
            timeout: Duration = .seconds(5)
        ) {
            self.ipv4Endpoint = ipv4Endpoint
            self.ipv6Endpoint = ipv6Endpoint
            self.addressPreference = addressPreference
            self.timeout = timeout
        }
    }

    private let cache: ExpiringCredentialCache

    /// Creates a provider; nothing is fetched until the first ``credentials()`` call.
    ///
    /// - Parameters:
    ///   - configuration: The agent endpoints, address preference and timeout.
    ///   - runtime: The shared transport, retry quotas and clock.
    ///   - retryQuota: Whose retry quota the agent calls' retries spend; `.shared` by default.
    ///   - refreshMargin: How long before expiry the credentials are refreshed.
    ///   - logger: Where to log at debug and trace level; `nil` for no logging. The token is never logged.
    ///   - token: Supplies the pod's current service account token for each fetch.
    /// - Throws: ``AWSError/Code/invalidConfiguration`` if an endpoint URL is not an absolute http or https URL.
    public init(
        configuration: Configuration = Configuration(),
        runtime: AWSClientRuntime,
        retryQuota: RetryQuotaScope = .shared,
        refreshMargin: Duration = .seconds(300),
        logger: Logger? = nil,
        token: @escaping @Sendable () async throws -> String
    ) throws(AWSError) {
        let agent = PodIdentityAgent(
            ipv4: try AWSEndpoint(url: configuration.ipv4Endpoint, source: "the Pod Identity IPv4 endpoint"),
            ipv6: try AWSEndpoint(url: configuration.ipv6Endpoint, source: "the Pod Identity IPv6 endpoint"),
            preference: configuration.addressPreference,
            timeout: configuration.timeout,
            runtime: runtime,
            retryQuota: retryQuota,
            logger: logger ?? .awsClientDisabled
        )
        self.cache = ExpiringCredentialCache(refreshMargin: refreshMargin, clock: runtime.clock) {
            AWSCallMetrics.credentialRefresh(source: "pod_identity")
            return try await agent.fetch(token: try await token())
        }
    }

    /// The pod's credentials, fetched on first use and again shortly before they expire.
    ///
    /// - Throws: ``AWSError`` (``AWSError/Code/credentials`` when the agent refuses the token,
    ///   ``AWSError/Code/network`` or ``AWSError/Code/timeout`` when it cannot be reached), the token supplier's
    ///   error, or `CancellationError`. A failure is not cached: the next call tries again.
    public func credentials() async throws -> AWSCredentials {
        try await self.cache.credentials()
    }
}

/// One fetch from the Pod Identity agent, with the address fallback.
private struct PodIdentityAgent: Sendable {
    var ipv4: AWSEndpoint
    var ipv6: AWSEndpoint
    var preference: PodIdentityCredentialProvider.AddressPreference
    var timeout: Duration
    var runtime: AWSClientRuntime
    var retryQuota: RetryQuotaScope
    var logger: Logger

    func fetch(token: String) async throws -> AWSCredentials {
        switch self.preference {
        case .ipv4:
            return try await self.fetch(from: self.ipv4, token: token, maxAttempts: nil)
        case .ipv6:
            return try await self.fetch(from: self.ipv6, token: token, maxAttempts: nil)
        case .auto:
            do {
                // One try only: a missing IPv4 agent should cost one connection attempt, not a retry sequence.
                return try await self.fetch(from: self.ipv4, token: token, maxAttempts: 1)
            } catch let error as AWSError where error.code == .network || error.code == .timeout {
                self.logger.debug(
                    "Pod Identity agent unreachable over IPv4; trying IPv6",
                    metadata: ["error.code": "\(error.code)", "aws.endpoint": "\(self.ipv6.host)"]
                )
                return try await self.fetch(from: self.ipv6, token: token, maxAttempts: nil)
            }
        }
    }

    private func fetch(from endpoint: AWSEndpoint, token: String, maxAttempts: Int?) async throws -> AWSCredentials {
        let operation = AWSOperation(
            service: .eksPodIdentityAgent,
            name: "AssumeRoleForPodIdentity",
            region: "",
            resource: "the service account token at \(endpoint.url)",
            iamAction: nil
        )
        let response = try await self.runtime.send(
            AWSRequest(
                method: "GET",
                endpoint: endpoint,
                headers: [AWSHTTPHeader(name: "Authorization", value: token)],
                body: []
            ),
            operation: operation,
            signing: nil,
            retryQuota: self.retryQuota,
            maxAttempts: maxAttempts,
            deadline: self.runtime.clock.now() + self.timeout,
            logger: self.logger
        )
        guard let answer = try? JSONDecoder().decode(AgentCredentials.self, from: Data(response.body)),
            let expiration = AWSTimestamp.parse(answer.Expiration)
        else {
            throw operation.error(
                .invalidResponse,
                "\(operation.summary) answered without complete credentials.",
                httpStatus: response.status
            )
        }
        self.logger.debug(
            "Fetched Pod Identity credentials",
            metadata: ["aws.account_id": "\(answer.AccountId ?? "")", "aws.credentials_expiration": "\(expiration)"]
        )
        return AWSCredentials(
            accessKeyId: answer.AccessKeyId,
            secretAccessKey: answer.SecretAccessKey,
            sessionToken: answer.Token,
            expiration: expiration
        )
    }
}

/// The agent's answer. Property names are the wire names.
private struct AgentCredentials: Decodable {
    var AccessKeyId: String
    var SecretAccessKey: String
    var Token: String
    var Expiration: String
    var AccountId: String?
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import AWSSigV4
import Coordination
public import Logging

/// Credentials for an IAM role assumed with a web identity token (IRSA: an EKS service account token), through
/// STS `AssumeRoleWithWebIdentity`, cached until shortly before they expire with one fetch in flight at a time.
///
/// ```swift
/// let provider = try WebIdentityCredentialProvider(
///     roleArn: "arn:aws:iam::123456789012:role/app",
///     roleSessionName: "secrets-store-csi-driver-provider-aws",
///     region: "us-east-1",
///     runtime: runtime,
///     token: { serviceAccountToken }
/// )
/// ```
public struct WebIdentityCredentialProvider: CredentialProvider {
    /// The role assumed.
    public let roleArn: String
    private let cache: ExpiringCredentialCache

    /// Creates a provider; nothing is fetched until the first ``credentials()`` call.
    ///
    /// - Parameters:
    ///   - roleArn: The role to assume.
    ///   - roleSessionName: The session name, 2 to 64 characters of letters, digits and `+=,.@_-`.
    ///   - region: The region whose STS endpoint is called.
    ///   - runtime: The shared transport, configuration, retry quotas and clock.
    ///   - retryQuota: Whose retry quota the STS calls' retries spend; `.shared` by default.
    ///   - timeout: How long one fetch may take, retries included.
    ///   - refreshMargin: How long before expiry the credentials are refreshed.
    ///   - logger: Where to log at debug and trace level; `nil` for no logging. The token is never logged.
    ///   - token: Supplies the current web identity token for each fetch.
    /// - Throws: ``AWSError`` if the region is invalid or the STS endpoint does not resolve.
    public init(
        roleArn: String,
        roleSessionName: String,
        region: String,
        runtime: AWSClientRuntime,
        retryQuota: RetryQuotaScope = .shared,
        timeout: Duration = .seconds(10),
        refreshMargin: Duration = .seconds(300),
        logger: Logger? = nil,
        token: @escaping @Sendable () async throws -> String
    ) throws(AWSError) {
        let sts = try STSClient(region: region, runtime: runtime, retryQuota: retryQuota)
        let clock = runtime.clock
        let logger = logger ?? .awsClientDisabled
        self.roleArn = roleArn
        self.cache = ExpiringCredentialCache(refreshMargin: refreshMargin, clock: clock) {
            AWSCallMetrics.credentialRefresh(source: "web_identity")
            let assumed = try await sts.assumeRoleWithWebIdentity(
                roleArn: roleArn,
                roleSessionName: roleSessionName,
                webIdentityToken: try await token(),
                deadline: clock.now() + timeout,
                logger: logger
            )
            logger.debug(
                "Assumed role with web identity",
                metadata: [
                    "aws.role_arn": "\(roleArn)", "aws.assumed_role_arn": "\(assumed.assumedRoleArn)",
                    "aws.credentials_expiration": "\(assumed.credentials.expiration.map { "\($0)" } ?? "")",
                ]
            )
            return assumed.credentials
        }
    }

    /// The role's temporary credentials, fetched on first use and again shortly before they expire.
    ///
    /// - Throws: The ``AWSError`` of the STS call or the token supplier's error, or `CancellationError`. A failure
    ///   is not cached: the next call tries again.
    public func credentials() async throws -> AWSCredentials {
        try await self.cache.credentials()
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import AWSSigV4
import Coordination
public import Logging

/// Chained credentials: an IAM role (usually in another account) assumed through STS `AssumeRole` with the
/// credentials of a base provider (the pod's own, from IRSA or Pod Identity), cached until shortly before they
/// expire with one fetch in flight at a time.
///
/// STS is asked in the first of ``regions``. When that region's STS fails in a way that is not the caller's fault
/// (a 5xx answer, throttling, a timeout, a network failure: not ``AWSError/isClientFault``), the next region is
/// asked, and so on. A client fault, such as `AccessDenied` from a trust policy that does not allow the caller, is
/// final: another region would answer the same.
///
/// ```swift
/// let provider = try AssumeRoleCredentialProvider(
///     roleArn: "arn:aws:iam::111122223333:role/shared-secrets-reader",
///     roleSessionName: "secrets-store-csi-driver-provider-aws",
///     externalId: "tenant-42",
///     regions: ["us-east-1", "us-west-2"],
///     runtime: runtime,
///     base: webIdentityProvider
/// )
/// ```
public struct AssumeRoleCredentialProvider: CredentialProvider {
    /// The role assumed.
    public let roleArn: String
    /// The regions whose STS is asked, primary first, then the failover regions in order.
    public let regions: [String]
    private let cache: ExpiringCredentialCache

    /// Creates a provider; nothing is fetched until the first ``credentials()`` call.
    ///
    /// - Parameters:
    ///   - roleArn: The role to assume, `arn:<partition>:iam::<account>:role/<path/name>` in partition `aws`,
    ///     `aws-cn` or `aws-us-gov`.
    ///   - roleSessionName: The session name, 2 to 64 characters of letters, digits and `+=,.@_-`.
    ///   - externalId: The external ID the role's trust policy asks for, if any; never logged or put in an error.
    ///   - durationSeconds: The session length (900 to 43200 seconds), if not the role's default of one hour.
    ///   - regions: The regions whose STS is asked, primary first; at least one.
    ///   - runtime: The shared transport, configuration, retry quotas and clock.
    ///   - base: The credentials that assume the role and sign the STS calls.
    ///   - retryQuota: Whose retry quota the STS calls' retries spend; `.shared` by default.
    ///   - timeout: How long one region's STS call may take, retries included; a failover region gets as long again.
    ///   - refreshMargin: How long before expiry the credentials are refreshed.
    ///   - logger: Where to log at debug and trace level; `nil` for no logging. Credentials and the external ID are
    ///     never logged.
    /// - Throws: ``AWSError``: ``AWSError/Code/invalidRequest`` for a malformed role ARN, session name, external ID
    ///   or duration, ``AWSError/Code/invalidConfiguration`` without a region, or the error of a region that is
    ///   invalid or whose STS endpoint does not resolve.
    public init(
        roleArn: String,
        roleSessionName: String,
        externalId: String? = nil,
        durationSeconds: Int? = nil,
        regions: [String],
        runtime: AWSClientRuntime,
        base: any CredentialProvider,
        retryQuota: RetryQuotaScope = .shared,
        timeout: Duration = .seconds(10),
        refreshMargin: Duration = .seconds(300),
        logger: Logger? = nil
    ) throws(AWSError) {
        // The same checks as each call's, so that malformed input fails when the provider is made, not at first use.
        try STSClient.validateAssumeRole(
            roleArn: roleArn,
            roleSessionName: roleSessionName,
            externalId: externalId,
            durationSeconds: durationSeconds
        )
        var clients: [STSClient] = []
        for region in regions {
            clients.append(try STSClient(region: region, runtime: runtime, retryQuota: retryQuota))
        }
        guard let last = clients.last else {
            throw AWSError(
                code: .invalidConfiguration,
                message: "STS AssumeRole of role '\(roleArn)' needs at least one region to call STS in.",
                service: AWSService.sts.signingName,
                operation: "AssumeRole"
            )
        }
        let chain = AssumeRoleChain(
            roleArn: roleArn,
            roleSessionName: roleSessionName,
            externalId: externalId,
            durationSeconds: durationSeconds,
            failovers: Array(clients.dropLast()),
            last: last,
            base: base,
            clock: runtime.clock,
            timeout: timeout,
            logger: logger ?? .awsClientDisabled
        )
        self.roleArn = roleArn
        self.regions = regions
        self.cache = ExpiringCredentialCache(refreshMargin: refreshMargin, clock: runtime.clock) {
            AWSCallMetrics.credentialRefresh(source: "assume_role")
            return try await chain.fetch()
        }
    }

    /// The role's temporary credentials, fetched on first use and again shortly before they expire.
    ///
    /// - Throws: The ``AWSError`` of the last STS call (or of the first that was a client fault), the base
    ///   provider's error, or `CancellationError`. A failure is not cached: the next call tries again.
    public func credentials() async throws -> AWSCredentials {
        try await self.cache.credentials()
    }
}

/// One fetch: the base credentials, then `AssumeRole` in each region in turn until one answers or fails for good.
private struct AssumeRoleChain: Sendable {
    var roleArn: String
    var roleSessionName: String
    var externalId: String?
    var durationSeconds: Int?
    /// The clients tried before ``last``, in order; a failure that is not a client fault moves on to the next.
    var failovers: [STSClient]
    /// The client tried last, whose failure is final.
    var last: STSClient
    var base: any CredentialProvider
    var clock: TimeSource
    var timeout: Duration
    var logger: Logger

    func fetch() async throws -> AWSCredentials {
        // Once for every region: the base provider's failure is not STS's, and another region would not help.
        let signing = StaticCredentialProvider(credentials: try await self.base.credentials())
        for (client, next) in zip(self.failovers, self.failovers.dropFirst() + [self.last]) {
            do {
                return try await self.assume(in: client, signing: signing)
            } catch let error as AWSError where !error.isClientFault {
                self.logger.debug(
                    "STS AssumeRole failed; asking the next region",
                    metadata: [
                        "aws.region": "\(client.region)", "aws.failover_region": "\(next.region)",
                        "error.code": "\(error.code)",
                    ]
                )
            }
        }
        return try await self.assume(in: self.last, signing: signing)
    }

    private func assume(in client: STSClient, signing: StaticCredentialProvider) async throws -> AWSCredentials {
        let assumed = try await client.assumeRole(
            roleArn: self.roleArn,
            roleSessionName: self.roleSessionName,
            externalId: self.externalId,
            durationSeconds: self.durationSeconds,
            credentials: signing,
            deadline: self.clock.now() + self.timeout,
            logger: self.logger
        )
        self.logger.debug(
            "Assumed role",
            metadata: [
                "aws.role_arn": "\(self.roleArn)", "aws.assumed_role_arn": "\(assumed.assumedRoleArn)",
                "aws.region": "\(client.region)",
            ]
        )
        return assumed.credentials
    }
}

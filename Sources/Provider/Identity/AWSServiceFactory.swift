// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import AWSClient
public import Logging
public import SecretProviderClass

/// Makes the AWS clients and credential sources of a mount; the seam tests replace with fakes.
///
/// Each is made for the mount's `identity`, whose calls spend retry quotas of their own (one per identity, region and
/// service), never another identity's.
public protocol AWSServiceFactory: Sendable {
    /// A Secrets Manager client for `region` that signs with `credentials`, for `identity`.
    func secretsManager(region: String, credentials: any CredentialProvider, identity: MountIdentity) throws
        -> any SecretsManagerAPI

    /// A Parameter Store client for `region` that signs with `credentials`, for `identity`.
    func parameterStore(region: String, credentials: any CredentialProvider, identity: MountIdentity) throws
        -> any ParameterStoreAPI

    /// A Certificate Manager client for `region` that signs with `credentials`, for `identity`.
    func certificateManager(region: String, credentials: any CredentialProvider, identity: MountIdentity) throws
        -> any CertificateManagerAPI

    /// Credentials for `roleArn` (the role of `identity`) through STS `AssumeRoleWithWebIdentity` in `region`, fetched
    /// lazily (with the service account token `token` returns at that moment) and cached until shortly before they
    /// expire.
    func webIdentityCredentials(
        roleArn: String,
        region: String,
        identity: MountIdentity,
        token: @escaping @Sendable () -> String
    ) throws -> any CredentialProvider

    /// Credentials from the EKS Pod Identity agent for `identity`, with the token `token` returns at each fetch,
    /// fetched lazily and cached until shortly before they expire.
    func podIdentityCredentials(
        addressPreference: PodIdentityCredentialProvider.AddressPreference,
        identity: MountIdentity,
        token: @escaping @Sendable () -> String
    ) throws -> any CredentialProvider
    /// Credentials for the role `assumeRole` names (that of `identity`), through STS `AssumeRole` signed with `base`
    /// (the pod's own credentials), asked in the first of `regions` and then the others when one fails; fetched
    /// lazily and cached until shortly before they expire.
    func assumeRoleCredentials(
        _ assumeRole: AssumeRoleRequest,
        regions: [String],
        base: any CredentialProvider,
        identity: MountIdentity
    ) throws -> any CredentialProvider
}

/// The production ``AWSServiceFactory``: every client shares one runtime (HTTP pool, signing keys, the retry quotas),
/// and spends the retry quota of its identity (``MountIdentity/retryQuotaScope``) in its region for its service.
public struct LiveAWSServiceFactory: AWSServiceFactory {
    /// The STS role session name, as AWS SDKs name web identity sessions for this provider.
    public static let roleSessionName = "secrets-store-csi-driver-provider-aws"

    private let runtime: AWSClientRuntime
    private let podIdentity: PodIdentityCredentialProvider.Configuration
    private let logger: Logger

    /// Creates the factory.
    ///
    /// - Parameters:
    ///   - runtime: The shared transport, configuration, retry quotas and clock.
    ///   - podIdentity: The agent's endpoints and timeout; the address preference comes from each mount.
    ///   - logger: Where credential sources log at debug level.
    public init(runtime: AWSClientRuntime, podIdentity: PodIdentityCredentialProvider.Configuration, logger: Logger) {
        self.runtime = runtime
        self.podIdentity = podIdentity
        self.logger = logger
    }

    /// A client on the shared runtime.
    public func secretsManager(region: String, credentials: any CredentialProvider, identity: MountIdentity) throws
        -> any SecretsManagerAPI
    {
        try SecretsManagerClient(
            region: region,
            credentials: credentials,
            runtime: self.runtime,
            retryQuota: identity.retryQuotaScope
        )
    }

    /// A client on the shared runtime.
    public func parameterStore(region: String, credentials: any CredentialProvider, identity: MountIdentity) throws
        -> any ParameterStoreAPI
    {
        try ParameterStoreClient(
            region: region,
            credentials: credentials,
            runtime: self.runtime,
            retryQuota: identity.retryQuotaScope
        )
    }

    /// A client on the shared runtime.
    public func certificateManager(region: String, credentials: any CredentialProvider, identity: MountIdentity)
        throws -> any CertificateManagerAPI
    {
        try CertificateManagerClient(
            region: region,
            credentials: credentials,
            runtime: self.runtime,
            retryQuota: identity.retryQuotaScope
        )
    }

    /// A web identity provider calling STS in `region`.
    public func webIdentityCredentials(
        roleArn: String,
        region: String,
        identity: MountIdentity,
        token: @escaping @Sendable () -> String
    ) throws -> any CredentialProvider {
        try WebIdentityCredentialProvider(
            roleArn: roleArn,
            roleSessionName: Self.roleSessionName,
            region: region,
            runtime: self.runtime,
            retryQuota: identity.retryQuotaScope,
            logger: self.logger,
            token: token
        )
    }

    /// A chained provider whose session is named after the pod's service account, and whose refusals say what to
    /// fix.
    public func assumeRoleCredentials(
        _ assumeRole: AssumeRoleRequest,
        regions: [String],
        base: any CredentialProvider,
        identity: MountIdentity
    ) throws -> any CredentialProvider {
        AssumeRoleRefusals(
            provider: try AssumeRoleCredentialProvider(
                roleArn: assumeRole.roleArn,
                roleSessionName: identity.roleSessionName,
                externalId: assumeRole.externalId,
                durationSeconds: assumeRole.durationSeconds,
                regions: regions,
                runtime: self.runtime,
                base: base,
                retryQuota: identity.retryQuotaScope,
                logger: self.logger
            ),
            identity: identity
        )
    }

    /// A Pod Identity provider with the mount's address preference.
    public func podIdentityCredentials(
        addressPreference: PodIdentityCredentialProvider.AddressPreference,
        identity: MountIdentity,
        token: @escaping @Sendable () -> String
    ) throws -> any CredentialProvider {
        var configuration = self.podIdentity
        configuration.addressPreference = addressPreference
        return try PodIdentityCredentialProvider(
            configuration: configuration,
            runtime: self.runtime,
            retryQuota: identity.retryQuotaScope,
            logger: self.logger,
            token: token
        )
    }
}

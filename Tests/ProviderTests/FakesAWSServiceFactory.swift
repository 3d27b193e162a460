// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import AWSSigV4
import SecretProviderClass
import Synchronization

@testable import Provider

/// A credential source that hands out fixed keys, counts how often it is asked, and can be told to fail (as STS or
/// the Pod Identity agent refusing the token).
final class FakeCredentialProvider: CredentialProvider {
    /// Names the source in the fakes' call logs: `web#1`, `pod#2`.
    let label: String
    /// The token a fetch would present now.
    let token: @Sendable () -> String
    private let state = Mutex((calls: 0, error: AWSError?.none))

    /// Creates a source.
    init(label: String, token: @escaping @Sendable () -> String = { "" }) {
        self.label = label
        self.token = token
    }

    /// How many times credentials were asked for.
    var calls: Int {
        self.state.withLock { $0.calls }
    }

    /// Makes every later request for credentials fail with `error` (nil to stop).
    func fail(with error: AWSError?) {
        self.state.withLock { $0.error = error }
    }

    func credentials() async throws -> AWSCredentials {
        let error = self.state.withLock { state -> AWSError? in
            state.calls += 1
            return state.error
        }
        if let error {
            throw error
        }
        return AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    }
}

/// The ``AWSServiceFactory`` of the tests: hands out the in-memory regions' clients and makes
/// ``FakeCredentialProvider``s, recording each one it makes with what it was made for.
final class FakeAWSServiceFactory: AWSServiceFactory {
    /// One credential source made.
    enum Made: Sendable, Hashable {
        case webIdentity(roleArn: String, region: String, token: String)
        case podIdentity(PodIdentityCredentialProvider.AddressPreference, token: String)
        /// `base` is the label of the pod's source that assumes the role.
        case assumeRole(roleArn: String, regions: [String], base: String)
    }

    private struct State {
        var made: [(Made, FakeCredentialProvider)] = []
        var clientsMade = 0
        var credentialsError: AWSError?
        var providerError: AWSError?
        var assumeRoleRuntime: AWSClientRuntime?
    }

    /// The Secrets Manager of each region.
    let secretsManagers: [String: FakeSecretsManager]
    /// The Parameter Store of each region.
    let parameterStores: [String: FakeParameterStore]
    /// The Certificate Manager of each region.
    let certificateManagers: [String: FakeCertificateManager]
    private let state = Mutex(State())

    /// Creates empty regions; `probe` (if any) is shared by all, to see calls of different regions overlap.
    init(regions: [String] = ["us-east-1", "us-west-2", "eu-west-1"], probe: ConcurrencyProbe? = nil) {
        self.secretsManagers = Dictionary(
            uniqueKeysWithValues: regions.map { ($0, FakeSecretsManager(region: $0, probe: probe)) }
        )
        self.parameterStores = Dictionary(
            uniqueKeysWithValues: regions.map { ($0, FakeParameterStore(region: $0, probe: probe)) }
        )
        self.certificateManagers = Dictionary(
            uniqueKeysWithValues: regions.map { ($0, FakeCertificateManager(region: $0)) }
        )
    }

    /// The Secrets Manager of `region` (which must be one of the fake's).
    func sm(_ region: String) -> FakeSecretsManager {
        self.secretsManagers[region]!
    }

    /// The Parameter Store of `region` (which must be one of the fake's).
    func ssm(_ region: String) -> FakeParameterStore {
        self.parameterStores[region]!
    }

    /// Every credential source made, in order.
    var made: [Made] {
        self.state.withLock { $0.made.map(\.0) }
    }

    /// The sources themselves, in the order made.
    var providers: [FakeCredentialProvider] {
        self.state.withLock { $0.made.map(\.1) }
    }

    /// How many AWS clients were made.
    var clientsMade: Int {
        self.state.withLock { $0.clientsMade }
    }

    /// Every AWS call received in any region (Secrets Manager calls and Parameter Store batches).
    var totalCalls: Int {
        self.secretsManagers.values.map(\.calls.count).reduce(0, +)
            + self.parameterStores.values.map { $0.batches.count + $0.pathPages.count }.reduce(0, +)
            + self.certificateManagers.values.map(\.calls.count).reduce(0, +)
    }

    /// Makes the factory refuse to make credential sources (nil to stop).
    func failCredentials(with error: AWSError?) {
        self.state.withLock { $0.credentialsError = error }
    }

    /// Makes the credential sources made from now on fail when asked for credentials, as STS or the agent refusing
    /// the token would (nil to stop).
    func failNewProviders(with error: AWSError?) {
        self.state.withLock { $0.providerError = error }
    }

    func secretsManager(region: String, credentials: any CredentialProvider, identity: MountIdentity) throws
        -> any SecretsManagerAPI
    {
        guard let backend = self.secretsManagers[region] else { throw Self.unknown(region) }
        self.state.withLock { $0.clientsMade += 1 }
        return backend.client(credentials: credentials)
    }

    func parameterStore(region: String, credentials: any CredentialProvider, identity: MountIdentity) throws
        -> any ParameterStoreAPI
    {
        guard let backend = self.parameterStores[region] else { throw Self.unknown(region) }
        self.state.withLock { $0.clientsMade += 1 }
        return backend.client(credentials: credentials)
    }

    func certificateManager(region: String, credentials: any CredentialProvider, identity: MountIdentity) throws
        -> any CertificateManagerAPI
    {
        guard let backend = self.certificateManagers[region] else { throw Self.unknown(region) }
        self.state.withLock { $0.clientsMade += 1 }
        return backend.client()
    }

    /// The Certificate Manager of `region` (which must be one of the fake's).
    func acm(_ region: String) -> FakeCertificateManager {
        self.certificateManagers[region]!
    }

    func webIdentityCredentials(
        roleArn: String,
        region: String,
        identity: MountIdentity,
        token: @escaping @Sendable () -> String
    ) throws -> any CredentialProvider {
        try self.make(.webIdentity(roleArn: roleArn, region: region, token: token()), prefix: "web", token: token)
    }

    func podIdentityCredentials(
        addressPreference: PodIdentityCredentialProvider.AddressPreference,
        identity: MountIdentity,
        token: @escaping @Sendable () -> String
    ) throws -> any CredentialProvider {
        try self.make(.podIdentity(addressPreference, token: token()), prefix: "pod", token: token)
    }

    /// Makes chained sources from now on real ``AssumeRoleCredentialProvider``s calling STS through `runtime` (its
    /// transport and clock), still recorded in ``made``.
    func assumeRolesThrough(_ runtime: AWSClientRuntime) {
        self.state.withLock { $0.assumeRoleRuntime = runtime }
    }

    func assumeRoleCredentials(
        _ assumeRole: AssumeRoleRequest,
        regions: [String],
        base: any CredentialProvider,
        identity: MountIdentity
    ) throws -> any CredentialProvider {
        let label = (base as? FakeCredentialProvider)?.label ?? "\(type(of: base))"
        let made = try self.make(
            .assumeRole(roleArn: assumeRole.roleArn, regions: regions, base: label),
            prefix: "assume"
        )
        guard let runtime = self.state.withLock({ $0.assumeRoleRuntime }) else { return made }
        return try AssumeRoleCredentialProvider(
            roleArn: assumeRole.roleArn,
            roleSessionName: identity.roleSessionName,
            externalId: assumeRole.externalId,
            durationSeconds: assumeRole.durationSeconds,
            regions: regions,
            runtime: runtime,
            base: base
        )
    }

    private func make(_ made: Made, prefix: String, token: @escaping @Sendable () -> String = { "" }) throws
        -> FakeCredentialProvider
    {
        try self.state.withLock { state in
            if let error = state.credentialsError {
                throw error
            }
            let provider = FakeCredentialProvider(label: "\(prefix)#\(state.made.count + 1)", token: token)
            provider.fail(with: state.providerError)
            state.made.append((made, provider))
            return provider
        }
    }

    private static func unknown(_ region: String) -> AWSError {
        AWSError(code: .invalidConfiguration, message: "no endpoint is known for region \(region)")
    }
}

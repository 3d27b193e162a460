// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Logging
import Synchronization

/// An in-memory Secrets Manager for one region: secrets with versions and staging labels, errors injected per
/// operation (optionally per secret), and a log of every call with the credential source that signed it.
///
/// Clients for the provider come from ``client(credentials:)``; each call first asks its credential source for
/// credentials, as signing does, so a failing ``FakeCredentialProvider`` fails the call.
final class FakeSecretsManager: Sendable {
    /// The operations of ``SecretsManagerAPI``.
    enum Operation: Sendable, Hashable {
        case getSecretValue, describeSecret, batchGetSecretValue, filteredBatch
    }

    /// One call as received.
    enum Call: Sendable, Hashable {
        case getSecretValue(GetSecretValueRequest)
        case describeSecret(String)
        case batchGetSecretValue([String])
        /// `BatchGetSecretValue` with a `name` filter, and the page's token.
        case filteredBatch(String, String?)

        var operation: Operation {
            switch self {
            case .getSecretValue: .getSecretValue
            case .describeSecret: .describeSecret
            case .batchGetSecretValue: .batchGetSecretValue
            case .filteredBatch: .filteredBatch
            }
        }
    }

    /// One stored version.
    struct Version: Sendable {
        var id: String
        var contents: SecretContents
        var stages: [String]
    }

    fileprivate struct Secret: Sendable {
        var name: String
        var arn: String
        var versions: [Version]
    }

    fileprivate struct Failure: Sendable {
        var operation: Operation
        var secretId: String?
        var error: AWSError
    }

    fileprivate struct State: Sendable {
        var secrets: [String: Secret] = [:]
        var failures: [Failure] = []
        var calls: [(call: Call, signer: String)] = []
    }

    /// The region served.
    let region: String
    /// Counts calls in flight when set (shared between regions to show they are asked at once).
    let probe: ConcurrencyProbe?
    /// How long each call takes when ``probe`` is set.
    let hold: Duration
    private let state = Mutex(State())

    /// Creates an empty region.
    init(region: String, probe: ConcurrencyProbe? = nil, hold: Duration = .milliseconds(100)) {
        self.region = region
        self.probe = probe
        self.hold = hold
    }

    /// The secret's ARN in this region.
    func arn(of name: String) -> String {
        "arn:aws:secretsmanager:\(self.region):123456789012:secret:\(name)-AbCdEf"
    }

    /// Adds a new version of `name` holding `value`; the stages move to it from older versions, and the version
    /// that held `AWSCURRENT` gets `AWSPREVIOUS`, as rotation does.
    func put(_ name: String, _ value: String, version: String, stages: [String] = ["AWSCURRENT"]) {
        self.put(name, .string(value), version: version, stages: stages)
    }

    /// Adds a new version with any contents; see ``put(_:_:version:stages:)``.
    func put(_ name: String, _ contents: SecretContents, version: String, stages: [String] = ["AWSCURRENT"]) {
        self.state.withLock { state in
            var secret = state.secrets[name] ?? Secret(name: name, arn: self.arn(of: name), versions: [])
            let movesCurrent = stages.contains("AWSCURRENT")
            for index in secret.versions.indices {
                let wasCurrent = secret.versions[index].stages.contains("AWSCURRENT")
                secret.versions[index].stages.removeAll { stages.contains($0) || (movesCurrent && $0 == "AWSPREVIOUS") }
                if movesCurrent && wasCurrent {
                    secret.versions[index].stages.append("AWSPREVIOUS")
                }
            }
            secret.versions.append(Version(id: version, contents: contents, stages: stages))
            state.secrets[name] = secret
        }
    }

    /// Makes `operation` fail with `error`, for `secretId` only or for every secret.
    func fail(_ operation: Operation, secretId: String? = nil, with error: AWSError) {
        self.state.withLock { $0.failures.append(Failure(operation: operation, secretId: secretId, error: error)) }
    }

    /// Every call received, in order.
    var calls: [Call] {
        self.state.withLock { $0.calls.map(\.call) }
    }

    /// The label of the credential source that signed each call.
    var signers: [String] {
        self.state.withLock { $0.calls.map(\.signer) }
    }

    /// How many calls of `operation` were received.
    func count(_ operation: Operation) -> Int {
        self.calls.filter { $0.operation == operation }.count
    }

    /// A client of this region signing with `credentials`.
    func client(credentials: any CredentialProvider) -> any SecretsManagerAPI {
        Client(backend: self, credentials: credentials)
    }

    private struct Client: SecretsManagerAPI {
        let backend: FakeSecretsManager
        let credentials: any CredentialProvider

        var region: String { self.backend.region }

        func getSecretValue(_ request: GetSecretValueRequest, deadline: ContinuousClock.Instant, logger: Logger?)
            async throws -> SecretValue
        {
            try await self.backend.serve(.getSecretValue(request), secretId: request.secretId, signer: self.credentials)
            {
                try $0.value(request, region: self.backend.region)
            }
        }

        func describeSecret(secretId: String, deadline: ContinuousClock.Instant, logger: Logger?) async throws
            -> SecretDescription
        {
            try await self.backend.serve(.describeSecret(secretId), secretId: secretId, signer: self.credentials) {
                let secret = try $0.secret(secretId, operation: "DescribeSecret", region: self.backend.region)
                return SecretDescription(
                    name: secret.name,
                    arn: secret.arn,
                    versionIdsToStages: Dictionary(uniqueKeysWithValues: secret.versions.map { ($0.id, $0.stages) })
                )
            }
        }

        func batchGetSecretValue(secretIds: [String], deadline: ContinuousClock.Instant, logger: Logger?)
            async throws -> BatchGetSecretValueResult
        {
            try await self.backend.serve(.batchGetSecretValue(secretIds), secretId: nil, signer: self.credentials) {
                state in
                var result = BatchGetSecretValueResult(values: [], errors: [])
                for id in secretIds {
                    // As AWS does, a secret the identity may not read (or any per-secret failure injected for
                    // GetSecretValue) comes back as an error entry of the batch.
                    if let failure = state.failures.first(where: {
                        $0.operation == .getSecretValue && ($0.secretId == nil || $0.secretId == id)
                    }) {
                        result.errors.append(BatchSecretValueError(secretId: id, error: failure.error))
                        continue
                    }
                    do {
                        result.values.append(
                            try state.value(GetSecretValueRequest(secretId: id), region: self.backend.region)
                        )
                    } catch let error as AWSError {
                        result.errors.append(BatchSecretValueError(secretId: id, error: error))
                    }
                }
                return result
            }
        }

        func batchGetSecretValue(
            nameFilter: String,
            nextToken: String?,
            deadline: ContinuousClock.Instant,
            logger: Logger?
        ) async throws -> SecretValuesPage {
            try await self.backend.serve(.filteredBatch(nameFilter, nextToken), secretId: nil, signer: self.credentials)
            {
                FakeSecretsManager.page($0, filter: nameFilter, nextToken: nextToken, region: self.backend.region)
            }
        }
    }

    /// One page of 20 of the secrets AWS's `name` filter finds: names that start with it, or have a word that
    /// does, ignoring case (broader than a prefix); the token is the position of the next page. A secret with an
    /// injected `GetSecretValue` failure comes back as an error entry.
    fileprivate static func page(_ state: State, filter: String, nextToken: String?, region: String) -> SecretValuesPage
    {
        let wanted = filter.lowercased()
        let names = state.secrets.keys.sorted().filter { name in
            let lowered = name.lowercased()
            return lowered.hasPrefix(wanted)
                || lowered.split(whereSeparator: { "/_+=.@-".contains($0) }).contains { $0.hasPrefix(wanted) }
        }
        let start = Int(nextToken ?? "0") ?? 0
        let end = min(start + SecretsManagerClient.filterPageLimit, names.count)
        var page = SecretValuesPage(values: [], errors: [], nextToken: end < names.count ? String(end) : nil)
        for name in names[start..<end] {
            if let failure = state.failures.first(where: { $0.operation == .getSecretValue && $0.secretId == name }) {
                page.errors.append(BatchSecretValueError(secretId: name, error: failure.error))
            } else if let value = try? state.value(GetSecretValueRequest(secretId: name), region: region) {
                page.values.append(value)
            }
        }
        return page
    }

    /// Removes `name`.
    func delete(_ name: String) {
        _ = self.state.withLock { $0.secrets.removeValue(forKey: name) }
    }

    /// Logs the call, signs it, waits as configured, then answers from the state or with an injected error.
    private func serve<T: Sendable>(
        _ call: Call,
        secretId: String?,
        signer: any CredentialProvider,
        _ answer: @Sendable (State) throws -> T
    ) async throws -> T {
        let label = (signer as? FakeCredentialProvider)?.label ?? "\(type(of: signer))"
        self.state.withLock { $0.calls.append((call, label)) }
        _ = try await signer.credentials()
        func respond() throws -> T {
            let state = self.state.withLock { $0 }
            if let failure = state.failures.first(where: {
                $0.operation == call.operation && ($0.secretId == nil || $0.secretId == secretId)
            }) {
                throw failure.error
            }
            return try answer(state)
        }
        if let probe = self.probe {
            return try await probe.measure(hold: self.hold, respond)
        }
        return try respond()
    }
}

extension FakeSecretsManager.State {
    fileprivate func secret(_ id: String, operation: String, region: String) throws -> FakeSecretsManager.Secret {
        guard let secret = self.secrets[id] ?? self.secrets.values.first(where: { $0.arn == id }) else {
            throw AWSError(
                code: .notFound,
                message: "Secrets Manager \(operation) in \(region): Secrets Manager can't find the specified secret "
                    + "\(id).",
                service: "secretsmanager",
                operation: operation,
                region: region,
                httpStatus: 400,
                awsErrorCode: "ResourceNotFoundException"
            )
        }
        return secret
    }

    fileprivate func value(_ request: GetSecretValueRequest, region: String) throws -> SecretValue {
        let secret = try self.secret(request.secretId, operation: "GetSecretValue", region: region)
        let stage = request.versionStage ?? (request.versionId == nil ? "AWSCURRENT" : nil)
        let version = secret.versions.last { version in
            (request.versionId.map { $0 == version.id } ?? true) && (stage.map(version.stages.contains) ?? true)
        }
        guard let version else {
            throw AWSError(
                code: .notFound,
                message: "Secrets Manager GetSecretValue in \(region): Secrets Manager can't find the specified "
                    + "secret value for VersionId \(request.versionId ?? "-") / VersionStage \(stage ?? "-") of "
                    + "\(request.secretId).",
                service: "secretsmanager",
                operation: "GetSecretValue",
                region: region,
                httpStatus: 400,
                awsErrorCode: "ResourceNotFoundException"
            )
        }
        return SecretValue(
            name: secret.name,
            arn: secret.arn,
            versionId: version.id,
            versionStages: version.stages,
            contents: version.contents
        )
    }
}

extension AWSError {
    /// A fake AWS error of `code` for the injected failures; the message names the code so tests can find it.
    static func fake(_ code: AWSError.Code, _ detail: String = "") -> AWSError {
        AWSError(
            code: code,
            message: "injected \(code) failure\(detail.isEmpty ? "" : ": \(detail)")",
            httpStatus: code == .serverFault ? 500 : 400
        )
    }
}

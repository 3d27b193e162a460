// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Logging
import SecretProviderClass

/// Fetches Secrets Manager values in one region for one identity: the current versions of several secrets with one
/// `BatchGetSecretValue` when the identity's role allows it (else `GetSecretValue` each, and the refusal is
/// remembered), other versions and labels with `GetSecretValue`.
struct SecretsManagerFetcher: Sendable {
    /// The stage read when an object names neither a version nor a label.
    static let defaultStage = "AWSCURRENT"

    let client: any SecretsManagerAPI
    let identity: MountIdentity
    let permissions: BatchPermissions
    let metrics: ProviderMetrics
    /// The most calls made at once when falling back to one call per secret.
    let maximumConcurrency: Int
    let logger: Logger

    /// Whether `reference` reads the current version, which `BatchGetSecretValue` returns.
    static func readsCurrent(_ reference: ObjectReference) -> Bool {
        reference.version == nil && (reference.versionLabel ?? Self.defaultStage) == Self.defaultStage
    }

    /// One `GetSecretValue` for `reference`'s version, label or current version.
    func fetch(_ reference: ObjectReference, deadline: ContinuousClock.Instant) async -> RegionResult {
        let request = GetSecretValueRequest(
            secretId: reference.name,
            versionId: reference.version,
            versionStage: reference.versionLabel
        )
        return await self.get(request, deadline: deadline)
    }

    private func get(_ request: GetSecretValueRequest, deadline: ContinuousClock.Instant) async -> RegionResult {
        do {
            let value = try await self.client.getSecretValue(request, deadline: deadline, logger: self.logger)
            return .success(FetchedValue(bytes: value.contents.bytes, version: value.versionId, region: self.region))
        } catch {
            return .failure(FetchFailure(error, region: self.region))
        }
    }

    /// The current version of each of `references` (at most ``SecretsManagerClient/batchLimit`` names), by name.
    ///
    /// One `BatchGetSecretValue` for two or more names while the identity may batch; `GetSecretValue` each for a
    /// single name, after a refusal (`AccessDenied` for the whole call, remembered for the identity), and for any
    /// name the batch answered neither with a value nor an error.
    func fetchCurrent(_ references: [ObjectReference], deadline: ContinuousClock.Instant) async
        -> [String: RegionResult]
    {
        var names: [String] = []
        for reference in references where !names.contains(reference.name) {
            names.append(reference.name)
        }
        guard names.count > 1, !self.permissions.isRefused(self.identity) else {
            return await self.fetchEach(names, deadline: deadline)
        }
        let batch: BatchGetSecretValueResult
        do {
            batch = try await self.client.batchGetSecretValue(secretIds: names, deadline: deadline, logger: self.logger)
        } catch let error as AWSError where error.code == .accessDenied {
            if self.permissions.refuse(self.identity) {
                self.metrics.batchFallback()
                self.logger.notice(
                    """
                    BatchGetSecretValue is denied for this identity; using GetSecretValue per secret. Allow \
                    secretsmanager:BatchGetSecretValue to save calls.
                    """,
                    metadata: ["identity": "\(self.identity)", "aws.region": "\(self.region)"]
                )
            }
            return await self.fetchEach(names, deadline: deadline)
        } catch {
            let failure = FetchFailure(error, region: self.region)
            return Dictionary(uniqueKeysWithValues: names.map { ($0, .failure(failure)) })
        }
        var results: [String: RegionResult] = [:]
        var unanswered: [String] = []
        for name in names {
            if let value = batch.values.first(where: { Self.answers($0, name) }) {
                results[name] = .success(
                    FetchedValue(bytes: value.contents.bytes, version: value.versionId, region: self.region)
                )
            } else if let entry = batch.errors.first(where: { $0.secretId == name }) {
                results[name] = .failure(FetchFailure(entry.error, region: self.region))
            } else {
                unanswered.append(name)
            }
        }
        return results.merging(await self.fetchEach(unanswered, deadline: deadline)) { batched, _ in batched }
    }

    /// Every secret whose name starts with `wildcard`'s prefix, exactly, with its current value:
    /// `BatchGetSecretValue` with a `name` filter, every page, whose broader answer (any case, any word) is
    /// filtered again. A secret that matches but cannot be read fails the listing; a refusal of the call names the
    /// permissions a wildcard needs, and nothing falls back to other calls.
    func list(_ listing: WildcardListing, deadline: ContinuousClock.Instant) async -> RegionResult {
        var listing = listing
        let wildcard = listing.wildcard
        let denied =
            "Secrets Manager BatchGetSecretValue with a name filter in \(self.region), for the wildcard "
            + "\(UserText.shown(wildcard.pattern)), was denied: a wildcard needs secretsmanager:ListSecrets and "
            + "secretsmanager:BatchGetSecretValue on \"*\", and secretsmanager:GetSecretValue on the secrets it matches"
        return await listing.run(denied: denied) { token in
            let page = try await self.client.batchGetSecretValue(
                nameFilter: wildcard.prefix,
                nextToken: token,
                deadline: deadline,
                logger: self.logger
            )
            return ListingPage(
                values: page.values.map {
                    MatchedValue(name: $0.name, bytes: $0.contents.bytes, version: $0.versionId)
                },
                unreadable: page.errors.map {
                    (Self.secretName(of: $0.secretId), FetchFailure($0.error, region: self.region))
                },
                nextToken: page.nextToken
            )
        }
    }

    /// The secret name of a secret ID: the name itself, or the name in a secret's ARN (without the six random
    /// characters AWS appends).
    static func secretName(of secretId: String) -> String {
        guard let arn = AmazonResourceName(secretId), let name = arn.secretsManagerSecretName else {
            return secretId
        }
        return arn.hasSecretsManagerSuffix ? String(name.dropLast(7)) : name
    }

    /// Whether `value` is the answer for the secret ID `name`: its name, its ARN, or its ARN without the six
    /// random characters AWS appends (a partial ARN).
    static func answers(_ value: SecretValue, _ name: String) -> Bool {
        name == value.name || name == value.arn
            || (name.hasPrefix("arn:") && value.arn.count == name.count + 7 && value.arn.hasPrefix(name + "-"))
    }

    private var region: String {
        self.client.region
    }

    private func fetchEach(_ names: [String], deadline: ContinuousClock.Instant) async -> [String: RegionResult] {
        let results = await concurrentMap(names, limit: self.maximumConcurrency) { name in
            (name, await self.get(GetSecretValueRequest(secretId: name), deadline: deadline))
        }
        return Dictionary(results) { first, _ in first }
    }
}

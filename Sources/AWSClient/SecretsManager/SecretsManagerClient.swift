// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import Logging

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The Secrets Manager operations the provider uses, as a seam for fakes.
public protocol SecretsManagerAPI: Sendable {
    /// The region called.
    var region: String { get }

    /// Reads one version of a secret (`secretsmanager:GetSecretValue`).
    func getSecretValue(
        _ request: GetSecretValueRequest,
        deadline: ContinuousClock.Instant,
        logger: Logger?
    ) async throws -> SecretValue

    /// Reads which versions carry which staging labels (`secretsmanager:DescribeSecret`).
    func describeSecret(secretId: String, deadline: ContinuousClock.Instant, logger: Logger?) async throws
        -> SecretDescription

    /// Reads the current version of up to 20 secrets in one call (`secretsmanager:BatchGetSecretValue`).
    func batchGetSecretValue(
        secretIds: [String],
        deadline: ContinuousClock.Instant,
        logger: Logger?
    ) async throws -> BatchGetSecretValueResult

    /// Reads one page of the current versions of the secrets a `name` filter finds
    /// (`secretsmanager:BatchGetSecretValue` with `Filters`, which needs `secretsmanager:ListSecrets` too).
    func batchGetSecretValue(
        nameFilter: String,
        nextToken: String?,
        deadline: ContinuousClock.Instant,
        logger: Logger?
    ) async throws -> SecretValuesPage
}

/// A client of AWS Secrets Manager in one region, for one identity.
///
/// ```swift
/// let client = try SecretsManagerClient(region: "us-east-1", credentials: provider, runtime: runtime)
/// let value = try await client.getSecretValue(
///     GetSecretValueRequest(secretId: "db-password", versionStage: "AWSCURRENT"),
///     deadline: .now + .seconds(10)
/// )
/// ```
public struct SecretsManagerClient: SecretsManagerAPI {
    /// The most secret IDs one `BatchGetSecretValue` call takes.
    public static let batchLimit = 20

    private let json: JSONProtocol

    /// The region called.
    public var region: String {
        self.json.region
    }

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - region: The region, such as `us-east-1`.
    ///   - credentials: The identity to sign with.
    ///   - runtime: The shared transport, configuration and retry quotas.
    ///   - retryQuota: Whose retry quota the calls' retries spend (with this region and service); `.shared` by
    ///     default, for callers that act for one identity.
    /// - Throws: ``AWSError`` if the region is invalid or the endpoint configuration does not resolve.
    public init(
        region: String,
        credentials: any CredentialProvider,
        runtime: AWSClientRuntime,
        retryQuota: RetryQuotaScope = .shared
    ) throws(AWSError) {
        self.json = try JSONProtocol(
            service: .secretsManager,
            targetPrefix: "secretsmanager",
            region: region,
            credentials: credentials,
            runtime: runtime,
            retryQuota: retryQuota
        )
    }

    /// Reads one version of a secret: by version ID, by staging label, or `AWSCURRENT` when neither is given.
    ///
    /// - Parameters:
    ///   - request: The secret and version.
    ///   - deadline: When to give up, retries included.
    ///   - logger: Where to log at debug and trace level; `nil` for no logging.
    /// - Returns: The value, with its version ID and staging labels.
    /// - Throws: ``AWSError`` (``AWSError/Code/invalidRequest`` before any call for an empty ID) or
    ///   `CancellationError`.
    public func getSecretValue(
        _ request: GetSecretValueRequest,
        deadline: ContinuousClock.Instant,
        logger: Logger? = nil
    ) async throws -> SecretValue {
        try Self.validate(secretIds: [request.secretId], operation: "GetSecretValue", limit: 1)
        let wire: WireSecretValue = try await self.json.call(
            "GetSecretValue",
            input: WireGetSecretValueInput(
                SecretId: request.secretId,
                VersionId: request.versionId,
                VersionStage: request.versionStage
            ),
            resource: Self.describe(request),
            deadline: deadline,
            logger: logger ?? .awsClientDisabled
        )
        return try wire.secretValue(operation: "GetSecretValue", region: self.region)
    }

    /// Reads which versions of a secret carry which staging labels, without reading a value.
    ///
    /// - Parameters:
    ///   - secretId: The secret's name or ARN.
    ///   - deadline: When to give up, retries included.
    ///   - logger: Where to log at debug and trace level; `nil` for no logging.
    /// - Returns: The name, ARN and staging labels.
    /// - Throws: ``AWSError`` or `CancellationError`.
    public func describeSecret(
        secretId: String,
        deadline: ContinuousClock.Instant,
        logger: Logger? = nil
    ) async throws -> SecretDescription {
        try Self.validate(secretIds: [secretId], operation: "DescribeSecret", limit: 1)
        let wire: WireSecretDescription = try await self.json.call(
            "DescribeSecret",
            input: WireSecretIdInput(SecretId: secretId),
            resource: "secret '\(secretId)'",
            deadline: deadline,
            logger: logger ?? .awsClientDisabled
        )
        guard let name = wire.Name, let arn = wire.ARN else {
            throw WireSecretValue.missingFields(operation: "DescribeSecret", region: self.region)
        }
        return SecretDescription(name: name, arn: arn, versionIdsToStages: wire.VersionIdsToStages ?? [:])
    }

    /// Reads the current version of up to 20 secrets, following `NextToken` until AWS has answered for all.
    ///
    /// Secrets that cannot be read come back in ``BatchGetSecretValueResult/errors`` with their own classified
    /// error; the call itself fails only when AWS refuses it as a whole.
    ///
    /// - Parameters:
    ///   - secretIds: One to 20 secret names or ARNs.
    ///   - deadline: When to give up, all pages and retries included.
    ///   - logger: Where to log at debug and trace level; `nil` for no logging.
    /// - Returns: The values read and the per-secret errors.
    /// - Throws: ``AWSError`` (``AWSError/Code/invalidRequest`` before any call for no IDs, more than 20, or an
    ///   empty one) or `CancellationError`.
    public func batchGetSecretValue(
        secretIds: [String],
        deadline: ContinuousClock.Instant,
        logger: Logger? = nil
    ) async throws -> BatchGetSecretValueResult {
        try Self.validate(secretIds: secretIds, operation: "BatchGetSecretValue", limit: Self.batchLimit)
        let resource = "secrets " + secretIds.map { "'\($0)'" }.joined(separator: ", ")
        var result = BatchGetSecretValueResult(values: [], errors: [])
        var nextToken: String?
        var seenTokens: Set<String> = []
        repeat {
            let page: WireBatchGetSecretValueOutput = try await self.json.call(
                "BatchGetSecretValue",
                input: WireBatchGetSecretValueInput(SecretIdList: secretIds, NextToken: nextToken),
                resource: resource,
                deadline: deadline,
                logger: logger ?? .awsClientDisabled
            )
            for wire in page.SecretValues ?? [] {
                result.values.append(try wire.secretValue(operation: "BatchGetSecretValue", region: self.region))
            }
            for entry in page.Errors ?? [] {
                result.errors.append(self.batchError(entry))
            }
            // A token seen before would loop for ever; AWS never sends one, but the deadline should not be the guard.
            nextToken = page.NextToken.flatMap { $0.isEmpty || !seenTokens.insert($0).inserted ? nil : $0 }
        } while nextToken != nil
        return result
    }

    /// The most secrets one `BatchGetSecretValue` page with filters holds.
    public static let filterPageLimit = 20

    /// Reads one page (at most ``filterPageLimit``) of the current versions of the secrets whose names AWS's `name`
    /// filter matches: a prefix match that ignores case and also matches words of the name, so the caller filters
    /// the answer again for what it means.
    ///
    /// - Parameters:
    ///   - nameFilter: The filter value, such as `prod/app/`.
    ///   - nextToken: The previous page's token; nil for the first page.
    ///   - deadline: When to give up, retries included.
    ///   - logger: Where to log at debug and trace level; `nil` for no logging.
    /// - Returns: The page's values, the secrets it could not read, and the next page's token.
    /// - Throws: ``AWSError`` (``AWSError/Code/invalidRequest`` before any call for an empty filter) or
    ///   `CancellationError`.
    public func batchGetSecretValue(
        nameFilter: String,
        nextToken: String?,
        deadline: ContinuousClock.Instant,
        logger: Logger? = nil
    ) async throws -> SecretValuesPage {
        try Self.validate(secretIds: [nameFilter], operation: "BatchGetSecretValue", limit: 1)
        let page: WireBatchGetSecretValueOutput = try await self.json.call(
            "BatchGetSecretValue",
            input: WireBatchGetSecretValueFilterInput(
                Filters: [WireFilter(Key: "name", Values: [nameFilter])],
                MaxResults: Self.filterPageLimit,
                NextToken: nextToken
            ),
            resource: "secrets whose names match '\(nameFilter)'",
            deadline: deadline,
            logger: logger ?? .awsClientDisabled
        )
        var result = SecretValuesPage(
            values: [],
            errors: [],
            nextToken: page.NextToken.flatMap { $0.isEmpty ? nil : $0 }
        )
        for wire in page.SecretValues ?? [] {
            result.values.append(try wire.secretValue(operation: "BatchGetSecretValue", region: self.region))
        }
        result.errors = (page.Errors ?? []).map(self.batchError)
        return result
    }

    private func batchError(_ entry: WireBatchError) -> BatchSecretValueError {
        let secretId = entry.SecretId ?? ""
        let operation = AWSOperation(
            service: .secretsManager,
            name: "BatchGetSecretValue",
            region: self.region,
            resource: "secret '\(secretId)'",
            iamAction: "secretsmanager:GetSecretValue"
        )
        let error = AWSErrorClassifier.error(
            awsCode: entry.ErrorCode,
            awsMessage: entry.Message,
            httpStatus: nil,
            requestId: nil,
            operation: operation
        )
        return BatchSecretValueError(secretId: secretId, error: error)
    }

    private static func describe(_ request: GetSecretValueRequest) -> String {
        var text = "secret '\(request.secretId)'"
        if let versionId = request.versionId {
            text += " version '\(versionId)'"
        }
        if let stage = request.versionStage {
            text += " stage '\(stage)'"
        }
        return text
    }

    /// Checks the IDs of one call before any I/O.
    static func validate(secretIds: [String], operation: String, limit: Int) throws(AWSError) {
        let problem: String? =
            if secretIds.isEmpty {
                "needs at least one secret ID"
            } else if secretIds.count > limit {
                "takes at most \(limit) secret IDs, not \(secretIds.count)"
            } else if secretIds.contains(where: \.isEmpty) {
                "needs non-empty secret IDs"
            } else {
                nil
            }
        if let problem {
            throw AWSError(
                code: .invalidRequest,
                message: "Secrets Manager \(operation) \(problem).",
                service: AWSService.secretsManager.signingName,
                operation: operation
            )
        }
    }
}

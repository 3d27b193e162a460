// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import Logging

/// The SSM Parameter Store operation the provider uses, as a seam for fakes.
public protocol ParameterStoreAPI: Sendable {
    /// The region called.
    var region: String { get }

    /// Reads up to 10 parameters, decrypted, in one call (`ssm:GetParameters`).
    func getParameters(
        _ selectors: [ParameterSelector],
        deadline: ContinuousClock.Instant,
        logger: Logger?
    ) async throws -> GetParametersResult

    /// Reads one page of the parameters under a path, decrypted (`ssm:GetParametersByPath`).
    func getParametersByPath(
        _ path: String,
        recursive: Bool,
        nextToken: String?,
        deadline: ContinuousClock.Instant,
        logger: Logger?
    ) async throws -> ParametersPage
}

/// A client of AWS Systems Manager Parameter Store in one region, for one identity.
///
/// ```swift
/// let client = try ParameterStoreClient(region: "us-east-1", credentials: provider, runtime: runtime)
/// let result = try await client.getParameters(
///     [ParameterSelector(name: "/app/db-host"), ParameterSelector(name: "/app/key", version: 3)],
///     deadline: .now + .seconds(10)
/// )
/// ```
public struct ParameterStoreClient: ParameterStoreAPI {
    /// The most names one `GetParameters` call takes.
    public static let batchLimit = 10

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
            service: .ssm,
            targetPrefix: "AmazonSSM",
            region: region,
            credentials: credentials,
            runtime: runtime,
            retryQuota: retryQuota
        )
    }

    /// Reads up to 10 parameters with `WithDecryption` on, so SecureString values come back as plain text.
    ///
    /// Names that do not exist, and versions or labels that do not, come back in
    /// ``GetParametersResult/invalidParameters`` (as the selector strings sent) rather than failing the call.
    ///
    /// - Parameters:
    ///   - selectors: One to 10 names, each optionally with a version or label.
    ///   - deadline: When to give up, retries included.
    ///   - logger: Where to log at debug and trace level; `nil` for no logging.
    /// - Returns: The parameters found and the selectors that were not.
    /// - Throws: ``AWSError`` (``AWSError/Code/invalidRequest`` before any call for no selectors, more than 10, or
    ///   an empty name) or `CancellationError`.
    public func getParameters(
        _ selectors: [ParameterSelector],
        deadline: ContinuousClock.Instant,
        logger: Logger? = nil
    ) async throws -> GetParametersResult {
        try Self.validate(selectors)
        let names = selectors.map(\.description)
        let output: WireGetParametersOutput = try await self.json.call(
            "GetParameters",
            input: WireGetParametersInput(Names: names, WithDecryption: true),
            resource: "parameters " + names.map { "'\($0)'" }.joined(separator: ", "),
            deadline: deadline,
            logger: logger ?? .awsClientDisabled
        )
        return GetParametersResult(
            parameters: try self.parameters(output.Parameters, operation: "GetParameters"),
            invalidParameters: output.InvalidParameters ?? []
        )
    }

    /// The most parameters one `GetParametersByPath` page holds.
    public static let pageLimit = 10

    /// Reads one page (at most ``pageLimit``) of the parameters under `path`, with `WithDecryption` on.
    ///
    /// AWS may answer a page with fewer parameters than the limit, even none, and still a `NextToken`: the caller
    /// follows tokens until there is none.
    ///
    /// - Parameters:
    ///   - path: The hierarchy, such as `/app/prod` (`/` for the root).
    ///   - recursive: Every level below the path (true), or only the first one.
    ///   - nextToken: The previous page's token; nil for the first page.
    ///   - deadline: When to give up, retries included.
    ///   - logger: Where to log at debug and trace level; `nil` for no logging.
    /// - Returns: The page's parameters and the next page's token.
    /// - Throws: ``AWSError`` (``AWSError/Code/invalidRequest`` before any call for a path that does not start with
    ///   `/`) or `CancellationError`.
    public func getParametersByPath(
        _ path: String,
        recursive: Bool,
        nextToken: String?,
        deadline: ContinuousClock.Instant,
        logger: Logger? = nil
    ) async throws -> ParametersPage {
        guard path.hasPrefix("/") else {
            throw AWSError(
                code: .invalidRequest,
                message: "SSM Parameter Store GetParametersByPath needs a path that starts with \"/\".",
                service: AWSService.ssm.signingName,
                operation: "GetParametersByPath"
            )
        }
        let output: WireGetParametersByPathOutput = try await self.json.call(
            "GetParametersByPath",
            input: WireGetParametersByPathInput(
                Path: path,
                Recursive: recursive,
                WithDecryption: true,
                MaxResults: Self.pageLimit,
                NextToken: nextToken
            ),
            resource: "path '\(path)'",
            deadline: deadline,
            logger: logger ?? .awsClientDisabled
        )
        return ParametersPage(
            parameters: try self.parameters(output.Parameters, operation: "GetParametersByPath"),
            nextToken: output.NextToken.flatMap { $0.isEmpty ? nil : $0 }
        )
    }

    private func parameters(_ wires: [WireParameter]?, operation: String) throws(AWSError) -> [Parameter] {
        var parameters: [Parameter] = []
        for wire in wires ?? [] {
            guard let name = wire.Name, let value = wire.Value, let version = wire.Version else {
                throw AWSError(
                    code: .invalidResponse,
                    message: "SSM Parameter Store \(operation) in \(self.region) answered a parameter without a "
                        + "name, value or version.",
                    service: AWSService.ssm.signingName,
                    operation: operation,
                    region: self.region
                )
            }
            parameters.append(
                Parameter(
                    name: name,
                    value: value,
                    version: version,
                    arn: wire.ARN,
                    selector: wire.Selector,
                    type: wire.Type_
                )
            )
        }
        return parameters
    }

    /// Checks the selectors of one call before any I/O.
    static func validate(_ selectors: [ParameterSelector]) throws(AWSError) {
        let problem: String? =
            if selectors.isEmpty {
                "needs at least one parameter name"
            } else if selectors.count > Self.batchLimit {
                "takes at most \(Self.batchLimit) parameter names, not \(selectors.count)"
            } else if selectors.contains(where: { $0.name.isEmpty }) {
                "needs non-empty parameter names"
            } else if selectors.contains(where: { $0.label?.isEmpty ?? false }) {
                "needs non-empty labels"
            } else {
                nil
            }
        if let problem {
            throw AWSError(
                code: .invalidRequest,
                message: "SSM Parameter Store GetParameters \(problem).",
                service: AWSService.ssm.signingName,
                operation: "GetParameters"
            )
        }
    }
}

/// `GetParameters` input.
private struct WireGetParametersInput: Encodable {
    var Names: [String]
    var WithDecryption: Bool
}

/// One parameter of `GetParameters` output (the fields used). Property names are the wire names.
private struct WireParameter: Decodable {
    var Name: String?
    var Value: String?
    var Version: Int?
    var ARN: String?
    var Selector: String?
    var Type_: String?

    enum CodingKeys: String, CodingKey {
        case Name, Value, Version, ARN, Selector
        case Type_ = "Type"
    }
}

/// `GetParameters` output.
private struct WireGetParametersOutput: Decodable {
    var Parameters: [WireParameter]?
    var InvalidParameters: [String]?
}

/// `GetParametersByPath` input.
private struct WireGetParametersByPathInput: Encodable {
    var Path: String
    var Recursive: Bool
    var WithDecryption: Bool
    var MaxResults: Int
    var NextToken: String?
}

/// `GetParametersByPath` output.
private struct WireGetParametersByPathOutput: Decodable {
    var Parameters: [WireParameter]?
    var NextToken: String?
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Logging

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The AWS JSON 1.1 protocol for one service in one region: `POST /` with `Content-Type:
/// application/x-amz-json-1.1` and `X-Amz-Target: <prefix>.<Operation>`, a JSON body, signed with SigV4.
///
/// Every JSON operation of ``SecretsManagerClient``, ``ParameterStoreClient`` and ``CertificateManagerClient`` goes
/// through ``call(_:input:resource:deadline:logger:)``.
struct JSONProtocol: Sendable {
    /// The service called.
    let service: AWSService
    /// The `X-Amz-Target` prefix, such as `secretsmanager` or `AmazonSSM`.
    let targetPrefix: String
    /// The region called.
    let region: String
    /// Where requests go.
    let endpoint: AWSEndpoint
    private let runtime: AWSClientRuntime
    private let signing: RequestSigning
    private let retryQuota: RetryQuotaScope

    /// Resolves the endpoint and the signer of `service` in `region`; retries spend the quota of `retryQuota`.
    ///
    /// - Throws: ``AWSError`` if the region is invalid or the endpoint configuration does not resolve.
    init(
        service: AWSService,
        targetPrefix: String,
        region: String,
        credentials: any CredentialProvider,
        runtime: AWSClientRuntime,
        retryQuota: RetryQuotaScope
    ) throws(AWSError) {
        self.service = service
        self.targetPrefix = targetPrefix
        self.region = region
        self.endpoint = try runtime.endpoint(for: service, region: region)
        self.runtime = runtime
        self.retryQuota = retryQuota
        self.signing = RequestSigning(
            signer: try runtime.signer(for: service, region: region),
            credentials: credentials
        )
    }

    /// Calls operation `name` with `input` and decodes the answer.
    ///
    /// - Parameters:
    ///   - name: The operation, such as `GetSecretValue`; the IAM action is `<signing name>:<name>`.
    ///   - input: The request body.
    ///   - resource: What the call is about, for messages, such as `secret 'db-password'`.
    ///   - deadline: When to give up.
    ///   - logger: Where to log.
    /// - Returns: The decoded answer.
    /// - Throws: ``AWSError`` or `CancellationError`.
    func call<Input: Encodable, Output: Decodable>(
        _ name: String,
        input: Input,
        resource: String,
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async throws -> Output {
        let operation = AWSOperation(
            service: self.service,
            name: name,
            region: self.region,
            resource: resource,
            iamAction: "\(self.service.signingName):\(name)"
        )
        let body: Data
        do {
            let encoder = JSONEncoder()
            // Stable, readable bodies: the same input always signs the same bytes.
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            body = try encoder.encode(input)
        } catch {
            throw operation.error(.invalidRequest, "\(operation.summary) could not be encoded as JSON.")
        }
        let request = AWSRequest(
            method: "POST",
            endpoint: self.endpoint,
            headers: [
                AWSHTTPHeader(name: "Content-Type", value: "application/x-amz-json-1.1"),
                AWSHTTPHeader(name: "X-Amz-Target", value: "\(self.targetPrefix).\(name)"),
            ],
            body: Array(body)
        )
        let response = try await self.runtime.send(
            request,
            operation: operation,
            signing: self.signing,
            retryQuota: self.retryQuota,
            deadline: deadline,
            logger: logger
        )
        do {
            return try JSONDecoder().decode(Output.self, from: Data(response.body))
        } catch {
            throw operation.error(
                .invalidResponse,
                "\(operation.summary) got an answer that is not the expected JSON\(Self.location(of: error)).",
                httpStatus: response.status,
                requestId: response.requestId
            )
        }
    }

    /// Where decoding failed (` at Parameters.0.Value`), without the value, which may be secret.
    private static func location(of error: any Error) -> String {
        let path: [any CodingKey]
        switch error as? DecodingError {
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        default:
            return ""
        }
        guard !path.isEmpty else { return "" }
        return " at " + path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}

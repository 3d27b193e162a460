// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// Decides the ``AWSError/Code`` of an AWS error code and HTTP status, and writes the actionable message.
enum AWSErrorClassifier {
    /// The throttling codes of the AWS SDKs' standard retry mode.
    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    /// The transient codes of the standard retry mode: the server timed out waiting for the request.
    static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException"]
    /// Codes meaning the signature, the credentials or the web identity token were rejected.
    static let credentialCodes: Set<String> = [
        "SignatureDoesNotMatch", "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException",
        "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignature",
        "MissingAuthenticationToken", "MissingAuthenticationTokenException", "InvalidAccessKeyId", "AuthFailure",
        "InvalidIdentityToken", "IDPRejectedClaim",
    ]
    /// Codes meaning the web identity token itself was refused (rather than the request's signature).
    static let webIdentityTokenCodes: Set<String> = ["InvalidIdentityToken", "IDPRejectedClaim", "ExpiredToken"]
    /// Codes meaning the identity lacks a permission.
    static let accessDeniedCodes: Set<String> = [
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedException", "NotAuthorized",
    ]
    /// Codes meaning the resource, version, stage or label does not exist.
    static let notFoundCodes: Set<String> = [
        "ResourceNotFoundException", "ParameterNotFound", "ParameterVersionNotFound", "NoSuchEntity",
    ]

    /// The code for an AWS error code and HTTP status. Without a status (a BatchGetSecretValue entry), unknown codes
    /// are client faults unless they name an internal failure.
    static func code(awsCode: String?, httpStatus: Int?, awsMessage: String?) -> AWSError.Code {
        let awsCode = awsCode ?? ""
        if Self.throttlingCodes.contains(awsCode) || httpStatus == 429 {
            return .throttled
        }
        if Self.transientCodes.contains(awsCode) {
            return .timeout
        }
        if Self.credentialCodes.contains(awsCode) {
            return .credentials
        }
        if Self.isKMSFailure(awsCode: awsCode, awsMessage: awsMessage) || Self.accessDeniedCodes.contains(awsCode) {
            return .accessDenied
        }
        if Self.notFoundCodes.contains(awsCode) {
            return .notFound
        }
        switch httpStatus {
        case .some(500...):
            return .serverFault
        case .some(400..<500):
            return .clientFault
        case .some:
            return .invalidResponse
        case nil:
            return awsCode.contains("Internal") || awsCode.contains("Unavailable") ? .serverFault : .clientFault
        }
    }

    /// Whether the error is the KMS key refusing to decrypt: `DecryptionFailure`, a `KMS…` code, or an access denial
    /// whose message mentions KMS.
    static func isKMSFailure(awsCode: String, awsMessage: String?) -> Bool {
        if awsCode == "DecryptionFailure" || awsCode.hasPrefix("KMS") {
            return true
        }
        return Self.accessDeniedCodes.contains(awsCode) && (awsMessage?.lowercased().contains("kms") ?? false)
    }

    /// The error for what AWS answered to `operation`, with an actionable message.
    ///
    /// - Parameters:
    ///   - awsCode: The AWS error code, if any.
    ///   - awsMessage: The AWS message, if any.
    ///   - httpStatus: The HTTP status, or `nil` for a per-item error inside a successful answer.
    ///   - requestId: The AWS request ID, if any.
    ///   - operation: The call that failed.
    static func error(
        awsCode: String?,
        awsMessage: String?,
        httpStatus: Int?,
        requestId: String?,
        operation: AWSOperation
    ) -> AWSError {
        var code = Self.code(awsCode: awsCode, httpStatus: httpStatus, awsMessage: awsMessage)
        if operation.service == .eksPodIdentityAgent && code.isClientFault {
            // Whatever the agent's own code, a refusal means this service account gets no credentials.
            code = .credentials
        }
        let explanation = Self.explanation(code: code, awsCode: awsCode ?? "", awsMessage: awsMessage, operation)
        return operation.error(
            code,
            explanation + Self.awsDetail(awsCode, awsMessage, httpStatus, requestId),
            httpStatus: httpStatus,
            awsErrorCode: awsCode,
            requestId: requestId
        )
    }

    private static func explanation(
        code: AWSError.Code,
        awsCode: String,
        awsMessage: String?,
        _ operation: AWSOperation
    ) -> String {
        let summary = operation.summary
        switch code {
        case .throttled:
            return "\(summary) was throttled by AWS; it was retried as far as the deadline and retry budget allowed."
        case .timeout:
            return "\(summary) timed out on the AWS side; it was retried as far as the deadline allowed."
        case .credentials where Self.webIdentityTokenCodes.contains(awsCode) && operation.service == .sts:
            return "\(summary) failed: STS rejected the service account token (\(awsCode)). Check that the token "
                + "audience is sts.amazonaws.com, that the cluster's OIDC provider is registered in IAM, and that "
                + "the role's trust policy allows sts:AssumeRoleWithWebIdentity for this service account."
        case .credentials where operation.service == .eksPodIdentityAgent:
            return "\(summary) failed: the agent refused the service account token. Check that an EKS Pod "
                + "Identity association exists for this service account, that the token audience is "
                + "pods.eks.amazonaws.com, and that the role's trust policy allows pods.eks.amazonaws.com "
                + "(sts:AssumeRole and sts:TagSession)."
        case .credentials:
            return "\(summary) failed: AWS rejected the request's credentials (\(awsCode)). The access key, secret "
                + "access key or session token is wrong or has expired."
        case .accessDenied where Self.isKMSFailure(awsCode: awsCode, awsMessage: awsMessage):
            return "\(summary) failed: the value could not be decrypted with its KMS key. Allow `kms:Decrypt` on "
                + "that key for the caller's IAM role, in both the role's policy and the key policy."
        case .accessDenied:
            let action = operation.iamAction.map { "`\($0)`" } ?? "the required permission"
            return "\(summary) was denied: the caller's IAM role needs \(action) on \(operation.resource) "
                + "(in its IAM policy, and in the resource policy if one is attached)."
        case .notFound:
            return "\(summary) failed: it does not exist. Check the name or ARN, the version or label, and the region."
        case .serverFault:
            return "\(summary) failed with an AWS server error; it was retried as far as the deadline allowed."
        case .clientFault:
            return "\(summary) was rejected by AWS as invalid."
        default:
            return "\(summary) got an unexpected answer from AWS."
        }
    }

    private static func awsDetail(_ code: String?, _ message: String?, _ status: Int?, _ requestId: String?) -> String {
        var parts: [String] = []
        switch (code, message) {
        case (let code?, let message?):
            parts.append("AWS said \(code): \(message)")
        case (let code?, nil):
            parts.append("AWS said \(code)")
        case (nil, let message?):
            parts.append("AWS said: \(message)")
        case (nil, nil):
            break
        }
        if let status {
            parts.append("HTTP \(status)")
        }
        if let requestId {
            parts.append("request ID \(requestId)")
        }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: "; ") + ")"
    }
}

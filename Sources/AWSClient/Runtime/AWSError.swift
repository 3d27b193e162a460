// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// An error raised by an AWS call, a credential source or the client configuration, with a stable code.
///
/// The ``code`` is stable and safe for logs and metric labels. The ``message`` is a full sentence that names the
/// operation, the resource (secret ID or ARN, parameter name, role ARN) and the region, and for permission problems
/// the IAM action that is missing. Neither ever contains a secret value, a token or a secret key.
///
/// ``isClientFault`` drives failover: a client fault from either region fails the mount, while any other failure
/// lets the other region answer.
public struct AWSError: Error, Sendable, CustomStringConvertible {
    /// A stable, opaque identifier for the kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case invalidConfiguration
            case invalidRequest
            case credentials
            case accessDenied
            case notFound
            case clientFault
            case throttled
            case serverFault
            case timeout
            case network
            case invalidResponse
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// The stable camelCase name of the code, for logs and metric labels.
        public var description: String {
            self.value.rawValue
        }

        /// The client configuration (an endpoint URL, a CA bundle, an environment value) is invalid. Client fault.
        public static let invalidConfiguration = Self(.invalidConfiguration)
        /// The caller passed invalid input (too many IDs, an empty name, a malformed region); no call was made.
        /// Client fault.
        public static let invalidRequest = Self(.invalidRequest)
        /// Credentials could not be obtained, or AWS rejected them (`SignatureDoesNotMatch`, `InvalidClientTokenId`,
        /// `ExpiredToken`, `InvalidIdentityToken`, a Pod Identity agent refusal). Client fault.
        public static let credentials = Self(.credentials)
        /// The caller's identity may not perform the operation on the resource, or may not use its KMS key
        /// (`AccessDeniedException`, `DecryptionFailure`, `KMS.AccessDeniedException`). Client fault.
        public static let accessDenied = Self(.accessDenied)
        /// The secret, version, stage, parameter or label does not exist. Client fault.
        public static let notFound = Self(.notFound)
        /// Any other 4xx answer, such as `ValidationException` or `InvalidRequestException`. Client fault.
        public static let clientFault = Self(.clientFault)
        /// AWS throttled the call (a throttling error code or HTTP 429). Retryable; not a client fault.
        public static let throttled = Self(.throttled)
        /// AWS failed with a 5xx answer. Retryable; not a client fault.
        public static let serverFault = Self(.serverFault)
        /// The call did not complete before its deadline or a transport timeout. Retryable while time remains.
        public static let timeout = Self(.timeout)
        /// The endpoint could not be reached or the connection failed. Retryable; not a client fault.
        public static let network = Self(.network)
        /// AWS answered with a body that could not be understood. Not a client fault.
        public static let invalidResponse = Self(.invalidResponse)

        /// Whether this kind of failure is the caller's fault (a 4xx other than throttling, or invalid input).
        var isClientFault: Bool {
            switch self.value {
            case .invalidConfiguration, .invalidRequest, .credentials, .accessDenied, .notFound, .clientFault:
                true
            case .throttled, .serverFault, .timeout, .network, .invalidResponse:
                false
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// A full sentence naming the operation, the resource, the region and the cause.
    public var message: String
    /// The AWS service, such as `secretsmanager`, `ssm` or `sts`, when the error comes from a call.
    public var service: String?
    /// The operation, such as `GetSecretValue`, when the error comes from a call.
    public var operation: String?
    /// The region of the call, when the error comes from a call.
    public var region: String?
    /// The HTTP status of the answer, if one arrived.
    public var httpStatus: Int?
    /// The AWS error code, such as `ResourceNotFoundException` (the part of `__type` after `#`, or the XML `Code`).
    public var awsErrorCode: String?
    /// The AWS request ID (`x-amzn-RequestId` header or XML `RequestId`), for AWS support cases.
    public var requestId: String?
    /// The underlying error, such as a transport failure.
    public var cause: (any Error)?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: A full sentence that never contains a secret value or token.
    ///   - service: The AWS service, if the error comes from a call.
    ///   - operation: The operation, if the error comes from a call.
    ///   - region: The region of the call, if any.
    ///   - httpStatus: The HTTP status of the answer, if one arrived.
    ///   - awsErrorCode: The AWS error code, if AWS sent one.
    ///   - requestId: The AWS request ID, if AWS sent one.
    ///   - cause: The underlying error, if any.
    public init(
        code: Code,
        message: String,
        service: String? = nil,
        operation: String? = nil,
        region: String? = nil,
        httpStatus: Int? = nil,
        awsErrorCode: String? = nil,
        requestId: String? = nil,
        cause: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.service = service
        self.operation = operation
        self.region = region
        self.httpStatus = httpStatus
        self.awsErrorCode = awsErrorCode
        self.requestId = requestId
        self.cause = cause
    }

    /// Whether the failure is the caller's fault: invalid input or configuration, rejected credentials, access
    /// denied, not found, or another 4xx answer. Throttling, 5xx, timeouts and network failures are not.
    ///
    /// With a failover region, a client fault from either region fails the mount; any other failure lets the
    /// other region answer.
    public var isClientFault: Bool {
        self.code.isClientFault
    }

    /// The error in the form `code: "message" (cause: …)`.
    public var description: String {
        var text = "\(self.code): \"\(self.message)\""
        if let cause = self.cause {
            text += " (cause: \(cause))"
        }
        return text
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// An error raised by the Kubernetes client or its configuration, with a stable code.
///
/// The ``code`` is stable and safe for logs and metric labels. The ``message`` is a full sentence that names the
/// object (`serviceaccount "default/app"`) or the configuration field and file at fault; for a 403 it carries the API
/// server's own explanation, which names the missing RBAC permission. No message ever contains a bearer token.
public struct KubernetesError: Error, Sendable, CustomStringConvertible {
    /// A stable, opaque identifier for the kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case invalidConfiguration
            case unauthorized
            case forbidden
            case notFound
            case serverError
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

        /// The configuration (kubeconfig, in-cluster environment, CA, token file) or the caller's input (an empty
        /// or unusable object name) is invalid; no request was made.
        public static let invalidConfiguration = Self(.invalidConfiguration)
        /// The API server rejected the bearer token (HTTP 401).
        public static let unauthorized = Self(.unauthorized)
        /// The client's identity may not read the object (HTTP 403); the message names the missing permission.
        public static let forbidden = Self(.forbidden)
        /// The object does not exist (HTTP 404).
        public static let notFound = Self(.notFound)
        /// The API server failed (5xx) or kept throttling (429) after the retries the deadline allowed.
        public static let serverError = Self(.serverError)
        /// The call did not complete before its deadline, including time spent waiting for the client's rate limit.
        public static let timeout = Self(.timeout)
        /// The API server could not be reached or the connection failed (including TLS failures).
        public static let network = Self(.network)
        /// The API server answered with an unexpected status or a body that could not be understood.
        public static let invalidResponse = Self(.invalidResponse)
    }

    /// The kind of failure.
    public var code: Code
    /// A full sentence naming the object or configuration field and the cause.
    public var message: String
    /// The HTTP status of the answer, if one arrived.
    public var httpStatus: Int?
    /// The object the call was about, as `<resource>/<namespace>/<name>` (`serviceaccounts/default/app`) or
    /// `nodes/<name>`, when the error comes from a call.
    public var resource: String?
    /// The underlying error, such as a transport or file-system failure.
    public var cause: (any Error)?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: A full sentence that never contains a token.
    ///   - httpStatus: The HTTP status of the answer, if one arrived.
    ///   - resource: The object the call was about, if any.
    ///   - cause: The underlying error, if any.
    public init(
        code: Code,
        message: String,
        httpStatus: Int? = nil,
        resource: String? = nil,
        cause: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.resource = resource
        self.cause = cause
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

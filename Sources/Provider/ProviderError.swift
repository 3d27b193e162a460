// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// The error of a failed mount: a stable code and a message naming every input or object at fault.
///
/// The message never contains a secret value or a token. `ProviderServer` alone turns the code into a gRPC status.
public struct ProviderError: Error, Sendable, CustomStringConvertible {
    /// A stable, opaque error code, usable as a log field or a metric label.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: String, Hashable, Sendable {
            case invalidRequest
            case permissionDenied
            case notFound
            case deadlineExceeded
            case kubernetesFailed
            case fetchFailed
            case writeFailed
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// The request, its SecretProviderClass or its target path is invalid, a secret's value does not fit its
        /// `jmesPath`, or the files would exceed a mount's limits (`--max-mount-bytes` and the like).
        public static let invalidRequest = Code(.invalidRequest)

        /// AWS or Kubernetes refused the pod's identity: access denied, a rejected token, no role for the service
        /// account.
        public static let permissionDenied = Code(.permissionDenied)

        /// A secret, parameter, version or label does not exist.
        public static let notFound = Code(.notFound)

        /// The request's deadline passed before the work finished.
        public static let deadlineExceeded = Code(.deadlineExceeded)

        /// A Kubernetes lookup (service account, pod, node) failed for another reason.
        public static let kubernetesFailed = Code(.kubernetesFailed)

        /// An AWS call failed for another reason: throttling, a server fault, the network.
        public static let fetchFailed = Code(.fetchFailed)

        /// The files could not be written into the pod's volume, or a mounted file could not be read back (an
        /// invalid target path is ``invalidRequest``).
        public static let writeFailed = Code(.writeFailed)

        /// The stable camelCase name of the code.
        public var description: String {
            self.wrapped.rawValue
        }
    }

    /// What kind of error this is.
    public var code: Code

    /// A full sentence naming the input at fault.
    public var message: String

    /// The underlying error, if any.
    public var cause: (any Error)?

    /// What a failed mount had read of its request (pod, namespace, object count), for the request's log line; nil
    /// when it failed before.
    public var summary: RequestSummary?

    /// Creates an error.
    public init(code: Code, message: String, cause: (any Error)? = nil, summary: RequestSummary? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
        self.summary = summary
    }

    /// `code: "message" (cause: …)`.
    public var description: String {
        var text = "\(self.code): \"\(self.message)\""
        if let cause = self.cause {
            text += " (cause: \(cause))"
        }
        return text
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// An error raised by the mount logic, with a stable code and a message that names the input at fault.
///
/// The gRPC layer maps each ``Code`` to a status code in exactly one place; the message is shown to users in pod
/// events, so it never contains a secret value or a token.
public struct ProviderError: Error, Sendable, CustomStringConvertible {
    /// A stable, opaque error code, usable as a log field or a metric label.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: String, Hashable, Sendable {
            case notImplemented
            case deadlineExceeded
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// The operation is not implemented by this build of the provider.
        public static let notImplemented = Code(.notImplemented)

        /// The request's deadline passed before the work finished.
        public static let deadlineExceeded = Code(.deadlineExceeded)

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

    /// Creates an error.
    public init(code: Code, message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
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

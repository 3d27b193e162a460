// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// An error raised when a request, a set of credentials or a signer configuration cannot be signed.
///
/// The ``code`` is stable and safe to use in logs and metric labels. The ``message`` is a full sentence that names
/// the input at fault. Neither ever contains a secret access key, a session token or a header value.
public struct SigV4Error: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, opaque identifier for the kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case invalidScope
            case invalidCredentials
            case invalidMethod
            case invalidPath
            case invalidHeader
            case missingHost
            case invalidPayloadHash
            case invalidDate
            case invalidExpiration
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// The stable camelCase name of the code, for logs and metric labels.
        public var description: String {
            self.value.rawValue
        }

        /// The region or service name is empty or contains characters that cannot appear in a credential scope.
        public static let invalidScope = Self(.invalidScope)
        /// The access key ID or secret access key is empty or malformed.
        public static let invalidCredentials = Self(.invalidCredentials)
        /// The HTTP method is empty or is not an HTTP token.
        public static let invalidMethod = Self(.invalidMethod)
        /// The request path is not empty and does not start with `/`.
        public static let invalidPath = Self(.invalidPath)
        /// A header name is not an HTTP token, or a header value contains a forbidden control character.
        public static let invalidHeader = Self(.invalidHeader)
        /// The request has no `Host` header, which SigV4 always signs.
        public static let missingHost = Self(.missingHost)
        /// A precomputed payload hash is not 64 hexadecimal digits.
        public static let invalidPayloadHash = Self(.invalidPayloadHash)
        /// The signing date is not a finite time between 1970 and the end of year 9999.
        public static let invalidDate = Self(.invalidDate)
        /// A presigned URL's lifetime is outside the range AWS accepts.
        public static let invalidExpiration = Self(.invalidExpiration)
    }

    /// The kind of failure.
    public let code: Code
    /// A sentence that describes the failure and names the input at fault.
    public let message: String

    init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The error in the form `code: "message"`.
    public var description: String {
        "\(self.code): \"\(self.message)\""
    }
}

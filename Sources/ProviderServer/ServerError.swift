// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// An error of the server layer: bad configuration or a socket that cannot be served.
public struct ServerError: Error, Sendable, CustomStringConvertible {
    /// A stable, opaque error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: String, Hashable, Sendable {
            case invalidConfiguration
            case socketUnavailable
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// A configuration value (a flag) is invalid; the message names the flag.
        public static let invalidConfiguration = Code(.invalidConfiguration)

        /// The Unix socket could not be created, bound or served; the message names the path.
        public static let socketUnavailable = Code(.socketUnavailable)

        /// The stable camelCase name of the code.
        public var description: String {
            self.wrapped.rawValue
        }
    }

    /// What kind of error this is.
    public var code: Code

    /// A full sentence naming the input at fault.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `code: "message"`.
    public var description: String {
        "\(self.code): \"\(self.message)\""
    }
}

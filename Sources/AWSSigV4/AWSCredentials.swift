// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// AWS credentials that sign requests: an access key pair and, for temporary credentials, a session token.
///
/// Printing, interpolating, dumping or reflecting a value never reveals the secret access key or the session token;
/// they appear as `<REDACTED>`.
///
/// ```swift
/// let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret, sessionToken: token)
/// print(credentials)  // AWSCredentials(accessKeyId: AKIDEXAMPLE, secretAccessKey: <REDACTED>, …)
/// ```
public struct AWSCredentials: Sendable, Equatable {
    /// The access key ID, for example `AKIDEXAMPLE` or `ASIA…`. It is not secret and appears in every signature.
    public var accessKeyId: String
    /// The secret access key. Never logged or printed.
    public var secretAccessKey: String
    /// The session token of temporary credentials, or `nil` for long-term keys. An empty token counts as none.
    public var sessionToken: String?
    /// When temporary credentials stop working, if known. The signer does not check it.
    public var expiration: Date?

    /// Creates credentials.
    ///
    /// - Parameters:
    ///   - accessKeyId: The access key ID.
    ///   - secretAccessKey: The secret access key.
    ///   - sessionToken: The session token of temporary credentials, if any.
    ///   - expiration: When the credentials expire, if known.
    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// Checks the credentials and returns the session token to send: `nil` when there is none or it is empty
    /// (botocore treats an empty token the same way).
    ///
    /// - Throws: ``SigV4Error/Code/invalidCredentials`` if a key is empty, or the access key ID or the token holds
    ///   characters that cannot appear in a credential scope or a header.
    func validatedSessionToken() throws(SigV4Error) -> String? {
        guard !self.accessKeyId.isEmpty, !self.secretAccessKey.isEmpty else {
            throw SigV4Error(
                code: .invalidCredentials,
                message: "The access key ID and secret access key must not be empty."
            )
        }
        // The ID is written into `Credential=<id>/<scope>, …`, so separators would corrupt the header. The value is
        // not echoed: a secret key passed by mistake as the ID would otherwise end up in logs.
        for byte in self.accessKeyId.utf8
        where !Self.isVisibleASCII(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ",")
            || byte == UInt8(ascii: "=")
        {
            throw SigV4Error(
                code: .invalidCredentials,
                message: "The access key ID contains whitespace, control characters or one of '/', ',' and '='."
            )
        }
        guard let token = self.sessionToken, !token.isEmpty else { return nil }
        for byte in token.utf8 where !Self.isVisibleASCII(byte) {
            throw SigV4Error(
                code: .invalidCredentials,
                message: "The session token contains whitespace, control characters or non-ASCII characters."
            )
        }
        return token
    }

    private static func isVisibleASCII(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private static let redacted = "<REDACTED>"

    /// A description with the secret access key and session token replaced by `<REDACTED>`.
    public var description: String {
        let token = self.sessionToken == nil ? "nil" : Self.redacted
        let expiration = self.expiration.map { "\($0)" } ?? "nil"
        return "AWSCredentials(accessKeyId: \(self.accessKeyId), secretAccessKey: \(Self.redacted), "
            + "sessionToken: \(token), expiration: \(expiration))"
    }

    /// The same redacted text as ``description``.
    public var debugDescription: String {
        self.description
    }

    /// A mirror with the secrets redacted, so `dump(_:)` and debuggers do not reveal them either.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyId": self.accessKeyId,
                "secretAccessKey": Self.redacted,
                "sessionToken": self.sessionToken == nil ? "nil" : Self.redacted,
                "expiration": self.expiration as Any,
            ],
            displayStyle: .struct
        )
    }
}

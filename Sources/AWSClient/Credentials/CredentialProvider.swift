// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import AWSSigV4

/// A source of AWS credentials for signing requests.
///
/// Implementations that fetch temporary credentials cache them until shortly before they expire and run one fetch
/// at a time however many callers ask at once (see ``WebIdentityCredentialProvider``,
/// ``PodIdentityCredentialProvider`` and ``AssumeRoleCredentialProvider``).
public protocol CredentialProvider: Sendable {
    /// Credentials that are valid now.
    ///
    /// - Throws: ``AWSError`` (usually ``AWSError/Code/credentials``, or the failure of the call that fetches them)
    ///   or `CancellationError`.
    func credentials() async throws -> AWSCredentials
}

/// Fixed credentials, such as long-term keys from `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`.
///
/// The library reads no environment itself; the executable reads the variables and passes the values in.
public struct StaticCredentialProvider: CredentialProvider {
    private let value: AWSCredentials

    /// Provides `credentials` for ever.
    public init(credentials: AWSCredentials) {
        self.value = credentials
    }

    /// Provides the given keys and optional session token for ever.
    ///
    /// - Parameters:
    ///   - accessKeyId: The access key ID.
    ///   - secretAccessKey: The secret access key.
    ///   - sessionToken: The session token of temporary credentials, if any.
    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.value = AWSCredentials(
            accessKeyId: accessKeyId,
            secretAccessKey: secretAccessKey,
            sessionToken: sessionToken
        )
    }

    /// The fixed credentials.
    public func credentials() async throws -> AWSCredentials {
        self.value
    }
}

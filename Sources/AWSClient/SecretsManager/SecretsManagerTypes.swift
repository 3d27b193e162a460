// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// Which secret, and which version of it, `GetSecretValue` reads.
public struct GetSecretValueRequest: Sendable, Hashable {
    /// The secret's name or ARN.
    public var secretId: String
    /// A version ID to read, if pinned.
    public var versionId: String?
    /// A staging label to read, such as `AWSCURRENT`, `AWSPREVIOUS` or a custom label; AWS reads `AWSCURRENT` when
    /// neither a version ID nor a stage is given.
    public var versionStage: String?

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - secretId: The secret's name or ARN.
    ///   - versionId: A version ID, if pinned.
    ///   - versionStage: A staging label, if any.
    public init(secretId: String, versionId: String? = nil, versionStage: String? = nil) {
        self.secretId = secretId
        self.versionId = versionId
        self.versionStage = versionStage
    }
}

/// The contents of a secret version: text (`SecretString`) or bytes (`SecretBinary`).
///
/// Printing, interpolating or dumping the value shows only its kind and size, never the contents.
public enum SecretContents: Sendable, Hashable {
    /// A string secret.
    case string(String)
    /// A binary secret, byte for byte as stored.
    case binary([UInt8])

    /// The bytes to write to a file: the UTF-8 of a string secret, or a binary secret as is.
    public var bytes: [UInt8] {
        switch self {
        case .string(let text):
            Array(text.utf8)
        case .binary(let bytes):
            bytes
        }
    }
}

extension SecretContents: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `<REDACTED string, 12 bytes>`: the kind and size only.
    public var description: String {
        switch self {
        case .string(let text):
            "<REDACTED string, \(text.utf8.count) bytes>"
        case .binary(let bytes):
            "<REDACTED binary, \(bytes.count) bytes>"
        }
    }

    /// The same redacted text as ``description``.
    public var debugDescription: String {
        self.description
    }

    /// A mirror without the contents, so `dump(_:)` and debuggers do not reveal them either.
    public var customMirror: Mirror {
        Mirror(self, children: ["contents": self.description], displayStyle: .enum)
    }
}

/// One version of a secret, as `GetSecretValue` or `BatchGetSecretValue` returns it.
public struct SecretValue: Sendable, Hashable {
    /// The secret's name.
    public var name: String
    /// The secret's ARN.
    public var arn: String
    /// The version ID.
    public var versionId: String
    /// The staging labels attached to this version, such as `AWSCURRENT`.
    public var versionStages: [String]
    /// The value; redacted when printed.
    public var contents: SecretContents

    /// Creates a secret value.
    public init(name: String, arn: String, versionId: String, versionStages: [String], contents: SecretContents) {
        self.name = name
        self.arn = arn
        self.versionId = versionId
        self.versionStages = versionStages
        self.contents = contents
    }
}

/// A secret's metadata from `DescribeSecret`: which versions carry which staging labels.
public struct SecretDescription: Sendable, Hashable {
    /// The secret's name.
    public var name: String
    /// The secret's ARN.
    public var arn: String
    /// Each version ID with its staging labels.
    public var versionIdsToStages: [String: [String]]

    /// Creates a description.
    public init(name: String, arn: String, versionIdsToStages: [String: [String]]) {
        self.name = name
        self.arn = arn
        self.versionIdsToStages = versionIdsToStages
    }

    /// The version that carries `stage` now, if any.
    public func versionId(forStage stage: String) -> String? {
        self.versionIdsToStages.first { $0.value.contains(stage) }?.key
    }
}

/// A secret that `BatchGetSecretValue` could not read.
public struct BatchSecretValueError: Sendable {
    /// The secret ID as requested.
    public var secretId: String
    /// The error, classified and explained as for a single call (``AWSError/awsErrorCode`` holds AWS's
    /// `ErrorCode`, such as `ResourceNotFoundException` or `DecryptionFailure`).
    public var error: AWSError

    /// Creates an entry.
    public init(secretId: String, error: AWSError) {
        self.secretId = secretId
        self.error = error
    }
}

/// What `BatchGetSecretValue` returned over all its pages.
public struct BatchGetSecretValueResult: Sendable {
    /// The secrets read, in AWS's order (which need not be the request's).
    public var values: [SecretValue]
    /// The secrets that could not be read, each with its own error.
    public var errors: [BatchSecretValueError]

    /// Creates a result.
    public init(values: [SecretValue], errors: [BatchSecretValueError]) {
        self.values = values
        self.errors = errors
    }
}

/// One page of `BatchGetSecretValue` with filters.
public struct SecretValuesPage: Sendable {
    /// The secrets read, in AWS's order.
    public var values: [SecretValue]
    /// The secrets the filter found that could not be read, each with its own error.
    public var errors: [BatchSecretValueError]
    /// The next page's token; nil on the last page.
    public var nextToken: String?

    /// Creates a page.
    public init(values: [SecretValue], errors: [BatchSecretValueError], nextToken: String?) {
        self.values = values
        self.errors = errors
        self.nextToken = nextToken
    }
}

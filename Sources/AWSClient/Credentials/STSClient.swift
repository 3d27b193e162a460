// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import AWSSigV4
public import Logging

/// Temporary credentials for an assumed role.
public struct AssumedRoleCredentials: Sendable, Equatable {
    /// The credentials, with session token and expiry; their description redacts the secrets.
    public var credentials: AWSCredentials
    /// The ARN of the assumed-role session, such as `arn:aws:sts::123456789012:assumed-role/app/session`.
    public var assumedRoleArn: String

    /// Creates a value.
    public init(credentials: AWSCredentials, assumedRoleArn: String) {
        self.credentials = credentials
        self.assumedRoleArn = assumedRoleArn
    }
}

/// A client of AWS STS in one region (query protocol), for the one operation the provider needs.
///
/// `AssumeRoleWithWebIdentity` is sent unsigned, as the AWS SDKs send it: the web identity token is the proof.
public struct STSClient: Sendable {
    /// The region called.
    public let region: String
    private let endpoint: AWSEndpoint
    private let runtime: AWSClientRuntime
    private let retryQuota: RetryQuotaScope

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - region: The region whose STS endpoint is called, such as `us-east-1`.
    ///   - runtime: The shared transport, configuration and retry quotas.
    ///   - retryQuota: Whose retry quota the calls' retries spend (with this region and service); `.shared` by
    ///     default, for callers that act for one identity.
    /// - Throws: ``AWSError`` if the region is invalid or the endpoint configuration does not resolve.
    public init(region: String, runtime: AWSClientRuntime, retryQuota: RetryQuotaScope = .shared) throws(AWSError) {
        self.region = region
        self.endpoint = try runtime.endpoint(for: .sts, region: region)
        self.runtime = runtime
        self.retryQuota = retryQuota
    }

    /// Exchanges a web identity token (an EKS service account token) for the role's temporary credentials.
    ///
    /// - Parameters:
    ///   - roleArn: The role to assume.
    ///   - roleSessionName: The session name, 2 to 64 characters of letters, digits and `+=,.@_-`.
    ///   - webIdentityToken: The token; never logged or put in an error.
    ///   - durationSeconds: The session length, if not the role's default.
    ///   - deadline: When to give up, retries included.
    ///   - logger: Where to log at debug and trace level; `nil` for no logging.
    /// - Returns: The credentials and the assumed-role ARN.
    /// - Throws: ``AWSError`` (``AWSError/Code/invalidRequest`` before any call for malformed input) or
    ///   `CancellationError`.
    public func assumeRoleWithWebIdentity(
        roleArn: String,
        roleSessionName: String,
        webIdentityToken: String,
        durationSeconds: Int? = nil,
        deadline: ContinuousClock.Instant,
        logger: Logger? = nil
    ) async throws -> AssumedRoleCredentials {
        try Self.validate(roleArn: roleArn, roleSessionName: roleSessionName, webIdentityToken: webIdentityToken)
        let operation = AWSOperation(
            service: .sts,
            name: "AssumeRoleWithWebIdentity",
            region: self.region,
            resource: "role '\(roleArn)'",
            iamAction: "sts:AssumeRoleWithWebIdentity"
        )
        var form = [
            ("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", roleArn),
            ("RoleSessionName", roleSessionName), ("WebIdentityToken", webIdentityToken),
        ]
        if let durationSeconds {
            form.append(("DurationSeconds", String(durationSeconds)))
        }
        let request = AWSRequest(
            method: "POST",
            endpoint: self.endpoint,
            headers: [AWSHTTPHeader(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array(Self.formEncoded(form).utf8)
        )
        let response = try await self.runtime.send(
            request,
            operation: operation,
            signing: nil,
            retryQuota: self.retryQuota,
            deadline: deadline,
            logger: logger ?? .awsClientDisabled
        )
        guard let result = Self.parse(response.body) else {
            throw operation.error(
                .invalidResponse,
                "\(operation.summary) answered without complete credentials.",
                httpStatus: response.status,
                requestId: response.requestId
            )
        }
        return result
    }

    /// Reads the credentials and assumed-role ARN out of an `AssumeRoleWithWebIdentityResponse` document.
    static func parse(_ body: [UInt8]) -> AssumedRoleCredentials? {
        let document = XMLExtraction(body)
        guard let credentials = document.element("Credentials"),
            let accessKeyId = credentials.text("AccessKeyId"),
            let secretAccessKey = credentials.text("SecretAccessKey"),
            let sessionToken = credentials.text("SessionToken"),
            let expiration = credentials.text("Expiration").flatMap(AWSTimestamp.parse),
            let arn = document.element("AssumedRoleUser")?.text("Arn")
        else { return nil }
        return AssumedRoleCredentials(
            credentials: AWSCredentials(
                accessKeyId: accessKeyId,
                secretAccessKey: secretAccessKey,
                sessionToken: sessionToken,
                expiration: expiration
            ),
            assumedRoleArn: arn
        )
    }

    /// `application/x-www-form-urlencoded` with every byte but `A-Z a-z 0-9 - _ . ~` percent-encoded.
    static func formEncoded(_ fields: [(String, String)]) -> String {
        fields.map { "\(Self.percentEncoded($0.0))=\(Self.percentEncoded($0.1))" }.joined(separator: "&")
    }

    private static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Checks the input before any I/O; the token itself is never echoed.
    static func validate(roleArn: String, roleSessionName: String, webIdentityToken: String) throws(AWSError) {
        let sessionNameCharacters = roleSessionName.allSatisfy { character in
            character.isASCII && (character.isLetter || character.isNumber || "+=,.@_-".contains(character))
        }
        let problem: String? =
            if !roleArn.hasPrefix("arn:") || !roleArn.contains(":role/") {
                "needs a role ARN such as 'arn:aws:iam::123456789012:role/name', not '\(roleArn)'"
            } else if !(2...64).contains(roleSessionName.count) || !sessionNameCharacters {
                "needs a session name of 2 to 64 letters, digits or '+=,.@_-', not '\(roleSessionName)'"
            } else if webIdentityToken.isEmpty {
                "needs a non-empty web identity token"
            } else {
                nil
            }
        if let problem {
            throw AWSError(
                code: .invalidRequest,
                message: "STS AssumeRoleWithWebIdentity \(problem).",
                service: AWSService.sts.signingName,
                operation: "AssumeRoleWithWebIdentity"
            )
        }
    }
}

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

/// A client of AWS STS in one region (query protocol), for the two operations the provider needs.
///
/// `AssumeRoleWithWebIdentity` is sent unsigned, as the AWS SDKs send it: the web identity token is the proof.
/// `AssumeRole` is signed with SigV4 with the caller's own credentials, to chain to a role in another account.
public struct STSClient: Sendable {
    /// The query API version both operations are sent with.
    static let apiVersion = "2011-06-15"

    /// The region called.
    public let region: String
    private let endpoint: AWSEndpoint
    private let signer: SigV4Signer
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
        self.signer = try runtime.signer(for: .sts, region: region)
        self.runtime = runtime
        self.retryQuota = retryQuota
    }

    /// Exchanges a web identity token (an EKS service account token) for the role's temporary credentials.
    ///
    /// - Parameters:
    ///   - roleArn: The role to assume, `arn:<partition>:iam::<account>:role/<path/name>`.
    ///   - roleSessionName: The session name, 2 to 64 characters of letters, digits and `+=,.@_-`.
    ///   - webIdentityToken: The token; never logged or put in an error.
    ///   - durationSeconds: The session length (900 to 43200 seconds), if not the role's default.
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
        try Self.validate(
            "AssumeRoleWithWebIdentity",
            otherProblem: webIdentityToken.isEmpty ? "needs a non-empty WebIdentityToken" : nil,
            roleArn: roleArn,
            partitions: Self.webIdentityPartitions,
            roleSessionName: roleSessionName,
            durationSeconds: durationSeconds
        )
        return try await self.call(
            "AssumeRoleWithWebIdentity",
            roleArn: roleArn,
            roleSessionName: roleSessionName,
            fields: [("WebIdentityToken", webIdentityToken)],
            durationSeconds: durationSeconds,
            signing: nil,
            deadline: deadline,
            logger: logger
        )
    }

    /// Assumes a role (usually in another account) with the caller's own credentials, for chained credentials.
    ///
    /// The request is signed with SigV4 with `credentials`, the identity the role's trust policy must allow
    /// (`sts:AssumeRole`), and carries its session token when it has one.
    ///
    /// ```swift
    /// let assumed = try await sts.assumeRole(
    ///     roleArn: "arn:aws:iam::111122223333:role/shared-secrets-reader",
    ///     roleSessionName: "secrets-store-csi-driver-provider-aws",
    ///     externalId: "tenant-42",
    ///     credentials: podCredentials,
    ///     deadline: .now + .seconds(10)
    /// )
    /// ```
    ///
    /// - Parameters:
    ///   - roleArn: The role to assume, `arn:<partition>:iam::<account>:role/<path/name>` in partition `aws`,
    ///     `aws-cn` or `aws-us-gov`.
    ///   - roleSessionName: The session name, 2 to 64 characters of letters, digits and `+=,.@_-`.
    ///   - externalId: The external ID the role's trust policy asks for, if any: 2 to 1224 characters of letters,
    ///     digits and `_+=,.@:/-`. Never logged or put in an error.
    ///   - durationSeconds: The session length (900 to 43200 seconds), if not the role's default of one hour.
    ///   - credentials: The identity that assumes the role and signs the request (the pod's own credentials).
    ///   - deadline: When to give up, retries included.
    ///   - logger: Where to log at debug and trace level; `nil` for no logging.
    /// - Returns: The role's temporary credentials and the assumed-role ARN.
    /// - Throws: ``AWSError`` (``AWSError/Code/invalidRequest`` before any call for malformed input,
    ///   ``AWSError/Code/accessDenied`` when the trust policy does not allow the caller, or the error of
    ///   `credentials`) or `CancellationError`.
    public func assumeRole(
        roleArn: String,
        roleSessionName: String,
        externalId: String? = nil,
        durationSeconds: Int? = nil,
        credentials: any CredentialProvider,
        deadline: ContinuousClock.Instant,
        logger: Logger? = nil
    ) async throws -> AssumedRoleCredentials {
        try Self.validateAssumeRole(
            roleArn: roleArn,
            roleSessionName: roleSessionName,
            externalId: externalId,
            durationSeconds: durationSeconds
        )
        do {
            return try await self.call(
                "AssumeRole",
                roleArn: roleArn,
                roleSessionName: roleSessionName,
                fields: externalId.map { [("ExternalId", $0)] } ?? [],
                durationSeconds: durationSeconds,
                signing: RequestSigning(signer: self.signer, credentials: credentials),
                deadline: deadline,
                logger: logger
            )
        } catch var error as AWSError {
            // STS may quote a value it rejects in its message; the external ID must not reach a log that way.
            if let externalId, error.message.contains(externalId) {
                error.message = error.message.replacing(externalId, with: "<REDACTED>")
            }
            throw error
        }
    }

    /// Sends one STS operation as a form POST and reads the credentials out of its answer.
    ///
    /// - Parameters:
    ///   - action: The operation, such as `AssumeRole`; the IAM action is `sts:<action>`.
    ///   - roleArn: The role, the first field after `Action` and `Version`.
    ///   - roleSessionName: The session name, the next field.
    ///   - fields: The operation's own fields, sent after the session name.
    ///   - durationSeconds: The session length, sent last if given.
    ///   - signing: How to sign, or `nil` to send unsigned.
    ///   - deadline: When to give up.
    ///   - logger: Where to log.
    private func call(
        _ action: String,
        roleArn: String,
        roleSessionName: String,
        fields: [(String, String)],
        durationSeconds: Int?,
        signing: RequestSigning?,
        deadline: ContinuousClock.Instant,
        logger: Logger?
    ) async throws -> AssumedRoleCredentials {
        let operation = AWSOperation(
            service: .sts,
            name: action,
            region: self.region,
            resource: "role '\(roleArn)'",
            iamAction: "sts:\(action)"
        )
        var form = [
            ("Action", action), ("Version", Self.apiVersion), ("RoleArn", roleArn),
            ("RoleSessionName", roleSessionName),
        ]
        form += fields
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
            signing: signing,
            retryQuota: self.retryQuota,
            deadline: deadline,
            logger: logger ?? .awsClientDisabled
        )
        guard let result = Self.parse(response.body, action: action) else {
            throw operation.error(
                .invalidResponse,
                "\(operation.summary) answered without complete credentials.",
                httpStatus: response.status,
                requestId: response.requestId
            )
        }
        return result
    }

    /// Reads the credentials and assumed-role ARN out of the `<action>Result` of an STS answer, such as the
    /// `AssumeRoleResult` of an `AssumeRoleResponse` or the `AssumeRoleWithWebIdentityResult` of an
    /// `AssumeRoleWithWebIdentityResponse` (both carry the same `Credentials` and `AssumedRoleUser`).
    static func parse(_ body: [UInt8], action: String) -> AssumedRoleCredentials? {
        guard let result = XMLExtraction(body).element(action + "Result"),
            let credentials = result.element("Credentials"),
            let accessKeyId = credentials.text("AccessKeyId"),
            let secretAccessKey = credentials.text("SecretAccessKey"),
            let sessionToken = credentials.text("SessionToken"),
            let expiration = credentials.text("Expiration").flatMap(AWSTimestamp.parse),
            let arn = result.element("AssumedRoleUser")?.text("Arn")
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

    /// Checks the input before any I/O: the fields every operation here sends, then `otherProblem`, the
    /// operation's own (whose message never echoes a token or an external ID).
    ///
    /// - Throws: ``AWSError/Code/invalidRequest`` naming the first field at fault.
    static func validate(
        _ action: String,
        otherProblem: String?,
        roleArn: String,
        partitions: Set<Substring>,
        roleSessionName: String,
        durationSeconds: Int?
    ) throws(AWSError) {
        let problem: String? =
            if !Self.isRoleArn(roleArn, partitions: partitions) {
                "needs a RoleArn of the form 'arn:aws:iam::123456789012:role/name' in partition "
                    + "\(partitions.sorted().joined(separator: ", ")), not '\(roleArn)'"
            } else if !(2...64).contains(roleSessionName.utf8.count)
                || !Self.consists(of: roleSessionName[...], orOf: "+=,.@_-")
            {
                "needs a RoleSessionName of 2 to 64 letters, digits or '+=,.@_-', not '\(roleSessionName)'"
            } else if let durationSeconds, !Self.durationRange.contains(durationSeconds) {
                "needs a DurationSeconds from 900 to 43200, not \(durationSeconds)"
            } else {
                otherProblem
            }
        if let problem {
            throw AWSError(
                code: .invalidRequest,
                message: "STS \(action) \(problem).",
                service: AWSService.sts.signingName,
                operation: action
            )
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Signs requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`) for one region and service.
///
/// The signer is pure: it does no I/O and never reads the clock; the caller passes the signing time. It is a
/// `Sendable` value that can be shared freely; derived signing keys are kept in a ``SigningKeyCache``.
///
/// ```swift
/// let signer = try SigV4Signer(region: "us-east-1", service: "secretsmanager")
/// let body = Array(#"{"SecretId":"db-password"}"#.utf8)
/// let request = SigV4Request(
///     method: "POST",
///     headers: [
///         .init(name: "Host", value: "secretsmanager.us-east-1.amazonaws.com"),
///         .init(name: "Content-Type", value: "application/x-amz-json-1.1"),
///         .init(name: "X-Amz-Target", value: "secretsmanager.GetSecretValue"),
///     ],
///     payload: .bytes(body)
/// )
/// let signed = try signer.sign(request, credentials: credentials, date: clock.now)
/// // Send `signed.headers` (Host, Content-Type, X-Amz-Target, X-Amz-Security-Token, X-Amz-Date, Authorization)
/// // with `body` to https://secretsmanager.us-east-1.amazonaws.com/.
/// ```
public struct SigV4Signer: Sendable {
    /// Choices that differ between services and signing styles. The defaults suit every service except S3.
    public struct Options: Sendable, Hashable {
        /// Whether to remove `.` and `..` segments and repeated slashes from the path before signing.
        /// True for every service except S3.
        public var normalizePath: Bool
        /// Whether to percent-encode the path for the canonical request. The path on the wire is already encoded,
        /// so this is the "double encoding" that every service except S3 expects.
        public var uriEncodePath: Bool
        /// Whether to add and sign `X-Amz-Content-Sha256` carrying the payload hash (header signing only).
        public var addContentSHA256Header: Bool
        /// Whether the session token of temporary credentials is signed (`true`), or only added after signing, as
        /// a few services require (`false`).
        public var signSessionToken: Bool

        /// Creates options; the defaults suit every service except S3.
        ///
        /// - Parameters:
        ///   - normalizePath: Whether to normalize the path.
        ///   - uriEncodePath: Whether to percent-encode the path again.
        ///   - addContentSHA256Header: Whether to add `X-Amz-Content-Sha256`.
        ///   - signSessionToken: Whether to sign the session token.
        public init(
            normalizePath: Bool = true,
            uriEncodePath: Bool = true,
            addContentSHA256Header: Bool = false,
            signSessionToken: Bool = true
        ) {
            self.normalizePath = normalizePath
            self.uriEncodePath = uriEncodePath
            self.addContentSHA256Header = addContentSHA256Header
            self.signSessionToken = signSessionToken
        }
    }

    static let algorithm = "AWS4-HMAC-SHA256"
    static let dateHeader = "X-Amz-Date"
    static let securityTokenHeader = "X-Amz-Security-Token"
    static let contentSHA256Header = "X-Amz-Content-Sha256"
    /// Lower-case names of the headers the signer sets itself; copies in the request are dropped, so that
    /// signing a request again (for a retry) replaces them.
    static let ownedHeaderNames: Set<String> = ["authorization", "x-amz-date", "x-amz-security-token"]

    /// The region of the credential scope, for example `us-east-1`.
    public let region: String
    /// The service of the credential scope, for example `secretsmanager`, `ssm` or `sts`.
    public let service: String
    /// The signing options.
    public let options: Options
    private let keyCache: SigningKeyCache

    /// Creates a signer.
    ///
    /// - Parameters:
    ///   - region: The region to sign for.
    ///   - service: The signing name of the service.
    ///   - options: The signing options.
    ///   - keyCache: Where derived signing keys are kept; pass one cache to several signers to share it.
    /// - Throws: ``SigV4Error/Code/invalidScope`` if the region or service is empty or has characters other than
    ///   ASCII letters, digits, `-`, `_` and `.`.
    public init(
        region: String,
        service: String,
        options: Options = Options(),
        keyCache: SigningKeyCache = SigningKeyCache()
    ) throws(SigV4Error) {
        for (label, value) in [("region", region), ("service", service)] where !Self.isScopeComponent(value) {
            throw SigV4Error(
                code: .invalidScope,
                message: "The \(label) '\(value)' must be non-empty ASCII letters, digits, '-', '_' or '.'."
            )
        }
        self.region = region
        self.service = service
        self.options = options
        self.keyCache = keyCache
    }

    /// Signs `request` with an `Authorization` header.
    ///
    /// The result lists every header to send: the request's own, then `X-Amz-Security-Token` (temporary
    /// credentials), `X-Amz-Date`, `X-Amz-Content-Sha256` (if enabled) and `Authorization`. Any of these that the
    /// request already carried are replaced.
    ///
    /// - Parameters:
    ///   - request: The request to sign; it must have a `Host` header.
    ///   - credentials: The credentials to sign with.
    ///   - date: The signing time, from the caller's clock.
    /// - Returns: The headers to send and the intermediate artefacts.
    /// - Throws: ``SigV4Error`` if the request, credentials or date are invalid.
    public func sign(
        _ request: SigV4Request,
        credentials: AWSCredentials,
        date: Date
    ) throws(SigV4Error) -> SigV4SignedRequest {
        let addsContentHash = self.options.addContentSHA256Header
        let input = try self.validatedInput(
            request,
            credentials: credentials,
            date: date,
            ownedHeaderNames: addsContentHash
                ? Self.ownedHeaderNames.union(["x-amz-content-sha256"]) : Self.ownedHeaderNames
        )
        var headers = input.headers
        if let token = input.sessionToken, self.options.signSessionToken {
            headers.append(.init(name: Self.securityTokenHeader, value: token))
        }
        headers.append(.init(name: Self.dateHeader, value: input.time.dateTime))
        if addsContentHash {
            headers.append(.init(name: Self.contentSHA256Header, value: input.payloadHash))
        }

        let canonical = CanonicalRequest(
            method: request.method,
            uri: self.canonicalURI(of: request),
            queryItems: request.queryItems,
            headers: try CanonicalHeaders(signing: headers),
            payloadHash: input.payloadHash
        )
        let artifacts = self.artifacts(of: canonical, time: input.time, credentials: credentials)
        let authorization =
            "\(Self.algorithm) Credential=\(self.credential(credentials, at: input.time)), "
            + "SignedHeaders=\(artifacts.signedHeaders), Signature=\(artifacts.signature)"

        if let token = input.sessionToken, !self.options.signSessionToken {
            headers.append(.init(name: Self.securityTokenHeader, value: token))
        }
        headers.append(.init(name: "Authorization", value: authorization))
        return SigV4SignedRequest(headers: headers, authorization: authorization, artifacts: artifacts)
    }

    /// The checked inputs that header and query signing share.
    struct SigningInput {
        /// The signing time.
        var time: AmzDate
        /// The session token to send, if any.
        var sessionToken: String?
        /// The payload hash of the canonical request.
        var payloadHash: String
        /// The request's headers, unfolded, without those the signer sets itself.
        var headers: [SigV4Request.Header]
    }

    /// Checks the date, credentials and request, and drops the request headers named in `ownedHeaderNames`
    /// (lower case).
    func validatedInput(
        _ request: SigV4Request,
        credentials: AWSCredentials,
        date: Date,
        ownedHeaderNames: Set<String>
    ) throws(SigV4Error) -> SigningInput {
        let time = try AmzDate(date)
        let sessionToken = try credentials.validatedSessionToken()
        try request.validateRequestLine()
        let payloadHash = try request.payloadHash()
        let headers = try request.validatedHeaders().filter { !ownedHeaderNames.contains($0.name.lowercased()) }
        return SigningInput(time: time, sessionToken: sessionToken, payloadHash: payloadHash, headers: headers)
    }

    /// The canonical URI of the request's path under this signer's options.
    func canonicalURI(of request: SigV4Request) -> String {
        CanonicalRequest.canonicalURI(
            path: request.path,
            normalize: self.options.normalizePath,
            encode: self.options.uriEncodePath
        )
    }

    /// The credential scope for a signing time, `YYYYMMDD/region/service/aws4_request`.
    func credentialScope(at time: AmzDate) -> String {
        "\(time.date)/\(self.region)/\(self.service)/aws4_request"
    }

    /// The credential of `Authorization` and `X-Amz-Credential`: `<access key ID>/<credential scope>`.
    func credential(_ credentials: AWSCredentials, at time: AmzDate) -> String {
        "\(credentials.accessKeyId)/\(self.credentialScope(at: time))"
    }

    /// Tasks 2 to 4: the string to sign and its signature under the (cached) signing key.
    func artifacts(of canonical: CanonicalRequest, time: AmzDate, credentials: AWSCredentials) -> SigV4Artifacts {
        let canonicalRequest = canonical.string
        let scope = self.credentialScope(at: time)
        let stringToSign = [Self.algorithm, time.dateTime, scope, Hashing.sha256Hex(Array(canonicalRequest.utf8))]
            .joined(separator: "\n")
        let key = self.keyCache.signingKey(
            secretAccessKey: credentials.secretAccessKey,
            date: time.date,
            region: self.region,
            service: self.service
        )
        return SigV4Artifacts(
            canonicalRequest: canonicalRequest,
            stringToSign: stringToSign,
            signature: Hashing.hex(Hashing.hmac(stringToSign, key: key)),
            signedHeaders: canonical.headers.signedHeaders,
            credentialScope: scope,
            amzDate: time.dateTime
        )
    }

    private static func isScopeComponent(_ value: String) -> Bool {
        !value.isEmpty
            && value.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                    true
                default:
                    false
                }
            }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// The parts of an HTTP request that SigV4 signs.
///
/// The signer never sends anything: it reads this description and returns the headers or query parameters to add.
///
/// ```swift
/// let request = SigV4Request(
///     method: "POST",
///     headers: [
///         .init(name: "Host", value: "secretsmanager.us-east-1.amazonaws.com"),
///         .init(name: "Content-Type", value: "application/x-amz-json-1.1"),
///         .init(name: "X-Amz-Target", value: "secretsmanager.GetSecretValue"),
///     ],
///     payload: .bytes(Array(#"{"SecretId":"db-password"}"#.utf8))
/// )
/// ```
public struct SigV4Request: Sendable, Hashable {
    /// One header line. A name may occur more than once; the values are then signed in order, joined with `,`.
    public struct Header: Sendable, Hashable {
        /// The header name; matched case-insensitively and signed in lower case.
        public var name: String
        /// The header value. Line folds (a line break followed by a space or tab) are allowed; the signer replaces
        /// their line breaks with spaces. Any other line break or control character (tab excepted) is an error.
        public var value: String

        /// Creates a header line.
        ///
        /// - Parameters:
        ///   - name: The header name, an HTTP token such as `Content-Type`.
        ///   - value: The header value.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One query parameter, decoded: the signer percent-encodes the name and the value itself.
    public struct QueryItem: Sendable, Hashable {
        /// The decoded parameter name.
        public var name: String
        /// The decoded parameter value; empty for `?name` and `?name=`.
        public var value: String

        /// Creates a query parameter.
        ///
        /// - Parameters:
        ///   - name: The decoded parameter name.
        ///   - value: The decoded parameter value.
        public init(name: String, value: String = "") {
            self.name = name
            self.value = value
        }
    }

    /// How the body enters the signature.
    public enum Payload: Sendable, Hashable {
        /// The body itself; the signer hashes it with SHA-256.
        case bytes([UInt8])
        /// The hex SHA-256 digest of a body that was hashed elsewhere (64 hex digits, either case).
        case precomputedSHA256(String)
        /// The body is not signed; the payload hash is the literal `UNSIGNED-PAYLOAD`.
        case unsigned
    }

    /// The HTTP method, for example `POST`.
    public var method: String
    /// The path as it appears in the request line, without the query; `""` means `/`.
    ///
    /// Unless ``SigV4Signer/Options/uriEncodePath`` is off, the signer percent-encodes it again for the canonical
    /// request, as every service except S3 expects.
    public var path: String
    /// The query parameters in their original order, duplicates included.
    public var queryItems: [QueryItem]
    /// The header lines in their original order. A `Host` header is required.
    public var headers: [Header]
    /// The body, its hash, or the unsigned-payload marker.
    public var payload: Payload

    /// Creates a request description.
    ///
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - path: The request path without the query.
    ///   - queryItems: The decoded query parameters in order.
    ///   - headers: The header lines in order, including `Host`.
    ///   - payload: The body or its hash.
    public init(
        method: String,
        path: String = "/",
        queryItems: [QueryItem] = [],
        headers: [Header],
        payload: Payload = .bytes([])
    ) {
        self.method = method
        self.path = path
        self.queryItems = queryItems
        self.headers = headers
        self.payload = payload
    }
}

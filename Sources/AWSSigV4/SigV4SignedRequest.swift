// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// The intermediate results of one signing, exposed so that each step can be compared with reference vectors.
public struct SigV4Artifacts: Sendable, Hashable {
    /// The canonical request (task 1).
    public let canonicalRequest: String
    /// The string to sign (task 2): algorithm, timestamp, credential scope and hex SHA-256 of the canonical request.
    public let stringToSign: String
    /// The hex HMAC-SHA256 of the string to sign under the derived signing key (task 4).
    public let signature: String
    /// The signed header names, lower case, sorted and joined with `;`.
    public let signedHeaders: String
    /// The credential scope, `YYYYMMDD/region/service/aws4_request`.
    public let credentialScope: String
    /// The signing time as `YYYYMMDD'T'HHMMSS'Z'`.
    public let amzDate: String
}

/// A request signed with an `Authorization` header.
public struct SigV4SignedRequest: Sendable, Hashable {
    /// Every header to send, in order: the request's own (with line folds unfolded, and without any `Authorization`,
    /// `X-Amz-Date` or `X-Amz-Security-Token` it carried) followed by those the signer added, `Authorization` last.
    public let headers: [SigV4Request.Header]
    /// The value of the `Authorization` header.
    public let authorization: String
    /// The canonical request, string to sign and signature behind ``authorization``.
    public let artifacts: SigV4Artifacts
}

/// A request signed with query parameters (a presigned URL).
public struct SigV4PresignedRequest: Sendable, Hashable {
    /// The decoded query parameters to send, in order: the request's own (without any `X-Amz-*` signing parameters it
    /// carried) followed by `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-SignedHeaders`,
    /// `X-Amz-Expires`, `X-Amz-Security-Token` (temporary credentials only) and `X-Amz-Signature`.
    public let queryItems: [SigV4Request.QueryItem]
    /// ``queryItems`` percent-encoded and joined with `&`, ready to follow the `?` of the URL.
    public let encodedQuery: String
    /// The headers to send with the URL (the signed ones among them must be sent unchanged).
    public let headers: [SigV4Request.Header]
    /// The canonical request, string to sign and signature behind `X-Amz-Signature`.
    public let artifacts: SigV4Artifacts
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

extension SigV4Signer {
    /// The longest lifetime AWS accepts for a presigned URL: seven days.
    public static let maximumPresignedExpiration = 604_800

    /// Names of the query parameters that carry a query signature; copies in the request are dropped.
    static let signingQueryNames: Set<String> = [
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
        "X-Amz-Security-Token", "X-Amz-Signature",
    ]

    /// Signs `request` with query parameters, producing a presigned URL that is valid for `expiresInSeconds`.
    ///
    /// The payload hash is that of ``SigV4Request/payload`` (use ``SigV4Request/Payload/unsigned`` when the body is
    /// not known in advance); ``Options/addContentSHA256Header`` does not apply to query signing.
    ///
    /// - Parameters:
    ///   - request: The request to sign; it must have a `Host` header.
    ///   - credentials: The credentials to sign with.
    ///   - date: The signing time, from the caller's clock.
    ///   - expiresInSeconds: How long the URL stays valid: 1 to ``maximumPresignedExpiration`` seconds.
    /// - Returns: The query parameters and headers to send, and the intermediate artefacts.
    /// - Throws: ``SigV4Error`` if the request, credentials, date or lifetime are invalid.
    public func presign(
        _ request: SigV4Request,
        credentials: AWSCredentials,
        date: Date,
        expiresInSeconds: Int
    ) throws(SigV4Error) -> SigV4PresignedRequest {
        guard (1...Self.maximumPresignedExpiration).contains(expiresInSeconds) else {
            throw SigV4Error(
                code: .invalidExpiration,
                message: "A presigned URL must expire after 1 to \(Self.maximumPresignedExpiration) seconds, "
                    + "not \(expiresInSeconds)."
            )
        }
        let input = try self.validatedInput(
            request,
            credentials: credentials,
            date: date,
            ownedHeaderNames: Self.ownedHeaderNames
        )
        let canonicalHeaders = try CanonicalHeaders(signing: input.headers)

        var queryItems = request.queryItems.filter { !Self.signingQueryNames.contains($0.name) }
        queryItems.append(.init(name: "X-Amz-Algorithm", value: Self.algorithm))
        queryItems.append(.init(name: "X-Amz-Credential", value: self.credential(credentials, at: input.time)))
        queryItems.append(.init(name: "X-Amz-Date", value: input.time.dateTime))
        queryItems.append(.init(name: "X-Amz-SignedHeaders", value: canonicalHeaders.signedHeaders))
        queryItems.append(.init(name: "X-Amz-Expires", value: String(expiresInSeconds)))
        if let token = input.sessionToken, self.options.signSessionToken {
            queryItems.append(.init(name: "X-Amz-Security-Token", value: token))
        }

        let canonical = CanonicalRequest(
            method: request.method,
            uri: self.canonicalURI(of: request),
            queryItems: queryItems,
            headers: canonicalHeaders,
            payloadHash: input.payloadHash
        )
        let artifacts = self.artifacts(of: canonical, time: input.time, credentials: credentials)

        if let token = input.sessionToken, !self.options.signSessionToken {
            queryItems.append(.init(name: "X-Amz-Security-Token", value: token))
        }
        queryItems.append(.init(name: "X-Amz-Signature", value: artifacts.signature))
        return SigV4PresignedRequest(
            queryItems: queryItems,
            encodedQuery: CanonicalRequest.encodedQuery(queryItems, sorted: false),
            headers: input.headers,
            artifacts: artifacts
        )
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// The canonical form of a request (SigV4 task 1): six newline-separated parts whose SHA-256 is signed.
package struct CanonicalRequest: Sendable, Hashable {
    /// The HTTP method as given.
    package let method: String
    /// The canonical URI: the path, optionally normalized and percent-encoded.
    package let uri: String
    /// The sorted, percent-encoded query string.
    package let query: String
    /// The canonical header block and signed-header list.
    package let headers: CanonicalHeaders
    /// The hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
    package let payloadHash: String

    /// Builds the canonical request.
    ///
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - uri: The canonical URI, see ``canonicalURI(path:normalize:encode:)``.
    ///   - queryItems: The decoded query parameters; encoded and sorted here.
    ///   - headers: The canonical headers.
    ///   - payloadHash: The payload hash.
    package init(
        method: String,
        uri: String,
        queryItems: [SigV4Request.QueryItem],
        headers: CanonicalHeaders,
        payloadHash: String
    ) {
        self.method = method
        self.uri = uri
        self.query = Self.encodedQuery(queryItems, sorted: true)
        self.headers = headers
        self.payloadHash = payloadHash
    }

    /// The text whose hash goes into the string to sign.
    package var string: String {
        [self.method, self.uri, self.query, self.headers.block, self.headers.signedHeaders, self.payloadHash]
            .joined(separator: "\n")
    }

    /// The canonical URI of `path`.
    ///
    /// - Parameters:
    ///   - path: The request path, `""` meaning `/`.
    ///   - normalize: Whether to remove `.` and `..` segments and collapse repeated slashes; a trailing slash is kept.
    ///   - encode: Whether to percent-encode every byte except unreserved characters and `/`. For a path that is
    ///     already percent-encoded on the wire, this is the "second" encoding every service but S3 expects.
    package static func canonicalURI(path: String, normalize: Bool, encode: Bool) -> String {
        var uri = path.isEmpty ? "/" : path
        if normalize {
            uri = Self.normalized(uri)
        }
        return encode ? URIEncoding.percentEncode(uri, keepingSlashes: true) : uri
    }

    /// Percent-encodes each name and value and joins them as `name=value` with `&`.
    ///
    /// - Parameters:
    ///   - items: The decoded query parameters.
    ///   - sorted: Whether to sort the pairs by encoded name and then encoded value (byte order), as the canonical
    ///     query string requires, instead of keeping their order.
    package static func encodedQuery(_ items: [SigV4Request.QueryItem], sorted: Bool) -> String {
        var pairs = items.map { (name: URIEncoding.percentEncode($0.name), value: URIEncoding.percentEncode($0.value)) }
        if sorted {
            pairs.sort { lhs, rhs in
                lhs.name == rhs.name
                    ? lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
                    : lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
            }
        }
        return pairs.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// Removes dot segments and empty segments from an absolute path, keeping a trailing slash.
    private static func normalized(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".":
                continue
            case "..":
                _ = segments.popLast()
            default:
                segments.append(segment)
            }
        }
        guard !segments.isEmpty else { return "/" }
        let trailingSlash = path.hasSuffix("/") ? "/" : ""
        return "/" + segments.joined(separator: "/") + trailingSlash
    }
}

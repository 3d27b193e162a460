// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

extension SigV4Request {
    /// Checks the method and the path.
    func validateRequestLine() throws(SigV4Error) {
        guard !self.method.isEmpty, self.method.utf8.allSatisfy(HTTPSyntax.isTokenCharacter) else {
            throw SigV4Error(code: .invalidMethod, message: "The HTTP method '\(self.method)' is not an HTTP token.")
        }
        guard self.path.isEmpty || self.path.utf8.first == UInt8(ascii: "/") else {
            throw SigV4Error(code: .invalidPath, message: "The request path must be empty or start with '/'.")
        }
    }

    /// The headers, with the line break of every line fold in a value replaced by a space.
    ///
    /// - Throws: ``SigV4Error/Code/invalidHeader`` for a name that is not an HTTP token or a value with a control
    ///   character, a bare line break, or a line break that does not start a fold.
    func validatedHeaders() throws(SigV4Error) -> [Header] {
        var headers: [Header] = []
        headers.reserveCapacity(self.headers.count)
        for header in self.headers {
            guard !header.name.isEmpty, header.name.utf8.allSatisfy(HTTPSyntax.isTokenCharacter) else {
                throw SigV4Error(code: .invalidHeader, message: "A header name is empty or is not an HTTP token.")
            }
            guard let value = HTTPSyntax.unfolded(header.value) else {
                // Never echo the value: it may be a token or a secret.
                throw SigV4Error(
                    code: .invalidHeader,
                    message: "The value of header '\(header.name)' contains a line break or control character "
                        + "that is not part of a line fold."
                )
            }
            headers.append(Header(name: header.name, value: value))
        }
        return headers
    }

    /// The hex payload hash for the canonical request.
    ///
    /// - Throws: ``SigV4Error/Code/invalidPayloadHash`` if a precomputed hash is not 64 hex digits.
    func payloadHash() throws(SigV4Error) -> String {
        switch self.payload {
        case .bytes(let bytes):
            return Hashing.sha256Hex(bytes)
        case .precomputedSHA256(let hash):
            guard hash.utf8.count == 64, hash.utf8.allSatisfy(HTTPSyntax.isHexDigit) else {
                throw SigV4Error(
                    code: .invalidPayloadHash,
                    message: "The precomputed payload hash must be 64 hexadecimal digits."
                )
            }
            return hash.lowercased()
        case .unsigned:
            return "UNSIGNED-PAYLOAD"
        }
    }
}

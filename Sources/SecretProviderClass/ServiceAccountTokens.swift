// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import JMESPath

/// One service account token minted by kubelet for the pod, for one audience.
///
/// Its descriptions (`print`, string interpolation, `dump`, `debugPrint`) never show the token.
public struct ServiceAccountToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The JWT. Never log it.
    public let token: String

    /// When the token expires, as kubelet wrote it (RFC 3339); empty when not given.
    public let expirationTimestamp: String

    /// Creates a token.
    /// - Parameters:
    ///   - token: The JWT.
    ///   - expirationTimestamp: The RFC 3339 expiry, or empty.
    public init(token: String, expirationTimestamp: String) {
        self.token = token
        self.expirationTimestamp = expirationTimestamp
    }

    /// `ServiceAccountToken(token: <REDACTED>, expirationTimestamp: …)`.
    public var description: String {
        "ServiceAccountToken(token: <REDACTED>, expirationTimestamp: \(UserText.shown(self.expirationTimestamp)))"
    }

    /// The same as ``description``.
    public var debugDescription: String {
        self.description
    }

    /// A mirror that shows the expiry but not the token.
    public var customMirror: Mirror {
        Mirror(self, children: ["token": "<REDACTED>", "expirationTimestamp": self.expirationTimestamp])
    }
}

/// The tokens kubelet minted for the pod, keyed by audience: the driver's
/// `csi.storage.k8s.io/serviceAccount.tokens` attribute (or, under KEP-5538, the same key in the request's
/// `secrets`).
///
/// The JSON is `{"<audience>": {"token": "<JWT>", "expirationTimestamp": "<RFC 3339>"}, …}`; as with Go's
/// `encoding/json`, field names match in any letter case, unknown fields are ignored and `null` means empty.
/// Descriptions list the audiences only.
public struct ServiceAccountTokens: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let tokens: [String: ServiceAccountToken]

    /// Creates tokens from a dictionary of audience to token.
    /// - Parameter tokens: The tokens by audience (`""` is the API server's default audience).
    public init(_ tokens: [String: ServiceAccountToken]) {
        self.tokens = tokens
    }

    /// Parses the attribute's JSON.
    /// - Parameter json: The value of `csi.storage.k8s.io/serviceAccount.tokens`.
    /// - Throws: ``SecretProviderClassError`` with code `invalidTokens`; the message names the position of the
    ///   problem but never quotes the text, which holds tokens.
    public init(json: String) throws(SecretProviderClassError) {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: json)
        } catch {
            throw Self.invalid("the JSON is malformed\(error.position)")
        }
        switch document {
        case .null:
            self.init([:])
        case .object(let object):
            var tokens: [String: ServiceAccountToken] = [:]
            for (audience, value) in object {
                tokens[audience] = try Self.token(value, audience: audience)
            }
            self.init(tokens)
        default:
            throw Self.invalid("expected a JSON object of audience to {token, expirationTimestamp}")
        }
    }

    private static func token(_ value: JSONValue, audience: String) throws(SecretProviderClassError)
        -> ServiceAccountToken
    {
        switch value {
        case .null:
            return ServiceAccountToken(token: "", expirationTimestamp: "")
        case .object(let fields):
            var token = ""
            var expiry = ""
            for (name, field) in fields {
                let lowered = name.lowercased()
                guard lowered == "token" || lowered == "expirationtimestamp" else {
                    continue
                }
                let text: String
                switch field {
                case .string(let string): text = string
                case .null: continue
                default:
                    throw Self.invalid("the \(name) of audience \"\(UserText.shown(audience))\" is not a string")
                }
                if lowered == "token" {
                    token = text
                } else {
                    expiry = text
                }
            }
            return ServiceAccountToken(token: token, expirationTimestamp: expiry)
        default:
            throw Self.invalid("the value for audience \"\(UserText.shown(audience))\" is not an object")
        }
    }

    private static func invalid(_ reason: String) -> SecretProviderClassError {
        SecretProviderClassError(
            code: .invalidTokens,
            field: MountAttributes.serviceAccountTokensKey,
            message: "CSI token error: failed to parse serviceAccount.tokens: \(reason) - ensure tokenRequests is "
                + "configured in CSIDriver spec"
        )
    }

    /// The audiences that have a token, sorted.
    public var audiences: [String] {
        self.tokens.keys.sorted()
    }

    /// The token for `audience`, or nil when kubelet minted none for it.
    /// - Parameter audience: The audience, such as `sts.amazonaws.com`.
    public func token(forAudience audience: String) -> ServiceAccountToken? {
        self.tokens[audience]
    }

    /// `ServiceAccountTokens(audiences: […], tokens: <REDACTED>)`.
    public var description: String {
        let audiences = self.audiences.map { "\"\(UserText.shown($0))\"" }.joined(separator: ", ")
        return "ServiceAccountTokens(audiences: [\(audiences)], tokens: <REDACTED>)"
    }

    /// The same as ``description``.
    public var debugDescription: String {
        self.description
    }

    /// A mirror that shows the audiences but not the tokens.
    public var customMirror: Mirror {
        Mirror(self, children: ["audiences": self.audiences, "tokens": "<REDACTED>"])
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import JMESPath

/// The Mount request's `attributes`: the SecretProviderClass parameters overlaid with the pod's volume context
/// and the keys the driver adds (pod, service account, tokens). Unknown keys are ignored.
///
/// Parsing only checks the JSON and the tokens; the SecretProviderClass parameters are kept as given and
/// checked by ``MountPlan/init(attributes:permission:)``, which reports all their problems together.
///
/// ```swift
/// let attributes = try MountAttributes(json: request.attributes, secrets: request.secrets)
/// let plan = try MountPlan(attributes: attributes, permission: request.permission)
/// let token = try attributes.token(for: plan.authentication)
/// ```
public struct MountAttributes: Sendable, CustomStringConvertible {
    /// The pod's name (driver key).
    public static let podNameKey = "csi.storage.k8s.io/pod.name"
    /// The pod's namespace (driver key).
    public static let podNamespaceKey = "csi.storage.k8s.io/pod.namespace"
    /// The pod's UID (driver key).
    public static let podUIDKey = "csi.storage.k8s.io/pod.uid"
    /// The pod's service account (driver key).
    public static let serviceAccountNameKey = "csi.storage.k8s.io/serviceAccount.name"
    /// The tokens kubelet minted for the CSIDriver's `tokenRequests` (driver key; also in `secrets`, KEP-5538).
    public static let serviceAccountTokensKey = "csi.storage.k8s.io/serviceAccount.tokens"
    /// The YAML list of objects to mount.
    public static let objectsKey = "objects"
    /// The primary region.
    public static let regionKey = "region"
    /// The failover region.
    public static let failoverRegionKey = "failoverRegion"
    /// The character that replaces `/` in file names, or `False`.
    public static let pathTranslationKey = "pathTranslation"
    /// Whether to use EKS Pod Identity instead of IRSA.
    public static let usePodIdentityKey = "usePodIdentity"
    /// Which Pod Identity Agent address to use.
    public static let preferredAddressTypeKey = "preferredAddressType"
    /// The IAM role to assume with the pod's credentials.
    public static let assumeRoleArnKey = "assumeRoleArn"
    /// The external ID the assumed role's trust policy asks for.
    public static let assumeRoleExternalIdKey = "assumeRoleExternalId"
    /// How long the assumed role's session lasts, in seconds.
    public static let assumeRoleDurationSecondsKey = "assumeRoleDurationSeconds"

    /// The pod's name; empty when the driver did not send it.
    public let podName: String
    /// The pod's namespace; empty when the driver did not send it.
    public let podNamespace: String
    /// The pod's UID; empty when the driver did not send it.
    public let podUID: String
    /// The pod's service account; empty when the driver did not send it.
    public let serviceAccountName: String
    /// The tokens, from the attribute or else from the request's `secrets`; nil when neither has them.
    public let serviceAccountTokens: ServiceAccountTokens?

    /// The `objects` parameter (YAML), as given.
    public let objects: String
    /// The `region` parameter, as given; empty when absent.
    public let region: String
    /// The `failoverRegion` parameter, as given; empty when absent.
    public let failoverRegion: String
    /// The `pathTranslation` parameter, as given; empty when absent.
    public let pathTranslation: String
    /// The `usePodIdentity` parameter, as given; empty when absent.
    public let usePodIdentity: String
    /// The `preferredAddressType` parameter, as given; empty when absent.
    public let preferredAddressType: String
    /// The `assumeRoleArn` parameter, as given; empty when absent.
    public let assumeRoleArn: String
    /// The `assumeRoleExternalId` parameter, as given; empty when absent. Never printed.
    public let assumeRoleExternalId: String
    /// The `assumeRoleDurationSeconds` parameter, as given; empty when absent.
    public let assumeRoleDurationSeconds: String

    /// Parses the request's `attributes` and `secrets`.
    /// - Parameters:
    ///   - json: A JSON object of strings (`null` counts as empty, a `null` value as `""`).
    ///   - secrets: The request's `secrets` JSON. Only the tokens key is read from it, as a fallback when the
    ///     attribute is absent; `""`, `null`, `{}` and anything unparsable mean no secrets.
    /// - Throws: ``SecretProviderClassError`` with code `invalidAttributes` when `json` is not a JSON object of
    ///   strings, or `invalidTokens` when the tokens are malformed.
    public init(json: String, secrets: String = "") throws(SecretProviderClassError) {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: json)
        } catch {
            // The text holds tokens: name the position, never the text.
            throw Self.invalidAttributes("invalid JSON\(error.position)")
        }
        var parameters: [String: String] = [:]
        switch document {
        case .null:
            break
        case .object(let object):
            for (key, value) in object {
                switch value {
                case .string(let text): parameters[key] = text
                case .null: parameters[key] = ""
                default:
                    throw Self.invalidAttributes(
                        "the value of \"\(UserText.shown(key))\" is \(value.typeName), not string"
                    )
                }
            }
        default:
            throw Self.invalidAttributes("expected a JSON object of strings, not \(document.typeName)")
        }
        try self.init(parameters: parameters, secrets: secrets)
    }

    /// Creates attributes from already-decoded key-value pairs (such as a manifest's `spec.parameters`).
    /// - Parameters:
    ///   - parameters: The attributes.
    ///   - secrets: The request's `secrets` JSON, read as in ``init(json:secrets:)``.
    /// - Throws: ``SecretProviderClassError`` with code `invalidTokens` when the tokens are malformed.
    public init(parameters: [String: String], secrets: String = "") throws(SecretProviderClassError) {
        self.podName = parameters[Self.podNameKey] ?? ""
        self.podNamespace = parameters[Self.podNamespaceKey] ?? ""
        self.podUID = parameters[Self.podUIDKey] ?? ""
        self.serviceAccountName = parameters[Self.serviceAccountNameKey] ?? ""
        self.objects = parameters[Self.objectsKey] ?? ""
        self.region = parameters[Self.regionKey] ?? ""
        self.failoverRegion = parameters[Self.failoverRegionKey] ?? ""
        self.pathTranslation = parameters[Self.pathTranslationKey] ?? ""
        self.usePodIdentity = parameters[Self.usePodIdentityKey] ?? ""
        self.preferredAddressType = parameters[Self.preferredAddressTypeKey] ?? ""
        self.assumeRoleArn = parameters[Self.assumeRoleArnKey] ?? ""
        self.assumeRoleExternalId = parameters[Self.assumeRoleExternalIdKey] ?? ""
        self.assumeRoleDurationSeconds = parameters[Self.assumeRoleDurationSecondsKey] ?? ""
        // As the incumbent, an empty attribute means "not provided".
        let tokensJSON =
            parameters[Self.serviceAccountTokensKey].flatMap { $0.isEmpty ? nil : $0 }
            ?? Self.tokensFromSecrets(secrets)
        self.serviceAccountTokens = try tokensJSON.map { json throws(SecretProviderClassError) in
            try ServiceAccountTokens(json: json)
        }
    }

    /// The token the authentication mode needs.
    /// - Parameter mode: The plan's ``MountPlan/authentication``.
    /// - Returns: The token for the mode's audience.
    /// - Throws: ``SecretProviderClassError`` with code `missingToken` and the incumbent's message naming
    ///   `tokenRequests`: no tokens at all, no token for the audience, or an empty token.
    public func token(for mode: AuthenticationMode) throws(SecretProviderClassError) -> ServiceAccountToken {
        let mechanism = mode == .irsa ? "IRSA" : "Pod Identity"
        let prefix = "\(mechanism) token extraction failed"
        guard let tokens = self.serviceAccountTokens else {
            throw Self.missingToken(
                "CSI token error: serviceAccount.tokens not provided - ensure tokenRequests is configured in "
                    + "CSIDriver spec (\(mechanism) needs a token for audience \"\(mode.audience)\")"
            )
        }
        guard let token = tokens.token(forAudience: mode.audience) else {
            throw Self.missingToken(
                "\(prefix): token for audience \"\(mode.audience)\" not found - ensure tokenRequests includes this "
                    + "audience in CSIDriver"
            )
        }
        guard !token.token.isEmpty else {
            throw Self.missingToken("\(prefix): token for audience \"\(mode.audience)\" is empty")
        }
        return token
    }

    /// `pod <namespace>/<name>, service account <name>, tokens for […]`; never the tokens or the parameters.
    public var description: String {
        let audiences = self.serviceAccountTokens?.audiences.map { "\"\(UserText.shown($0))\"" } ?? []
        return "MountAttributes(pod: \(UserText.shown(self.podNamespace))/\(UserText.shown(self.podName)), "
            + "serviceAccount: \(UserText.shown(self.serviceAccountName)), "
            + "tokenAudiences: [\(audiences.joined(separator: ", "))])"
    }

    /// The tokens key of the request's `secrets`, read leniently: anything but an object holding it as a string
    /// is "no tokens". The other keys (nodePublishSecretRef data) are never kept.
    private static func tokensFromSecrets(_ secrets: String) -> String? {
        guard case .object(let object)? = try? JSONValue(parsing: secrets.isEmpty ? "null" : secrets),
            case .string(let tokens)? = object[self.serviceAccountTokensKey], !tokens.isEmpty
        else {
            return nil
        }
        return tokens
    }

    private static func invalidAttributes(_ reason: String) -> SecretProviderClassError {
        SecretProviderClassError(
            code: .invalidAttributes,
            field: nil,
            message: "failed to unmarshal attributes, error: \(reason)"
        )
    }

    private static func missingToken(_ message: String) -> SecretProviderClassError {
        SecretProviderClassError(code: .missingToken, field: self.serviceAccountTokensKey, message: message)
    }
}

extension JMESPathError {
    /// ` at line L, column C` for a JSON error, else empty: where the problem is, without quoting the text
    /// (attributes and tokens hold secrets).
    var position: String {
        self.line.map { " at line \($0), column \(self.column ?? 1)" } ?? ""
    }
}

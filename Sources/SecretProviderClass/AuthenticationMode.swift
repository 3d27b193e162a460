// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// How the mount gets AWS credentials, from `usePodIdentity` and `preferredAddressType`.
public enum AuthenticationMode: Sendable, Hashable, CustomStringConvertible {
    /// IAM Roles for Service Accounts: the `sts.amazonaws.com` token goes to STS AssumeRoleWithWebIdentity.
    case irsa
    /// EKS Pod Identity: the `pods.eks.amazonaws.com` token goes to the node's Pod Identity Agent.
    case podIdentity(PreferredAddressType)

    /// The token audience IRSA needs.
    public static let irsaAudience = "sts.amazonaws.com"

    /// The token audience EKS Pod Identity needs.
    public static let podIdentityAudience = "pods.eks.amazonaws.com"

    /// The audience of the token this mode needs.
    public var audience: String {
        switch self {
        case .irsa: Self.irsaAudience
        case .podIdentity: Self.podIdentityAudience
        }
    }

    /// `IRSA` or `Pod Identity (ipv4)`.
    public var description: String {
        switch self {
        case .irsa: "IRSA"
        case .podIdentity(let addressType): "Pod Identity (\(addressType.rawValue))"
        }
    }

    /// Chooses the mode from the two SecretProviderClass parameters.
    /// - Parameters:
    ///   - usePodIdentity: Go `strconv.ParseBool` syntax (`1`, `t`, `T`, `TRUE`, `true`, `True` and the
    ///     same for false); empty means IRSA.
    ///   - preferredAddressType: `ipv4`, `ipv6` or `auto` in any letter case; empty means `auto`. Only used
    ///     with Pod Identity, but checked in both modes so a typo is found before it matters.
    ///   - problems: Where the problems with either parameter are added (both are reported).
    /// - Returns: The mode, or nil when a parameter is invalid.
    static func parse(usePodIdentity: String, preferredAddressType: String, problems: inout [Problem])
        -> AuthenticationMode?
    {
        let addressType = PreferredAddressType(parameter: preferredAddressType)
        let podIdentity = self.parseBool(usePodIdentity)
        if podIdentity == nil {
            problems.append(
                .init(
                    code: .invalidUsePodIdentity,
                    field: MountAttributes.usePodIdentityKey,
                    message: "failed to parse usePodIdentity value, error: strconv.ParseBool: parsing "
                        + "\"\(UserText.shown(usePodIdentity))\": invalid syntax"
                )
            )
        }
        if addressType == nil {
            problems.append(
                .init(
                    code: .invalidPreferredAddressType,
                    field: MountAttributes.preferredAddressTypeKey,
                    message: "Invalid preferredAddressType: \(UserText.shown(preferredAddressType)) "
                        + "(use ipv4, ipv6 or auto)"
                )
            )
        }
        guard let podIdentity, let addressType else {
            return nil
        }
        return podIdentity ? .podIdentity(addressType) : .irsa
    }

    /// Go's `strconv.ParseBool`, with the empty string meaning false.
    private static func parseBool(_ text: String) -> Bool? {
        text.isEmpty ? false : GoBoolean.parse(text)
    }
}

/// Which address of the EKS Pod Identity Agent to use.
public enum PreferredAddressType: String, Sendable, Hashable {
    /// `169.254.170.23`.
    case ipv4
    /// `fd00:ec2::23`.
    case ipv6
    /// IPv4, then IPv6 if IPv4 fails.
    case auto

    /// Parses the `preferredAddressType` parameter: any letter case; empty means ``auto``.
    /// - Parameter parameter: The parameter's value.
    /// - Returns: nil for anything else (the incumbent silently means `auto`; here it is an error).
    init?(parameter: String) {
        guard !parameter.isEmpty else {
            self = .auto
            return
        }
        self.init(rawValue: parameter.lowercased())
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import AWSClient
public import SecretProviderClass

/// Who a mount acts as: the pod's service account and how it gets AWS credentials.
///
/// STS or the Pod Identity agent has verified that this service account's token may use the role, and kubelet gives
/// that token only to pods running as that service account; so credentials and anything fetched with them are keyed
/// by this value and never shared between identities. Never by role ARN alone: another namespace's service account
/// may name the same role without being trusted by it.
public struct MountIdentity: Sendable, Hashable, CustomStringConvertible {
    /// How the credentials are obtained.
    public enum Method: Sendable, Hashable {
        /// IAM Roles for Service Accounts: the role from the service account's annotation, assumed through STS.
        case irsa(roleArn: String)
        /// EKS Pod Identity: credentials from the node's agent, for the association of the service account.
        case podIdentity(PreferredAddressType)
    }

    /// The pod's namespace.
    public let namespace: String
    /// The pod's service account.
    public let serviceAccount: String
    /// How the credentials are obtained.
    public let method: Method

    /// Creates an identity.
    public init(namespace: String, serviceAccount: String, method: Method) {
        self.namespace = namespace
        self.serviceAccount = serviceAccount
        self.method = method
    }

    /// Whether two identities are the same by the exact bytes of their names and role (never by Unicode canonical
    /// equivalence).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.exactKey == rhs.exactKey
    }

    /// Hashes the exact bytes of the names and the method.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.exactKey)
    }

    private var exactKey: ExactKey {
        let method: ExactKey.Method =
            switch self.method {
            case .irsa(let roleArn): .irsa(ExactText(roleArn))
            case .podIdentity(let addressType): .podIdentity(addressType)
            }
        return ExactKey(
            namespace: ExactText(self.namespace),
            serviceAccount: ExactText(self.serviceAccount),
            method: method
        )
    }

    private struct ExactKey: Hashable {
        enum Method: Hashable {
            case irsa(ExactText)
            case podIdentity(PreferredAddressType)
        }

        let namespace: ExactText
        let serviceAccount: ExactText
        let method: Method
    }

    /// The bytes of the names and role, for charging cache entries keyed by the identity.
    var textBytes: Int {
        let role =
            switch self.method {
            case .irsa(let roleArn): roleArn.utf8.count
            case .podIdentity: 0
            }
        return self.namespace.utf8.count + self.serviceAccount.utf8.count + role
    }

    /// `IRSA default/app (arn:aws:iam::…:role/app)` or `Pod Identity default/app`.
    public var description: String {
        switch self.method {
        case .irsa(let roleArn): "IRSA \(self.namespace)/\(self.serviceAccount) (\(roleArn))"
        case .podIdentity: "Pod Identity \(self.namespace)/\(self.serviceAccount)"
        }
    }
}

extension MountIdentity {
    /// The scope of this identity's AWS retry quotas: every field of the identity, compared byte for byte, so two
    /// identities never share a quota, whatever their names look like.
    public var retryQuotaScope: RetryQuotaScope {
        switch self.method {
        case .irsa(let roleArn):
            RetryQuotaScope(["irsa", self.namespace, self.serviceAccount, roleArn])
        case .podIdentity(let preference):
            RetryQuotaScope(["podIdentity", self.namespace, self.serviceAccount, preference.rawValue])
        }
    }
}

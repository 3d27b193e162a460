// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import AWSClient
public import SecretProviderClass

/// Who a mount acts as: the pod's service account, how it gets AWS credentials, and the role it assumes with them
/// (`assumeRoleArn`), if any.
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
    /// The role assumed with the pod's credentials before any fetch, with its external ID and session length; nil
    /// when the mount uses the pod's own role. Values and credentials are keyed by it too: a mount that assumes
    /// another role (or the same with another external ID) never shares them.
    public let assumeRole: AssumeRoleRequest?

    /// Creates an identity.
    public init(namespace: String, serviceAccount: String, method: Method, assumeRole: AssumeRoleRequest? = nil) {
        self.namespace = namespace
        self.serviceAccount = serviceAccount
        self.method = method
        self.assumeRole = assumeRole
    }

    /// The same pod identity without the assumed role: whose credentials assume it.
    public var base: MountIdentity {
        MountIdentity(namespace: self.namespace, serviceAccount: self.serviceAccount, method: self.method)
    }

    /// The STS session name of the assumed role, which CloudTrail shows an auditor: `namespace@serviceaccount`, cut
    /// to STS's 64 characters (Kubernetes names only hold characters STS accepts).
    public var roleSessionName: String {
        String("\(self.namespace)@\(self.serviceAccount)".prefix(64))
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
            method: method,
            assumeRole: self.assumeRole
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
        /// Compared by exact bytes itself.
        let assumeRole: AssumeRoleRequest?
    }

    /// The bytes of the names and role, for charging cache entries keyed by the identity.
    var textBytes: Int {
        let role =
            switch self.method {
            case .irsa(let roleArn): roleArn.utf8.count
            case .podIdentity: 0
            }
        let assumed = (self.assumeRole?.roleArn.utf8.count ?? 0) + (self.assumeRole?.externalId?.utf8.count ?? 0)
        return self.namespace.utf8.count + self.serviceAccount.utf8.count + role + assumed
    }

    /// `IRSA default/app (arn:aws:iam::…:role/app)` or `Pod Identity default/app`, followed by
    /// ` → assume arn:…` when a role is assumed (never its external ID).
    public var description: String {
        let pod =
            switch self.method {
            case .irsa(let roleArn): "IRSA \(self.namespace)/\(self.serviceAccount) (\(roleArn))"
            case .podIdentity: "Pod Identity \(self.namespace)/\(self.serviceAccount)"
            }
        return self.assumeRole.map { "\(pod) → assume \($0.roleArn)" } ?? pod
    }
}

extension MountIdentity {
    /// The scope of this identity's AWS retry quotas: every field of the identity, compared byte for byte, so two
    /// identities never share a quota, whatever their names look like.
    public var retryQuotaScope: RetryQuotaScope {
        let pod =
            switch self.method {
            case .irsa(let roleArn): ["irsa", self.namespace, self.serviceAccount, roleArn]
            case .podIdentity(let preference):
                ["podIdentity", self.namespace, self.serviceAccount, preference.rawValue]
            }
        let assumed = self.assumeRole.map { ["assume", $0.roleArn, $0.externalId ?? "", String($0.durationSeconds)] }
        return RetryQuotaScope(pod + (assumed ?? []))
    }
}

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

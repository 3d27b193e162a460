// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import AWSSigV4
import SecretProviderClass

/// An assumed role's credentials whose `AccessDenied` from STS says what to fix, naming both roles: the assumed
/// role's trust policy must allow the pod's role, the pod's role must be allowed `sts:AssumeRole` on it, and (with
/// `assumeRoleExternalId`) the external IDs must match. STS's own answer names neither fix; the external ID's value
/// is never in the message.
struct AssumeRoleRefusals: CredentialProvider {
    /// The chained provider.
    let provider: any CredentialProvider
    /// Whose pod role assumes which role.
    let identity: MountIdentity

    func credentials() async throws -> AWSCredentials {
        do {
            return try await self.provider.credentials()
        } catch var error as AWSError where error.code == .accessDenied && error.operation == "AssumeRole" {
            error.message = Self.explanation(of: error, for: self.identity)
            throw error
        }
    }

    /// The refusal's message with the fixes.
    static func explanation(of error: AWSError, for identity: MountIdentity) -> String {
        guard let assumeRole = identity.assumeRole else { return error.message }
        let role = assumeRole.roleArn
        let caller =
            switch identity.method {
            case .irsa(let roleArn): roleArn
            case .podIdentity: "the Pod Identity role of \(identity.namespace)/\(identity.serviceAccount)"
            }
        var message =
            "\(error.message) The trust policy of role \(role) must allow sts:AssumeRole from \(caller), and "
            + "\(caller)'s policy must allow sts:AssumeRole on \(role)"
        if assumeRole.externalId != nil {
            message += "; the trust policy's sts:ExternalId condition must match assumeRoleExternalId"
        }
        return message + "."
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// An AWS service this module talks to, with the names its endpoint, signature and configuration use.
public struct AWSService: Hashable, Sendable, CustomStringConvertible {
    /// The first label of the regional host name, such as `secretsmanager` in
    /// `secretsmanager.us-east-1.amazonaws.com`.
    public let endpointPrefix: String
    /// The service name of the SigV4 credential scope.
    public let signingName: String
    /// The suffix of the service's endpoint environment variable, such as `SECRETS_MANAGER` in
    /// `AWS_ENDPOINT_URL_SECRETS_MANAGER`.
    public let environmentSuffix: String
    /// A human-readable name for messages, such as `Secrets Manager`.
    public let displayName: String

    private init(endpointPrefix: String, signingName: String, environmentSuffix: String, displayName: String) {
        self.endpointPrefix = endpointPrefix
        self.signingName = signingName
        self.environmentSuffix = environmentSuffix
        self.displayName = displayName
    }

    /// AWS Secrets Manager (JSON 1.1 protocol, target prefix `secretsmanager`).
    public static let secretsManager = Self(
        endpointPrefix: "secretsmanager",
        signingName: "secretsmanager",
        environmentSuffix: "SECRETS_MANAGER",
        displayName: "Secrets Manager"
    )
    /// AWS Systems Manager Parameter Store (JSON 1.1 protocol, target prefix `AmazonSSM`).
    public static let ssm = Self(
        endpointPrefix: "ssm",
        signingName: "ssm",
        environmentSuffix: "SSM",
        displayName: "SSM Parameter Store"
    )
    /// AWS Certificate Manager (JSON 1.1 protocol, target prefix `CertificateManager`).
    public static let acm = Self(
        endpointPrefix: "acm",
        signingName: "acm",
        environmentSuffix: "ACM",
        displayName: "Certificate Manager"
    )
    /// AWS Security Token Service (query protocol).
    public static let sts = Self(
        endpointPrefix: "sts",
        signingName: "sts",
        environmentSuffix: "STS",
        displayName: "STS"
    )

    /// The EKS Pod Identity agent on the node, which answers for the EKS Auth API; never signed, never overridden.
    static let eksPodIdentityAgent = Self(
        endpointPrefix: "eks-auth",
        signingName: "eks-auth",
        environmentSuffix: "EKS_AUTH",
        displayName: "EKS Pod Identity agent"
    )

    /// The services whose endpoints the configuration resolves.
    public static let all: [Self] = [.secretsManager, .ssm, .acm, .sts]

    /// The signing name, such as `secretsmanager`.
    public var description: String {
        self.signingName
    }
}

/// One call to AWS as errors and logs describe it: which operation, on what, where, and which IAM action it needs.
struct AWSOperation: Sendable {
    /// The service called.
    var service: AWSService
    /// The operation name, such as `GetSecretValue`.
    var name: String
    /// The region called; empty for the node-local Pod Identity agent.
    var region: String
    /// What the call is about, for messages, such as `secret 'db-password'`.
    var resource: String
    /// The IAM action the caller needs, such as `secretsmanager:GetSecretValue`; `nil` for calls that need none.
    var iamAction: String?

    /// `Secrets Manager GetSecretValue on secret 'x' in us-east-1`, the start of most messages.
    var summary: String {
        let location = self.region.isEmpty ? "" : " in \(self.region)"
        return "\(self.service.displayName) \(self.name) on \(self.resource)\(location)"
    }

    /// An error about this call, with its service, operation and region filled in.
    func error(
        _ code: AWSError.Code,
        _ message: String,
        httpStatus: Int? = nil,
        awsErrorCode: String? = nil,
        requestId: String? = nil,
        cause: (any Error)? = nil
    ) -> AWSError {
        AWSError(
            code: code,
            message: message,
            service: self.service.signingName,
            operation: self.name,
            region: self.region.isEmpty ? nil : self.region,
            httpStatus: httpStatus,
            awsErrorCode: awsErrorCode,
            requestId: requestId,
            cause: cause
        )
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// An ARN, `arn:partition:service:region:account-id:resource`, parsed as the AWS SDK for Go does: the text
/// starts with `arn:` and has at least six `:`-separated sections; the resource is everything after the fifth
/// `:` (so it may contain `:`, as in `secret:name`). Sections may be empty.
///
/// Secrets Manager accepts complete ARNs (`…:secret:db-creds-AbCdEf`, the name and six random characters) and
/// partial ones without the suffix (`…:secret:db-creds`); both are valid object names.
public struct AmazonResourceName: Sendable, Hashable, CustomStringConvertible {
    /// The partition: `aws`, `aws-cn`, `aws-us-gov`, …
    public let partition: String
    /// The service: `secretsmanager` or `ssm` for objects.
    public let service: String
    /// The region, such as `us-west-2`.
    public let region: String
    /// The 12-digit account ID.
    public let accountID: String
    /// The resource: `secret:<name>[-<suffix>]` or `parameter/<name>`.
    public let resource: String

    /// Parses an ARN.
    /// - Parameter text: The text, such as `arn:aws:secretsmanager:us-west-2:123456789012:secret:db-AbCdEf`.
    /// - Returns: nil when the text does not start with `arn:` or has fewer than six sections.
    public init?(_ text: String) {
        guard text.hasPrefix("arn:") else {
            return nil
        }
        let sections = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard sections.count == 6 else {
            return nil
        }
        self.partition = String(sections[1])
        self.service = String(sections[2])
        self.region = String(sections[3])
        self.accountID = String(sections[4])
        self.resource = String(sections[5])
    }

    /// For a Secrets Manager secret ARN, the part after `secret:` (the name, with the random suffix when the ARN
    /// is complete); nil for other ARNs.
    public var secretsManagerSecretName: String? {
        guard self.service == "secretsmanager", self.resource.hasPrefix("secret:") else {
            return nil
        }
        return String(self.resource.dropFirst("secret:".count))
    }

    /// Whether a Secrets Manager secret ARN looks complete: its name ends with `-` and six letters or digits.
    ///
    /// This is the same guess Secrets Manager makes; a partial ARN of a secret whose own name ends like that
    /// (`db-AbCdEf`) cannot be told apart, which is why AWS advises against such names.
    public var hasSecretsManagerSuffix: Bool {
        guard let name = self.secretsManagerSecretName?.utf8, name.count > 7 else {
            return false
        }
        let suffix = name.suffix(7)
        return suffix.first == UInt8(ascii: "-")
            && suffix.dropFirst().allSatisfy {
                $0.isASCIIDigit || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0 | 0x20)
            }
    }

    /// The ARN text.
    public var description: String {
        "arn:\(self.partition):\(self.service):\(self.region):\(self.accountID):\(self.resource)"
    }
}

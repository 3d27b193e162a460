// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// The checks STS input passes before any I/O, with the limits STS itself applies.
///
/// Each message names the STS field at fault (`RoleArn`, `RoleSessionName`, `ExternalId`, `DurationSeconds`,
/// `WebIdentityToken`). The role ARN and session name are echoed, as they are not secret; a token or an external ID
/// never is.
extension STSClient {
    /// The partitions whose roles `AssumeRole` may assume.
    static let assumeRolePartitions: Set<Substring> = ["aws", "aws-cn", "aws-us-gov"]

    /// The partitions whose roles may be assumed with a web identity: every partition the endpoint resolver knows.
    static let webIdentityPartitions: Set<Substring> = Self.assumeRolePartitions.union([
        "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc",
    ])

    /// The session lengths STS accepts, in seconds (15 minutes to 12 hours; the role's maximum may be lower).
    static let durationRange = 900...43_200

    /// Checks the input of `AssumeRole` before any I/O; the external ID is never echoed.
    ///
    /// - Throws: ``AWSError/Code/invalidRequest`` naming the first field at fault.
    static func validateAssumeRole(
        roleArn: String,
        roleSessionName: String,
        externalId: String?,
        durationSeconds: Int?
    ) throws(AWSError) {
        try Self.validate(
            "AssumeRole",
            otherProblem: externalId.flatMap(Self.externalIdProblem),
            roleArn: roleArn,
            partitions: Self.assumeRolePartitions,
            roleSessionName: roleSessionName,
            durationSeconds: durationSeconds
        )
    }

    /// What is wrong with an external ID, without its value, or `nil` if it is 2 to 1224 characters of letters,
    /// digits and `_+=,.@:/-` (STS's `[\w+=,.@:/-]`).
    static func externalIdProblem(_ externalId: String) -> String? {
        guard (2...1224).contains(externalId.utf8.count), Self.consists(of: externalId[...], orOf: "_+=,.@:/-") else {
            return "needs an ExternalId of 2 to 1224 letters, digits or '_+=,.@:/-' (the value given is not shown)"
        }
        return nil
    }

    /// Whether `text` is `arn:<partition>:iam::<12 digits>:role/<path/><name>` with a partition of `partitions`, a
    /// path of printable ASCII and a name of 1 to 64 letters, digits or `_+=,.@-`, at most 2048 bytes in all.
    static func isRoleArn(_ text: String, partitions: Set<Substring>) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard text.utf8.count <= 2048, parts.count == 6, parts[0] == "arn", partitions.contains(parts[1]),
            parts[2] == "iam", parts[3].isEmpty, parts[4].utf8.count == 12,
            parts[4].utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            parts[5].hasPrefix("role/")
        else { return false }
        let pathAndName = parts[5].dropFirst("role/".count)
        let name = pathAndName.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        let path = pathAndName.dropLast(name.count)
        return (1...64).contains(name.utf8.count) && Self.consists(of: name, orOf: "_+=,.@-")
            && path.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// Whether every character of `text` is an ASCII letter or digit or one of `others`.
    static func consists(of text: Substring, orOf others: String) -> Bool {
        text.allSatisfy { character in
            character.isASCII && (character.isLetter || character.isNumber || others.contains(character))
        }
    }
}

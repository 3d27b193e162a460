// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// The role a mount asks STS for with the credentials of its pod, before it fetches: the `assumeRoleArn`,
/// `assumeRoleExternalId` and `assumeRoleDurationSeconds` parameters (role chaining, as the incumbent's PR #555
/// proposes).
///
/// Only parsed and checked here; nil in ``MountPlan/assumeRole`` when the class names no role. Two requests are
/// equal only when their texts have the same bytes (``ExactText``). Printing a request never shows the external
/// ID, which works like a shared secret between the account owner and the role's trust policy.
public struct AssumeRoleRequest: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// The session length when `assumeRoleDurationSeconds` is absent, in seconds: the longest STS grants a chained
    /// session.
    public static let defaultDurationSeconds = 3600

    /// The session lengths `assumeRoleDurationSeconds` may ask for, in seconds: STS's minimum, and the one-hour cap
    /// of a session assumed with the credentials of another role.
    public static let durationSecondsRange = 900...3600

    /// The lengths an external ID may have, in characters (STS's `ExternalId` limits).
    public static let externalIdLengthRange = 2...1224

    /// The role to assume, `arn:<partition>:iam::<account>:role/<path/>name`.
    public let roleArn: String

    /// The external ID the role's trust policy asks for; nil when the class gives none.
    public let externalId: String?

    /// How long the session lasts, in seconds, within ``durationSecondsRange``.
    public let durationSeconds: Int

    /// Whether both requests have the same bytes of role ARN and external ID, and the same duration.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.exactKey == rhs.exactKey
    }

    /// Hashes the exact bytes of the role ARN and the external ID, and the duration.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.exactKey)
    }

    /// `arn:aws:iam::123456789012:role/app (external ID set, 3600 s)`; never the external ID (`String(reflecting:)`
    /// prints this too).
    public var description: String {
        let externalId = self.externalId == nil ? "no external ID" : "external ID set"
        return "\(UserText.shown(self.roleArn)) (\(externalId), \(self.durationSeconds) s)"
    }

    /// A mirror with the external ID redacted, so `dump(_:)` and debuggers do not reveal it either.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "roleArn": self.roleArn, "externalId": self.externalId.map { _ in "<REDACTED>" } as Any,
                "durationSeconds": self.durationSeconds,
            ],
            displayStyle: .struct
        )
    }

    private var exactKey: ExactKey {
        ExactKey(
            roleArn: ExactText(self.roleArn),
            externalId: self.externalId.map(ExactText.init),
            durationSeconds: self.durationSeconds
        )
    }

    private struct ExactKey: Hashable {
        let roleArn: ExactText
        let externalId: ExactText?
        let durationSeconds: Int
    }

    /// A request as given, unchecked: for the package's tests; classes go through ``MountPlan``, which validates.
    package init(roleArn: String, externalId: String?, durationSeconds: Int) {
        self.roleArn = roleArn
        self.externalId = externalId
        self.durationSeconds = durationSeconds
    }

    /// Reads the three parameters; empty means absent.
    /// - Parameters:
    ///   - attributes: The attributes holding the parameters.
    ///   - problems: Where every problem is added: each invalid value, and the external ID or duration given
    ///     without a role. Messages name the parameter and its rule, never the external ID's value.
    /// - Returns: The request, or nil when no role is named or a parameter is invalid.
    static func parse(_ attributes: MountAttributes, problems: inout [Problem]) -> AssumeRoleRequest? {
        let count = problems.count
        let roleArn = attributes.assumeRoleArn
        if let reason = IAMRoleARN.violation(roleArn) {
            problems.append(
                Problem(
                    code: .invalidAssumeRoleArn,
                    field: MountAttributes.assumeRoleArnKey,
                    message: "Invalid assumeRoleArn: \(UserText.shown(roleArn)) (\(reason))"
                )
            )
        }
        let externalId = attributes.assumeRoleExternalId
        if let problem = Self.externalIdProblem(externalId) {
            problems.append(problem)
        }
        let duration = Self.duration(attributes.assumeRoleDurationSeconds, problems: &problems)
        if roleArn.isEmpty {
            for (key, value) in [
                (MountAttributes.assumeRoleExternalIdKey, externalId),
                (MountAttributes.assumeRoleDurationSecondsKey, attributes.assumeRoleDurationSeconds),
            ] where !value.isEmpty {
                problems.append(
                    Problem(
                        code: .assumeRoleWithoutArn,
                        field: key,
                        message: "\(key) is set but assumeRoleArn is not: set assumeRoleArn to the role to assume, "
                            + "or remove \(key)"
                    )
                )
            }
        }
        guard !roleArn.isEmpty, problems.count == count else {
            return nil
        }
        return AssumeRoleRequest(
            roleArn: roleArn,
            externalId: externalId.isEmpty ? nil : externalId,
            durationSeconds: duration ?? Self.defaultDurationSeconds
        )
    }

    /// The problem with an external ID, naming its length and the rules it breaks but never its value.
    private static func externalIdProblem(_ externalId: String) -> Problem? {
        guard !externalId.isEmpty else {
            return nil
        }
        let length = externalId.unicodeScalars.count
        var reasons: [String] = []
        if !Self.externalIdLengthRange.contains(length) {
            reasons.append(
                "it must have \(Self.externalIdLengthRange.lowerBound) to \(Self.externalIdLengthRange.upperBound) "
                    + "characters"
            )
        }
        if !externalId.utf8.allSatisfy(Self.isExternalIdByte) {
            reasons.append("it may only have letters, digits and _+=,.@:/-")
        }
        guard !reasons.isEmpty else {
            return nil
        }
        return Problem(
            code: .invalidAssumeRoleExternalId,
            field: MountAttributes.assumeRoleExternalIdKey,
            message: "Invalid assumeRoleExternalId (\(length) character\(length == 1 ? "" : "s"), value not shown): "
                + reasons.joined(separator: "; ")
        )
    }

    /// `[\w+=,.@:/-]`, as STS's `ExternalId` pattern.
    private static func isExternalIdByte(_ byte: UInt8) -> Bool {
        IAMRoleARN.isNameByte(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "/")
    }

    /// The session length in seconds; nil when absent, or (reported) when not a whole number in the range.
    private static func duration(_ text: String, problems: inout [Problem]) -> Int? {
        guard !text.isEmpty else {
            return nil
        }
        // At most ten digits: no overflow, and anything longer is out of range anyway.
        if text.utf8.count <= 10, text.utf8.allSatisfy(\.isASCIIDigit), let seconds = Int(text),
            Self.durationSecondsRange.contains(seconds)
        {
            return seconds
        }
        problems.append(
            Problem(
                code: .invalidAssumeRoleDuration,
                field: MountAttributes.assumeRoleDurationSecondsKey,
                message: "Invalid assumeRoleDurationSeconds: \(UserText.shown(text)) (a whole number of seconds from "
                    + "\(Self.durationSecondsRange.lowerBound) to \(Self.durationSecondsRange.upperBound): STS caps "
                    + "a session assumed with another role's credentials at one hour)"
            )
        )
        return nil
    }
}

/// The rules of an IAM role ARN: `arn:<partition>:iam::<12-digit account>:role/<path/>name`, with IAM's
/// rules for the role's name and path.
enum IAMRoleARN {
    /// The partitions a role may be in.
    static let partitions: Set<ExactText> = [ExactText("aws"), ExactText("aws-cn"), ExactText("aws-us-gov")]

    /// The longest role name, in characters.
    static let maximumNameLength = 64

    /// The longest role path (`/` included), in characters.
    static let maximumPathLength = 512

    /// Why `text` is not an IAM role ARN, or nil when it is one or is empty (no role).
    static func violation(_ text: String) -> String? {
        guard !text.isEmpty else {
            return nil
        }
        guard let arn = AmazonResourceName(text) else {
            return "an IAM role ARN is arn:<partition>:iam::<account>:role/<name>, such as "
                + "arn:aws:iam::123456789012:role/app"
        }
        guard Self.partitions.contains(ExactText(arn.partition)) else {
            return "the partition must be aws, aws-cn or aws-us-gov"
        }
        guard ExactText(arn.service) == ExactText("iam") else {
            return "the service must be iam"
        }
        guard arn.region.isEmpty else {
            return "an IAM ARN has no region"
        }
        guard arn.accountID.utf8.count == 12, arn.accountID.utf8.allSatisfy(\.isASCIIDigit) else {
            return "the account ID must be 12 digits"
        }
        let resource = Array(arn.resource.utf8)
        guard resource.starts(with: "role/".utf8) else {
            return "the resource must be role/<name> or role/<path>/<name>"
        }
        // `role/app` has the path `/`; `role/team/app` has `/team/`. The name has no `/`, so it is all after the
        // last one.
        let lastSlash = resource.lastIndex(of: UInt8(ascii: "/"))!
        let path = resource[4...lastSlash]
        let name = resource[(lastSlash + 1)...]
        guard (1...Self.maximumNameLength).contains(name.count), name.allSatisfy(Self.isNameByte) else {
            return "a role name must be 1 to \(Self.maximumNameLength) letters, digits and _+=,.@-"
        }
        // IAM also allows DEL (0x7F) in paths; a control character in a role's path is refused here.
        guard path.count <= Self.maximumPathLength, path.count != 2, path.allSatisfy({ (0x21...0x7E).contains($0) })
        else {
            return "a role path must be / or /<path>/, at most \(Self.maximumPathLength) printable ASCII characters "
                + "with no space"
        }
        return nil
    }

    /// `[\w+=,.@-]`: the characters of IAM names.
    static func isNameByte(_ byte: UInt8) -> Bool {
        byte.isASCIIDigit || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
            || "_+=,.@-".utf8.contains(byte)
    }
}

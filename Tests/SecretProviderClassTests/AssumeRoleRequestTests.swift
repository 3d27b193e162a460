// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Testing

/// One bad value of an assume-role parameter: the parameters given, and the one problem they make.
struct AssumeRoleCase: Sendable, CustomTestStringConvertible {
    let name: String
    let parameters: [String: String]
    let code: SecretProviderClassError.Code
    let field: String
    let message: String

    var testDescription: String {
        self.name
    }

    /// `assumeRoleArn` set to `arn`, alone; `shown` is how the message shows it, if not as written.
    static func arn(_ name: String, _ arn: String, _ reason: String, shown: String? = nil) -> AssumeRoleCase {
        AssumeRoleCase(
            name: "assumeRoleArn: \(name)",
            parameters: ["assumeRoleArn": arn],
            code: .invalidAssumeRoleArn,
            field: "assumeRoleArn",
            message: "Invalid assumeRoleArn: \(shown ?? shortened(arn)) (\(reason))"
        )
    }

    /// A valid role with `assumeRoleExternalId` set to `externalId`.
    static func externalId(_ name: String, _ externalId: String, _ described: String) -> AssumeRoleCase {
        AssumeRoleCase(
            name: "assumeRoleExternalId: \(name)",
            parameters: ["assumeRoleArn": role, "assumeRoleExternalId": externalId],
            code: .invalidAssumeRoleExternalId,
            field: "assumeRoleExternalId",
            message: "Invalid assumeRoleExternalId (\(described)"
        )
    }

    /// A valid role with `assumeRoleDurationSeconds` set to `duration`.
    static func duration(_ duration: String, shown: String? = nil) -> AssumeRoleCase {
        AssumeRoleCase(
            name: "assumeRoleDurationSeconds: \(duration.debugDescription)",
            parameters: ["assumeRoleArn": role, "assumeRoleDurationSeconds": duration],
            code: .invalidAssumeRoleDuration,
            field: "assumeRoleDurationSeconds",
            message: "Invalid assumeRoleDurationSeconds: \(shown ?? duration) (a whole number of seconds from 900 to "
                + "3600: STS caps a session assumed with another role's credentials at one hour)"
        )
    }

    /// `key` set without `assumeRoleArn`.
    static func withoutArn(_ key: String, _ value: String) -> AssumeRoleCase {
        AssumeRoleCase(
            name: "\(key) without assumeRoleArn",
            parameters: [key: value],
            code: .assumeRoleWithoutArn,
            field: key,
            message: "\(key) is set but assumeRoleArn is not: set assumeRoleArn to the role to assume, or remove \(key)"
        )
    }

    /// A message shows at most 200 characters of a value.
    private static func shortened(_ text: String) -> String {
        text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}

private let role = "arn:aws:iam::123456789012:role/app"
private let notARole =
    "an IAM role ARN is arn:<partition>:iam::<account>:role/<name>, such as "
    + "arn:aws:iam::123456789012:role/app"
private let roles = "arn:aws:iam::123456789012:role/"
private let tooLong = String(repeating: "x", count: 1225)
private let badPartition = "the partition must be aws, aws-cn or aws-us-gov"
private let badAccount = "the account ID must be 12 digits"
private let badResource = "the resource must be role/<name> or role/<path>/<name>"
private let badName = "a role name must be 1 to 64 letters, digits and _+=,.@-"
private let badPath = "a role path must be / or /<path>/, at most 512 printable ASCII characters with no space"
private let badLength = "it must have 2 to 1224 characters"
private let badCharacters = "it may only have letters, digits and _+=,.@:/-"

struct AssumeRoleRequestTests {
    static let rejected: [AssumeRoleCase] = [
        .arn("not an ARN", "role/app", notARole),
        .arn("five sections", "arn:aws:iam::123456789012", notARole),
        .arn("unknown partition", "arn:aws-iso:iam::123456789012:role/app", badPartition),
        .arn("partition in capitals", "arn:AWS:iam::123456789012:role/app", badPartition),
        .arn("another service", "arn:aws:sts::123456789012:role/app", "the service must be iam"),
        .arn("a region", "arn:aws:iam:us-east-1:123456789012:role/app", "an IAM ARN has no region"),
        .arn("11-digit account", "arn:aws:iam::12345678901:role/app", badAccount),
        .arn("letters in the account", "arn:aws:iam::12345678901a:role/app", badAccount),
        .arn("no account", "arn:aws:iam:::role/app", badAccount),
        .arn("a user", "arn:aws:iam::123456789012:user/app", badResource),
        .arn("no role name or slash", "arn:aws:iam::123456789012:role", badResource),
        .arn("an empty role name", roles, badName),
        .arn("an empty name after a path", roles + "team/", badName),
        .arn("a space in the name", roles + "my app", badName),
        .arn("a # in the name", roles + "app#1", badName),
        .arn("a letter that is not ASCII", roles + "caf\u{E9}", badName),
        .arn("a 65-character name", roles + String(repeating: "a", count: 65), badName),
        .arn("an empty path element", roles + "/app", badPath),
        .arn("a space in the path", roles + "my team/app", badPath),
        .arn("a tab in the path", roles + "a\tb/app", badPath, shown: roles + "a\\tb/app"),
        .arn("a path that is not ASCII", roles + "\u{E9}quipe/app", badPath),
        .arn("a 514-character path", roles + String(repeating: "p", count: 512) + "/app", badPath),
        .externalId("one character", "a", "1 character, value not shown): \(badLength)"),
        .externalId("1225 characters", tooLong, "1225 characters, value not shown): \(badLength)"),
        .externalId("a space", "tenant 42", "9 characters, value not shown): \(badCharacters)"),
        .externalId("a newline", "tenant\n42", "9 characters, value not shown): \(badCharacters)"),
        .externalId(
            "letters that are not ASCII",
            "caf\u{E9}-\u{F1}",
            "6 characters, value not shown): \(badCharacters)"
        ),
        .externalId("too short, and not allowed", "#", "1 character, value not shown): \(badLength); \(badCharacters)"),
        .duration("899"),
        .duration("3601"),
        .duration("43200"),
        .duration("0"),
        .duration("-900"),
        .duration("+900"),
        .duration("900.0"),
        .duration("1h"),
        .duration(" 900"),
        .duration("99999999999"),
        .duration("\u{FF19}\u{FF10}\u{FF10}"),
        .duration("9\n00", shown: "9\\n00"),
        .withoutArn("assumeRoleExternalId", "tenant-42"),
        .withoutArn("assumeRoleDurationSeconds", "900"),
    ]

    @Test(
        "every bad value of the assume-role parameters has its own message, naming the parameter",
        arguments: rejected
    )
    func rejects(invalid: AssumeRoleCase) throws {
        let found = problems(object("s"), invalid.parameters)
        #expect(found.map(\.code) == [invalid.code])
        let problem = try #require(found.first)
        #expect(problem.field == invalid.field)
        #expect(problem.message == invalid.message)
        #expect(problem.objectIndex == nil)
    }

    @Test(
        "valid roles, external IDs and durations make the plan's request; the duration defaults to 3600",
        arguments: [
            ([:], nil),
            (["assumeRoleArn": "", "assumeRoleExternalId": "", "assumeRoleDurationSeconds": ""], nil),
            (["assumeRoleArn": role], (role, nil, 3600)),
            (
                ["assumeRoleArn": "arn:aws-cn:iam::123456789012:role/app"],
                ("arn:aws-cn:iam::123456789012:role/app", nil, 3600)
            ),
            (
                ["assumeRoleArn": "arn:aws-us-gov:iam::000000000000:role/team/sub-1/App_+=,.@-9"],
                ("arn:aws-us-gov:iam::000000000000:role/team/sub-1/App_+=,.@-9", nil, 3600)
            ),
            (
                ["assumeRoleArn": "arn:aws:iam::123456789012:role/!\"#$%&'()*+,-.:;<>?[]^`{|}~//app"],
                ("arn:aws:iam::123456789012:role/!\"#$%&'()*+,-.:;<>?[]^`{|}~//app", nil, 3600)
            ),
            (["assumeRoleArn": role, "assumeRoleExternalId": "ab"], (role, "ab", 3600)),
            (["assumeRoleArn": role, "assumeRoleExternalId": "Az09_+=,.@:/-"], (role, "Az09_+=,.@:/-", 3600)),
            (["assumeRoleArn": role, "assumeRoleDurationSeconds": "900"], (role, nil, 900)),
            (["assumeRoleArn": role, "assumeRoleDurationSeconds": "3600"], (role, nil, 3600)),
            (["assumeRoleArn": role, "assumeRoleDurationSeconds": "1800"], (role, nil, 1800)),
        ] as [([String: String], (String, String?, Int)?)]
    )
    func accepts(parameters: [String: String], expected: (String, String?, Int)?) throws {
        let request = try makePlan(object("s"), parameters).assumeRole
        #expect(request?.roleArn == expected?.0)
        #expect(request?.externalId == expected?.1)
        #expect(request?.durationSeconds == expected?.2)
    }

    @Test("the longest name (64), path (512) and external ID (1224) are accepted")
    func longest() throws {
        let arn =
            "arn:aws:iam::123456789012:role/" + String(repeating: "p", count: 510) + "/"
            + String(repeating: "n", count: 64)
        let externalId = String(repeating: "e", count: 1224)
        let request = try #require(
            try makePlan(object("s"), ["assumeRoleArn": arn, "assumeRoleExternalId": externalId]).assumeRole
        )
        #expect(request.roleArn == arn)
        #expect(request.externalId == externalId)
    }

    @Test("every problem of the three parameters is reported with the others, in parameter order")
    func allTogether() throws {
        let found = problems(
            object("s"),
            [
                "region": "us east 1", "assumeRoleArn": "arn:aws:iam::1:role/app", "assumeRoleExternalId": "#",
                "assumeRoleDurationSeconds": "7200",
            ]
        )
        #expect(
            found.map(\.code) == [
                .invalidRegion, .invalidAssumeRoleArn, .invalidAssumeRoleExternalId, .invalidAssumeRoleDuration,
            ]
        )
        let withoutRole = problems(
            object("s"),
            ["assumeRoleExternalId": "tenant-42", "assumeRoleDurationSeconds": "60"]
        )
        #expect(
            withoutRole.map(\.code) == [.invalidAssumeRoleDuration, .assumeRoleWithoutArn, .assumeRoleWithoutArn]
        )
        #expect(
            withoutRole.map(\.field) == [
                "assumeRoleDurationSeconds", "assumeRoleExternalId", "assumeRoleDurationSeconds",
            ]
        )
    }

    @Test("the external ID never appears in a message, a description or a dump")
    func externalIdIsNeverShown() throws {
        let secret = "Ext3rnal-ID-9f2c"
        let invalid = secret + "#"
        let error = try #require(throws: SecretProviderClassError.self) {
            try makePlan(object("s"), ["assumeRoleArn": role, "assumeRoleExternalId": invalid])
        }
        #expect(!error.message.contains(secret) && !error.description.contains(secret))
        #expect(error.message.contains("17 characters, value not shown"))

        let request = try #require(
            try makePlan(object("s"), ["assumeRoleArn": role, "assumeRoleExternalId": secret]).assumeRole
        )
        #expect("\(request)" == "\(role) (external ID set, 3600 s)")
        #expect(String(reflecting: request) == "\(role) (external ID set, 3600 s)")
        var dumped = ""
        dump(request, to: &dumped)
        #expect(dumped.contains("<REDACTED>") && !dumped.contains(secret))
        #expect(dumped.contains(role))
    }

    @Test("requests are equal when their role, external ID and duration are")
    func equality() throws {
        func request(_ parameters: [String: String]) throws -> AssumeRoleRequest? {
            try makePlan(object("s"), parameters).assumeRole
        }
        let tenant = ["assumeRoleArn": role, "assumeRoleExternalId": "tenant-42"]
        let first = try request(tenant)
        let same = try request(tenant)
        let others = [
            try request(["assumeRoleArn": role, "assumeRoleExternalId": "tenant-43"]),
            try request(["assumeRoleArn": role]),
            try request(tenant.merging(["assumeRoleDurationSeconds": "900"]) { _, new in new }),
        ]
        #expect(first == same)
        #expect(Set([first, same]).count == 1)
        for other in others {
            #expect(first != other)
        }
        #expect(others[1].map { "\($0)" } == "\(role) (no external ID, 3600 s)")
    }
}

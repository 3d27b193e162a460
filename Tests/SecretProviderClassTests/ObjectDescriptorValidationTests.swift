// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Testing

/// One case of the incumbent's validation table (ascp-reference §3).
struct RuleCase: Sendable, CustomTestStringConvertible {
    let rule: String
    let objects: String
    var parameters: [String: String] = [:]
    let code: SecretProviderClassError.Code
    let field: String
    let message: String

    var testDescription: String {
        "\(self.rule): \(self.message)"
    }
}

private let smARN = "arn:aws:secretsmanager:us-west-2:123456789012:secret:db-AbCdEf"
private let failoverARN = "arn:aws:secretsmanager:us-east-2:123456789012:secret:db-AbCdEf"
private let twoRegions = ["region": "us-west-2", "failoverRegion": "us-east-2"]

struct ObjectDescriptorValidationTests {
    static let rejected: [RuleCase] = [
        RuleCase(
            rule: "objectEncoding",
            objects: "- {objectName: db, objectType: secretsmanager, objectEncoding: base32}",
            code: .invalidObjectEncoding,
            field: "objectEncoding",
            message: "objectEncoding must be one of utf-8, base64, base64url, hex (got \"base32\")"
        ),
        RuleCase(
            rule: "objectEncoding of a jmesPath entry",
            objects:
                "- {objectName: db, objectType: secretsmanager, jmesPath: [{path: a, objectAlias: a, objectEncoding: b64}]}",
            code: .invalidObjectEncoding,
            field: "jmesPath[0].objectEncoding",
            message: "jmesPath[0].objectEncoding must be one of utf-8, base64, base64url, hex (got \"b64\")"
        ),
        RuleCase(
            rule: "mountAllKeys",
            objects: "- {objectName: db, objectType: secretsmanager, mountAllKeys: yes please}",
            code: .invalidMountAllKeys,
            field: "mountAllKeys",
            message: "mountAllKeys must be true or false (got \"yes please\")"
        ),
        RuleCase(
            rule: "V1",
            objects: "- objectType: secretsmanager\n  objectAlias: a",
            code: .missingObjectName,
            field: "objectName",
            message: "Object name must be specified"
        ),
        RuleCase(
            rule: "V2",
            objects: "- objectName: \"arn::\"",
            code: .invalidARN,
            field: "objectName",
            message: "Invalid ARN format in object name: arn::"
        ),
        RuleCase(
            rule: "V2 (five sections)",
            objects: "- objectName: arn:aws:secretsmanager:us-west-2:123456789012\n  objectAlias: a",
            code: .invalidARN,
            field: "objectName",
            message: "Invalid ARN format in object name: arn:aws:secretsmanager:us-west-2:123456789012"
        ),
        RuleCase(
            rule: "V3",
            objects: "- objectName: \(smARN)",
            parameters: ["region": "us-east-1"],
            code: .arnRegionMismatch,
            field: "objectName",
            message: "ARN region must match region us-east-1: \(smARN)"
        ),
        RuleCase(
            rule: "V4",
            objects: "- objectName: db-creds",
            code: .missingObjectType,
            field: "objectType",
            message: "Must use objectType when a full ARN is not specified: db-creds"
        ),
        RuleCase(
            rule: "V5",
            objects: "- objectName: arn:aws:sts:us-west-2:123456789012:role/x",
            parameters: ["region": "us-west-2"],
            code: .invalidARNService,
            field: "objectName",
            message: "Invalid service in ARN: sts"
        ),
        RuleCase(
            rule: "V6 (ssm)",
            objects: object("p", type: "ssm"),
            code: .invalidObjectType,
            field: "objectType",
            message: "Invalid objectType: ssm"
        ),
        RuleCase(
            rule: "V6 (sts)",
            objects: object("p", type: "sts"),
            code: .invalidObjectType,
            field: "objectType",
            message: "Invalid objectType: sts"
        ),
        RuleCase(
            rule: "V6 (case-sensitive)",
            objects: object("p", type: "SecretsManager"),
            code: .invalidObjectType,
            field: "objectType",
            message: "Invalid objectType: SecretsManager"
        ),
        RuleCase(
            rule: "V7",
            objects: object(smARN, type: "ssmparameter"),
            parameters: ["region": "us-west-2"],
            code: .objectTypeMismatch,
            field: "objectName",
            message: "objectType does not match ARN: \(smARN)"
        ),
        RuleCase(
            rule: "V7 (an ARN of another service)",
            objects: object("arn:aws:sts:us-west-2:123456789012:role/x", type: "ssmparameter"),
            parameters: ["region": "us-west-2"],
            code: .objectTypeMismatch,
            field: "objectName",
            message: "objectType does not match ARN: arn:aws:sts:us-west-2:123456789012:role/x"
        ),
        RuleCase(
            rule: "V8",
            objects: object("p", type: "ssmparameter", "  objectVersion: 1\n  objectVersionLabel: L\n"),
            code: .ssmVersionAndLabel,
            field: "objectVersionLabel",
            message: "ssm parameters can not specify both objectVersion and objectVersionLabel: p"
        ),
        RuleCase(
            rule: "V9",
            objects: object("mypath/../../param"),
            parameters: ["pathTranslation": "False"],
            code: .pathTraversal,
            field: "objectName",
            message: "path can not contain ../: mypath/../../param"
        ),
        RuleCase(
            rule: "V10 (object)",
            objects: object("s", "  filePermission: \"777\"\n"),
            code: .invalidFilePermission,
            field: "filePermission",
            message: "Invalid File Permission: 777"
        ),
        RuleCase(
            rule: "V10 (jmesPath entry)",
            objects: object("s", "  jmesPath:\n    - path: a\n      objectAlias: a\n      filePermission: rw\n"),
            code: .invalidFilePermission,
            field: "jmesPath[0].filePermission",
            message: "Invalid File Permission: rw"
        ),
        RuleCase(
            rule: "V11",
            objects: object("s", "  jmesPath:\n    - objectAlias: a\n"),
            code: .missingJMESPath,
            field: "jmesPath[0].path",
            message: "Path must be specified for JMES object"
        ),
        RuleCase(
            rule: "V12",
            objects: object("s", "  jmesPath:\n    - path: a\n"),
            code: .missingJMESAlias,
            field: "jmesPath[0].objectAlias",
            message: "Object alias must be specified for JMES object"
        ),
        RuleCase(
            rule: "V13",
            objects: object("s", "  failoverObject:\n    objectName: t\n"),
            parameters: twoRegions,
            code: .missingFailoverAlias,
            field: "objectAlias",
            message: "object alias must be specified for objects with failover entries: s"
        ),
        RuleCase(
            rule: "V14",
            objects: object("s", "  objectAlias: a\n  failoverObject:\n    objectName: t\n"),
            code: .failoverWithoutRegion,
            field: "failoverObject.objectName",
            message: "failover object allowed only when failover region is defined: s"
        ),
        RuleCase(
            rule: "V15 (ARN region)",
            objects: object("s", "  objectAlias: a\n  failoverObject:\n    objectName: \(smARN)\n"),
            parameters: twoRegions,
            code: .arnRegionMismatch,
            field: "failoverObject.objectName",
            message: "ARN region must match region us-east-2: \(smARN)"
        ),
        RuleCase(
            rule: "V15 (no objectType for a failover name that is not an ARN)",
            objects: "- objectName: \(smARN)\n  objectAlias: a\n  failoverObject:\n    objectName: db\n",
            parameters: twoRegions,
            code: .missingObjectType,
            field: "objectType",
            message: "Must use objectType when a full ARN is not specified: db"
        ),
        RuleCase(
            rule: "V15 (objectType and the failover ARN disagree)",
            objects: object(
                "p",
                type: "ssmparameter",
                "  objectAlias: a\n  failoverObject:\n    objectName: \(failoverARN)\n"
            ),
            parameters: twoRegions,
            code: .objectTypeMismatch,
            field: "failoverObject.objectName",
            message: "objectType does not match ARN: \(failoverARN)"
        ),
        RuleCase(
            rule: "V16",
            objects: object(
                "p",
                type: "ssmparameter",
                "  objectAlias: a\n  objectVersion: 1\n  failoverObject:\n    objectName: q\n"
                    + "    objectVersion: 1\n    objectVersionLabel: L\n"
            ),
            parameters: twoRegions,
            code: .ssmVersionAndLabel,
            field: "failoverObject.objectVersionLabel",
            message: "ssm parameters can not specify both objectVersion and objectVersionLabel: p"
        ),
        RuleCase(
            rule: "V17",
            objects: object("s", "  objectAlias: a\n  failoverObject:\n    objectName: t\n    objectVersion: v2\n"),
            parameters: twoRegions,
            code: .failoverVersionMismatch,
            field: "failoverObject.objectVersion",
            message: "object versions must match between primary and failover regions: s"
        ),
    ]

    @Test("each rule of §3 rejects with the incumbent's message, naming the object and field", arguments: rejected)
    func rejects(rule: RuleCase) throws {
        let error = try #require(throws: SecretProviderClassError.self) {
            try makePlan(rule.objects, rule.parameters)
        }
        #expect(error.code == rule.code)
        #expect(error.problems.count == 1)
        let problem = try #require(error.problems.first)
        #expect(problem.message == rule.message)
        #expect(problem.field == rule.field)
        #expect(problem.objectIndex == 0)
        #expect(error.message.hasPrefix("objects[0]"))
    }

    @Test("every rule ID V1–V17 has a case")
    func coverage() {
        let covered = Set(Self.rejected.map { String($0.rule.prefix(while: { $0 != " " })) })
        #expect(covered.filter { $0.hasPrefix("V") } == Set((1...17).map { "V\($0)" }))
    }

    @Test(
        "configurations the incumbent accepts are accepted",
        arguments: [
            object("s", "  objectVersion: v1\n  objectVersionLabel: AWSPREVIOUS\n"),
            object("p", type: "ssmparameter", "  objectVersion: 3\n"),
            "- objectName: \(smARN)\n",
            "- objectName: arn:aws:ssm:us-west-2:123456789012:parameter/app/db\n",
            object(smARN, type: "secretsmanager"),
            object("s", "  filePermission: \"0600\"\n  jmesPath:\n    - path: a\n      objectAlias: a\n"),
            // A failoverObject without a name is not checked, as by the incumbent.
            object("s", "  failoverObject:\n    objectVersionLabel: L\n"),
            object("s", "  objectAlias: a\n  failoverObject:\n    objectName: \(failoverARN)\n"),
        ]
    )
    func accepts(objects: String) throws {
        let plan = try makePlan(objects, twoRegions)
        #expect(plan.objects.count == 1)
    }

    @Test("independent problems of one object are all reported, one line each")
    func severalProblemsPerObject() throws {
        let found = problems(
            "- objectName: \"\"\n  objectType: ssm\n  filePermission: \"999\"\n  jmesPath:\n    - {}\n"
        )
        #expect(
            found.map(\.code) == [
                .invalidFilePermission, .missingObjectName, .invalidObjectType, .missingJMESPath, .missingJMESAlias,
            ]
        )
        #expect(Set(found.map(\.objectIndex)) == [0])
    }

    @Test("V3 waits for the primary region when the class has none, and runs in resolved(fallbackRegion:)")
    func deferredARNRegion() throws {
        let plan = try makePlan("- objectName: \(smARN)\n")
        #expect(plan.region == nil)
        let resolved = try plan.resolved(fallbackRegion: "us-west-2")
        #expect(resolved.regions.primary == "us-west-2")
        let error = try #require(throws: SecretProviderClassError.self) {
            try plan.resolved(fallbackRegion: "eu-west-1")
        }
        #expect(error.code == .arnRegionMismatch)
        #expect(
            error.message
                == "objects[0] \"\(smARN)\", field objectName: ARN region must match region eu-west-1: \(smARN)"
        )
    }

    @Test("an invalid JMESPath names the object, the entry and the JMESPath error")
    func invalidJMESPath() throws {
        let found = problems(object("s", "  jmesPath:\n    - path: api-key\n      objectAlias: key\n"))
        #expect(found.map(\.code) == [.invalidJMESPath])
        #expect(found.first?.field == "jmesPath[0].path")
        #expect(
            found.first?.message
                == "Invalid JMES Path: api-key. (syntax: unexpected token '-' at column 4; quote identifiers that "
                + "contain '-' as \"api-key\")"
        )
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Testing

/// An `objects` list and the one problem it must give, on its second (or given) object.
struct DuplicateCase: Sendable, CustomTestStringConvertible {
    let rule: String
    let objects: String
    var parameters: [String: String] = [:]
    let code: SecretProviderClassError.Code
    let field: String
    let message: String
    var objectIndex = 1

    var testDescription: String {
        "\(self.rule): \(self.message)"
    }
}

struct DuplicateRulesTests {
    static let rejected: [DuplicateCase] = [
        DuplicateCase(
            rule: "§2.9 case 1",
            objects: object("s", "  objectAlias: a\n") + object("s", "  objectAlias: a\n"),
            code: .duplicateObject,
            field: "objectName",
            message: "found descriptor with duplicate object name s, duplicate object alias a, and no version label"
        ),
        DuplicateCase(
            rule: "§2.9 case 2",
            objects: object("s", "  objectVersionLabel: L\n") + object("s", "  objectVersionLabel: L\n"),
            code: .duplicateObject,
            field: "objectName",
            message: "found descriptor with duplicate object name s, no object alias, and duplicate version label L"
        ),
        DuplicateCase(
            rule: "§2.9 case 3",
            objects: object("s", "  objectAlias: a\n  objectVersionLabel: L\n")
                + object("s", "  objectAlias: a\n  objectVersionLabel: L\n"),
            code: .duplicateObject,
            field: "objectName",
            message: "found descriptor with duplicate object name s, duplicate object alias a, and duplicate version "
                + "label L"
        ),
        DuplicateCase(
            rule: "§2.9 case 4",
            objects: object("s") + object("s"),
            code: .duplicateObject,
            field: "objectName",
            message: "found descriptor with duplicate object name s, no object alias, and no version label"
        ),
        DuplicateCase(
            rule: "§2.9 duplicate alias (different names)",
            objects: object("s", "  objectAlias: a\n") + object("t", "  objectAlias: a\n"),
            code: .duplicateAlias,
            field: "objectAlias",
            message: "found duplicate object alias a"
        ),
        DuplicateCase(
            rule: "§2.9 duplicate alias (same name and alias, different labels)",
            objects: object("s", "  objectAlias: a\n  objectVersionLabel: AWSCURRENT\n")
                + object("s", "  objectAlias: a\n  objectVersionLabel: AWSPREVIOUS\n"),
            code: .duplicateAlias,
            field: "objectAlias",
            message: "found duplicate object alias a"
        ),
        DuplicateCase(
            rule: "§2.9 object alias equal to an earlier jmesPath alias",
            objects: object("s", "  jmesPath:\n    - path: u\n      objectAlias: user\n")
                + object("t", "  objectAlias: user\n"),
            code: .duplicateAlias,
            field: "objectAlias",
            message: "found duplicate object alias user"
        ),
        DuplicateCase(
            rule: "§2.9 jmesPath alias already in use",
            objects: object("s", "  objectAlias: a\n")
                + object("t", "  jmesPath:\n    - path: x.y\n      objectAlias: a\n"),
            code: .duplicateAlias,
            field: "jmesPath[0].objectAlias",
            message: "Name already in use for objectAlias: found duplicate object alias a in JMES path entry x.y"
        ),
        DuplicateCase(
            rule: "§2.9 jmesPath alias equal to its own object's alias",
            objects: object("s", "  objectAlias: a\n  jmesPath:\n    - path: x\n      objectAlias: a\n"),
            code: .duplicateAlias,
            field: "jmesPath[0].objectAlias",
            message: "Name already in use for objectAlias: found duplicate object alias a in JMES path entry x",
            objectIndex: 0
        ),
        DuplicateCase(
            rule: "collision: alias equal to another object's name",
            objects: object("db") + object("other", "  objectAlias: db\n"),
            code: .fileCollision,
            field: "objectAlias",
            message: "the file db is also written by objects[0] \"db\""
        ),
        DuplicateCase(
            rule: "collision: jmesPath alias equal to an object's name",
            objects: object("db") + object("s", "  jmesPath:\n    - path: u\n      objectAlias: db\n"),
            code: .fileCollision,
            field: "jmesPath[0].objectAlias",
            message: "the file db is also written by objects[0] \"db\""
        ),
        DuplicateCase(
            rule: "collision: a/b and a_b after translation",
            objects: object("a/b", type: "ssmparameter") + object("a_b", type: "ssmparameter"),
            code: .fileCollision,
            field: "objectName",
            message: "the file a_b is also written by objects[0] \"a/b\""
        ),
        DuplicateCase(
            rule: "collision: /a/b and _a_b after translation",
            objects: object("/a/b", type: "ssmparameter") + object("x", "  objectAlias: _a_b\n"),
            code: .fileCollision,
            field: "objectAlias",
            message: "the file _a_b is also written by objects[0] \"/a/b\""
        ),
        DuplicateCase(
            rule: "collision: /a and a without translation",
            objects: object("/a", type: "ssmparameter") + object("a", type: "ssmparameter"),
            parameters: ["pathTranslation": "False"],
            code: .fileCollision,
            field: "objectName",
            message: "the file a is also written by objects[0] \"/a\""
        ),
        DuplicateCase(
            rule: "collision: a file that is another file's directory",
            objects: object("/app/db", type: "ssmparameter") + object("app", type: "ssmparameter"),
            parameters: ["pathTranslation": "False"],
            code: .fileCollision,
            field: "objectName",
            message: "the file app is a directory of a file of objects[0] \"/app/db\""
        ),
        DuplicateCase(
            rule: "collision: a file inside another file",
            objects: object("app", type: "ssmparameter") + object("/app/db", type: "ssmparameter"),
            parameters: ["pathTranslation": "False"],
            code: .fileCollision,
            field: "objectName",
            message: "the file app/db needs the directory app, which is a file of objects[0] \"app\""
        ),
        DuplicateCase(
            rule: "collision: same name, no alias, different labels (the incumbent writes one file twice)",
            objects: object("s", "  objectVersionLabel: AWSCURRENT\n")
                + object("s", "  objectVersionLabel: AWSPREVIOUS\n"),
            code: .fileCollision,
            field: "objectName",
            message: "the file s is also written by objects[0] \"s\""
        ),
    ]

    @Test(
        "duplicates and collisions are rejected, naming the object, the field and the other owner",
        arguments: rejected
    )
    func rejects(duplicate: DuplicateCase) throws {
        let found = problems(duplicate.objects, duplicate.parameters)
        #expect(found.map(\.code) == [duplicate.code])
        #expect(found.first?.message == duplicate.message)
        #expect(found.first?.field == duplicate.field)
        #expect(found.first?.objectIndex == duplicate.objectIndex)
    }

    @Test(
        "pairs the incumbent allows stay allowed",
        arguments: [
            // #95: AWSCURRENT and AWSPREVIOUS of one secret, under two aliases.
            object("s", "  objectAlias: current\n  objectVersionLabel: AWSCURRENT\n")
                + object("s", "  objectAlias: previous\n  objectVersionLabel: AWSPREVIOUS\n"),
            // One alias and one label.
            object("s", "  objectAlias: a\n") + object("s", "  objectVersionLabel: L\n"),
            // Different aliases, no labels.
            object("s", "  objectAlias: a\n") + object("s", "  objectAlias: b\n"),
            // The same name in the two services.
            object("x", type: "ssmparameter", "  objectAlias: p\n") + object("x"),
        ]
    )
    func allows(objects: String) throws {
        let plan = try makePlan(objects)
        #expect(plan.objects.count == 2)
        #expect(Set(plan.files.map(\.path)).count == plan.files.count)
    }

    @Test("only the first collision of a file is reported, each file once")
    func oneLinePerFile() throws {
        let found = problems(object("s") + object("s") + object("s"))
        #expect(found.map(\.objectIndex) == [1, 2])
        #expect(found.map(\.code) == [.duplicateObject, .duplicateObject])
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Testing

struct ObjectsDocumentTests {
    @Test("field names match in any letter case, as in the incumbent's integration SPC (Path:, ObjectAlias:)")
    func caseInsensitiveFields() throws {
        let plan = try makePlan(
            """
            - OBJECTNAME: MySecret
              objecttype: secretsmanager
              ObjectAlias: creds
              FilePermission: "0600"
              jmesPath:
                - Path: username
                  ObjectAlias: user
                  FILEPERMISSION: "0400"
              FailoverObject:
                ObjectVersionLabel: AWSPREVIOUS
            """,
            ["failoverRegion": "us-east-2"]
        )
        let object = try #require(plan.objects.first)
        #expect(object.primary.name == "MySecret")
        #expect(plan.files.map(\.path) == ["creds", "user"])
        #expect(plan.files.map(\.mode.description) == ["0600", "0400"])
        #expect(object.failover?.versionLabel == "AWSPREVIOUS")
    }

    @Test("unknown fields are ignored, whatever their shape (the incumbent's tests pass backupArn and inFallback)")
    func unknownFields() throws {
        let plan = try makePlan(
            object(
                "s",
                "  backupArn: arn:aws:secretsmanager:us-east-2:1:secret:x\n  inFallback: true\n  extra: [1, {a: b}]\n"
            )
        )
        #expect(plan.files.map(\.path) == ["s"])
    }

    @Test(
        "scalars are coerced to strings as go-yaml v2 and sigs.k8s.io/yaml do",
        arguments: [
            ("1", "1"),
            ("007", "7"),
            ("0x1F", "31"),
            ("0o17", "15"),
            ("0b101", "5"),
            ("-0", "0"),
            ("+12", "12"),
            ("1_000", "1000"),
            ("12345678901234567890", "12345678901234567890"),
            ("1.50", "1.5"),
            ("1e3", "1000"),
            ("1e7", "1e+07"),
            ("0.00001", "1e-05"),
            ("0.0001", "0.0001"),
            ("123456789.0", "1.2345679e+08"),
            (".5", "0.5"),
            (".inf", "+Inf"),
            ("-.INF", "-Inf"),
            (".NaN", "NaN"),
            ("1e400", "1e400"),
            ("yes", "true"),
            ("On", "true"),
            ("n", "false"),
            ("2001-12-14", "2001-12-14"),
            ("08", "8"),
            ("0x", "0x"),
            ("\"0600\"", "0600"),
            ("'yes'", "yes"),
            ("!!str 0600", "0600"),
            ("!!float 16777217", "1.6777216e+07"),
            ("!!int 0600", "384"),
            ("!custom text", "text"),
            ("AWSCURRENT", "AWSCURRENT"),
        ]
    )
    func scalarCoercion(written: String, expected: String) throws {
        let plan = try makePlan(object("s", "  objectVersion: \(written)\n  objectAlias: a\n"))
        #expect(plan.objects.first?.primary.version == expected)
    }

    @Test("null, ~ and empty values leave a field empty", arguments: ["~", "null", "", "Null"])
    func nullValues(written: String) throws {
        let plan = try makePlan(object("s", "  objectVersion: \(written)\n  jmesPath: \(written)\n"))
        #expect(plan.objects.first?.primary.version == nil)
        #expect(plan.objects.first?.jmesPathFiles.isEmpty == true)
    }

    @Test(
        "an unquoted filePermission is read as the octal digits written (the incumbent rejects 0600 as 384)",
        arguments: [
            ("0600", "0600"),
            ("0644", "0644"),
            ("0400", "0400"),
            ("1777", "1777"),
            ("\"0600\"", "0600"),
            ("'0640'", "0640"),
            // What the incumbent accepts stays accepted with its meaning: 0x3E8 is the int 1000, so "1000".
            ("0x3E8", "1000"),
        ]
    )
    func unquotedFilePermission(written: String, mode: String) throws {
        let plan = try makePlan(object("s", "  filePermission: \(written)\n"))
        #expect(plan.files.first?.mode.description == mode)
    }

    @Test(
        "invalid file permissions name the value, and how it was written when YAML changed it",
        arguments: [
            ("600", "Invalid File Permission: 600"),
            ("0o600", "Invalid File Permission: 384 (written as 0o600; quote four octal digits, as \"0600\")"),
            ("0800", "Invalid File Permission: 800 (written as 0800; quote four octal digits, as \"0600\")"),
            ("true", "Invalid File Permission: true"),
            ("\"06000\"", "Invalid File Permission: 06000"),
        ]
    )
    func invalidFilePermission(written: String, message: String) throws {
        let found = problems(object("s", "  filePermission: \(written)\n"))
        #expect(found.map(\.code) == [.invalidFilePermission])
        #expect(found.first?.message == message)
    }

    @Test("merge keys contribute the fields a mapping does not set")
    func mergeKeys() throws {
        let plan = try makePlan(
            """
            - &base
              objectName: base
              objectType: ssmparameter
              filePermission: "0600"
            - <<: *base
              objectName: other
            - <<: [*base]
              objectAlias: third
            """
        )
        #expect(plan.files.map(\.path) == ["base", "other", "third"])
        #expect(plan.objects.map(\.type) == [.ssmParameter, .ssmParameter, .ssmParameter])
        #expect(Set(plan.files.map(\.mode.description)) == ["0600"])
    }

    @Test("a long chain of merges is read without recursion; nearer fields win")
    func mergeChain() throws {
        var lines = ["- &m0 {objectName: s, objectType: ssmparameter, filePermission: \"0600\"}"]
        for level in 1...150 {
            lines.append("- &m\(level) {<<: *m\(level - 1), objectAlias: a\(level)}")
        }
        let plan = try makePlan(lines.joined(separator: "\n") + "\n")
        #expect(plan.files.count == 151)
        #expect(plan.files.last?.path == "a150")
        #expect(plan.files.last?.mode.description == "0600")
    }

    @Test(
        "structural problems are reported per object and field",
        arguments: [
            (
                "- objectName: [a, b]\n  objectType: ssmparameter", SecretProviderClassError.Code.invalidFieldType,
                "objectName" as String?, "Failed to load SecretProviderClass: objectName must be a string, not a list"
            ),
            (
                object("s", "  jmesPath:\n    path: a\n"), .invalidFieldType, "jmesPath",
                "Failed to load SecretProviderClass: jmesPath must be a list, not a mapping"
            ),
            (
                object("s", "  jmesPath:\n    - a\n"), .invalidFieldType, "jmesPath[0]",
                "Failed to load SecretProviderClass: jmesPath[0] must be a mapping of fields, not a string"
            ),
            (
                object("s", "  failoverObject: x\n"), .invalidFieldType, "failoverObject",
                "Failed to load SecretProviderClass: failoverObject must be a mapping of fields, not a string"
            ),
            (
                "- just-a-name", .invalidFieldType, nil,
                "Failed to load SecretProviderClass: an entry of objects must be a mapping of fields, not a string"
            ),
            (
                object("s", "  ObjectName: t\n"), .duplicateField, nil,
                "the field objectName is given twice (also as ObjectName)"
            ),
            (
                object("s", "  objectVersion: !!int abc\n"), .invalidFieldType, "objectVersion",
                "Failed to load SecretProviderClass: objectVersion has the tag tag:yaml.org,2002:int, which does not "
                    + "fit \"abc\""
            ),
            (
                object("s", "  objectVersion: !!binary aGk=\n"), .invalidFieldType, "objectVersion",
                "Failed to load SecretProviderClass: objectVersion has the tag tag:yaml.org,2002:binary, which does "
                    + "not fit \"aGk=\""
            ),
            (
                object("s", "  <<: 1\n"), .invalidFieldType, nil,
                "Failed to load SecretProviderClass: a '<<' merge key needs a mapping or a list of mappings"
            ),
        ]
    )
    func structural(objects: String, code: SecretProviderClassError.Code, field: String?, message: String) {
        let found = problems(objects)
        #expect(found.map(\.code) == [code])
        #expect(found.first?.field == field)
        #expect(found.first?.objectIndex == 0)
        #expect(found.first?.message == message)
    }

    @Test("an empty entry is reported as by the incumbent, and the other entries are still checked")
    func emptyEntry() {
        let found = problems("- objectName: s\n  objectType: ssmparameter\n-\n- objectName: t\n")
        #expect(found.map(\.code) == [.emptyDescriptor, .missingObjectType])
        #expect(found.map(\.objectIndex) == [1, 2])
        #expect(found.first?.message == "Empty descriptor entry in SecretProviderClass")
    }

    @Test(
        "documents that are not one list of objects are rejected",
        arguments: [
            (
                "objectName: s", SecretProviderClassError.Code.invalidYAML,
                "Failed to load SecretProviderClass: objects must be a YAML list of objects, not a mapping"
            ),
            (
                "just text", .invalidYAML,
                "Failed to load SecretProviderClass: objects must be a YAML list of objects, not a string"
            ),
            (
                "- objectName: a\n---\n- objectName: b\n", .invalidYAML,
                "Failed to load SecretProviderClass: objects holds 2 YAML documents; put all objects in one list"
            ),
            (
                "- objectName: a\n  objectName: b\n", .invalidYAML,
                "Failed to load SecretProviderClass: the key \"objectName\" appears twice in one mapping (line 2)"
            ),
            (
                "- objectName: [a\n", .invalidYAML,
                "Failed to load SecretProviderClass: did not find expected ',' or ']' while parsing a flow sequence "
                    + "at line 2, column 1"
            ),
            (
                "- objectName: *nowhere\n", .invalidYAML,
                "Failed to load SecretProviderClass: found undefined alias *nowhere at line 1"
            ),
        ]
    )
    func documents(objects: String, code: SecretProviderClassError.Code, message: String) {
        let found = problems(objects)
        #expect(found.map(\.code) == [code])
        #expect(found.first?.field == "objects")
        #expect(found.first?.message == message)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import FileFormats
import SecretProviderClass
import Testing

/// Template entries (`objectType: template`): what they plan, and every problem found before any I/O.
struct TemplateValidationTests {
    /// A template entry with `objectAlias` and extra lines (indented by two spaces).
    static func template(_ alias: String, _ extra: String) -> String {
        "- objectType: template\n  objectAlias: \"\(alias)\"\n" + extra
    }

    /// The objects every table row adds its template to: a JSON secret aliased `db` and a parameter `apitoken`.
    static let inputs =
        object("prod/db", "  objectAlias: db\n")
        + object(
            "/app/token",
            type: "ssmparameter",
            "  objectAlias: apitoken\n  jmesPath:\n    - {path: a, objectAlias: a_b}\n"
        )

    @Test("a Mustache template and a format are planned after the objects, with their inputs and modes")
    func planned() throws {
        let plan = try makePlan(
            Self.inputs
                + Self.template("app.env", "  format: dotenv\n  source: db\n  filePermission: \"0600\"\n")
                + Self.template("url", "  template: \"postgresql://{{url(db.username)}}@{{db.host}}/{{apitoken}}\"\n")
        )
        #expect(plan.objects.map(\.index) == [0, 1])
        #expect(plan.templates.map(\.index) == [2, 3])
        #expect(plan.files.map(\.path) == ["db", "apitoken", "a_b", "app.env", "url"])
        #expect(plan.templates.map(\.file.mode.permissionBits) == [0o600, 0o644])
        #expect(plan.templates.map(\.inputs) == [["db"], ["db", "apitoken"]])
        guard case .format(let format, let source) = plan.templates[0].body else {
            Issue.record("expected a format")
            return
        }
        #expect(format == .dotenv && source == "db")
    }

    /// (the template entry's extra YAML, the code, the field, words of the message).
    static let refusals: [(String, SecretProviderClassError.Code, String, String)] = [
        ("  format: json\n  source: db\n  objectName: x\n", .templateField, "objectName", "has no objectName"),
        ("  format: json\n  source: db\n  objectVersion: \"1\"\n", .templateField, "objectVersion", "no objectVersion"),
        ("  format: json\n  source: db\n  objectVersionLabel: L\n", .templateField, "objectVersionLabel", "fetches"),
        (
            "  format: json\n  source: db\n  jmesPath:\n    - {path: a, objectAlias: b}\n", .templateField, "jmesPath",
            ""
        ),
        ("  format: json\n  source: db\n  failoverObject: {objectName: x}\n", .templateField, "failoverObject", ""),
        ("  format: json\n  source: db\n  objectEncoding: base64\n", .templateField, "objectEncoding", ""),
        ("  format: json\n  source: db\n  mountAllKeys: \"true\"\n", .templateField, "mountAllKeys", ""),
        ("  format: json\n  source: db\n  writeObjectFile: \"false\"\n", .templateField, "writeObjectFile", ""),
        ("", .invalidTemplate, "template", "either template (a Mustache template) or format with source"),
        ("  template: x\n  format: json\n  source: db\n", .invalidTemplate, "format", "not both"),
        ("  format: toml\n  source: db\n", .invalidTemplate, "format", "dotenv, properties, json, yaml (got \"toml\")"),
        ("  format: json\n", .invalidTemplate, "source", "format needs source"),
        ("  template: \"a\\n  {{#db}}\\n{{/x}}\"\n", .invalidTemplate, "template", "line 2, column 3"),
        ("  template: \"{{> partial}}\"\n", .invalidTemplate, "template", "line 1, column 1"),
        ("  template: \"x\\n{{api-token}}\"\n", .invalidTemplate, "template", "line 2, column 1"),
        ("  template: \"{{db.user}}\\n {{nope}}\"\n", .missingTemplateName, "template", "nope (line 2, column 2)"),
        ("  template: \"{{other}}\"\n", .templateReference, "template", "the file of a template entry"),
        ("  template: \"{{self}}\"\n", .templateReference, "template", "never another template's output"),
        ("  format: yaml\n  source: other\n", .templateReference, "source", "source \"other\""),
        ("  format: yaml\n  source: prod/db\n", .missingTemplateName, "source", "the files templates can read are: db"),
    ]

    @Test("every problem of a template entry names its field, before any I/O", arguments: refusals)
    func refused(extra: String, code: SecretProviderClassError.Code, field: String, words: String) {
        let found = problems(
            Self.inputs + Self.template("other", "  format: json\n  source: db\n") + Self.template("self", extra)
        )
        #expect(found.map(\.code) == [code], "\(found)")
        #expect(found.first?.field == field)
        #expect(found.first?.objectIndex == 3)
        #expect(found.first?.description.hasPrefix("objects[3] \"self\", field \(field): ") == true, "\(found)")
        #expect(found.first?.message.contains(words) == true, "\(found)")
    }

    @Test("a template entry needs objectAlias; template, format and source belong to template entries only")
    func aliasAndFields() {
        let missing = problems("- objectType: template\n  format: json\n  source: db\n" + Self.inputs)
        #expect(missing.map(\.code) == [.missingTemplateAlias] && missing.first?.field == "objectAlias")
        let onObject = problems(object("db", "  template: \"{{x}}\"\n  format: json\n  source: db\n"))
        #expect(onObject.map(\.code) == [.templateField, .templateField, .templateField])
        #expect(onObject.map(\.field) == ["template", "format", "source"])
    }

    @Test("an alias that collides with an object's file is a collision, named by the template's alias")
    func collision() {
        let found = problems(Self.inputs + Self.template("db", "  format: json\n  source: apitoken\n"))
        #expect(found.map(\.code) == [.duplicateAlias], "\(found)")
        #expect(found.first?.description.hasPrefix("objects[2] \"db\"") == true, "\(found)")
    }

    @Test("wildcard matches and key files are not template data; names inside sections are resolved when it renders")
    func dataIsTheNamedFiles() throws {
        let wildcard = object("/app/*", type: "ssmparameter")
        let found = problems(wildcard + Self.template("t", "  template: \"{{app}}\"\n"))
        #expect(found.map(\.code) == [.missingTemplateName], "\(found)")
        #expect(found.first?.message.contains("the class names no file a template can read") == true)
        let plan = try makePlan(Self.inputs + Self.template("t", "  template: \"{{#db}}{{username}}{{/db}}\"\n"))
        #expect(plan.templates.first?.inputs == ["db"])
    }

    @Test("writeObjectFile false is accepted when a template reads the object, refused when nothing does")
    func unwrittenInputs() throws {
        let hidden = object("prod/db", "  objectAlias: db\n  writeObjectFile: \"false\"\n")
        let plan = try makePlan(hidden + Self.template("app.env", "  format: dotenv\n  source: db\n"))
        #expect(plan.files.map(\.path) == ["app.env"])
        // A section at the top level reads the file too.
        _ = try makePlan(hidden + Self.template("t", "  template: \"{{#db}}x{{/db}}\"\n") + object("db2"))
        // A name inside a section may be the file too.
        let token = object("tok", "  objectAlias: apitoken\n  writeObjectFile: \"false\"\n")
        _ = try makePlan(hidden + token + Self.template("t", "  template: \"{{#db}}{{apitoken}}{{/db}}\"\n"))
        // A wildcard's matches are named by AWS: no template reads them.
        let wildcard = problems(
            object("prod/*", "  writeObjectFile: \"false\"\n") + Self.template("t", "  template: x\n")
        )
        #expect(wildcard.map(\.code) == [.invalidWriteObjectFile], "\(wildcard)")
        let unread = problems(hidden + object("other") + Self.template("t", "  format: json\n  source: other\n"))
        #expect(unread.map(\.code) == [.invalidWriteObjectFile], "\(unread)")
        #expect(unread.first?.message.contains("or templates (by its file name db)") == true, "\(unread)")
    }
}

/// `--max-template-bytes-per-class`: the templates of one class together, counted before any is parsed.
struct TemplateLimitTests {
    @Test("templates over the class's byte limit are refused as a whole, naming the flag")
    func tooManyBytes() throws {
        let objects = """
            - {objectName: db, objectType: secretsmanager}
            - {objectType: template, objectAlias: a, template: "{{db}}12345"}
            - {objectType: template, objectAlias: b, template: "{{db}}"}
            """
        let attributes = try MountAttributes(parameters: [MountAttributes.objectsKey: objects])
        #expect(throws: Never.self) {
            try MountPlan(attributes: attributes, permission: "420", limits: MountPlanLimits(maximumTemplateBytes: 17))
        }
        do {
            _ = try MountPlan(
                attributes: attributes,
                permission: "420",
                limits: MountPlanLimits(maximumTemplateBytes: 16)
            )
            Issue.record("expected the limit to refuse the class")
        } catch {
            #expect(error.problems.map(\.code) == [.tooManyTemplateBytes])
            #expect(error.message.contains("the templates are 17 bytes in all"), "\(error.message)")
            #expect(error.message.contains("--max-template-bytes-per-class"), "\(error.message)")
        }
    }
}

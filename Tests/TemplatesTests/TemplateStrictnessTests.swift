// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Templates
import Testing

struct TemplateStrictnessTests {
    /// Templates naming something that is not there (or cannot be inserted), and the messages.
    static let missingCases: [(String, String)] = [
        ("{{dbx.user}}", #"{{dbx.user}} (line 1, column 1): no file named "dbx""#),
        ("x\n  {{db.pasword}}", #"{{db.pasword}} (line 2, column 3): db has no key "pasword""#),
        ("{{db.options.modee}}", #"{{db.options.modee}} (line 1, column 1): db.options has no key "modee""#),
        ("{{url(db.pasword)}}", #"{{url(db.pasword)}} (line 1, column 1): db has no key "pasword""#),
        ("{{{db.pasword}}}", #"{{db.pasword}} (line 1, column 1): db has no key "pasword""#),
        ("{{&db.pasword}}", #"{{db.pasword}} (line 1, column 1): db has no key "pasword""#),
        (
            "{{#db}}{{usr}}{{/db}}",
            #"{{usr}} (line 1, column 8): "usr" is neither a key of an enclosing section's value nor a file"#
        ),
        ("{{#db}}{{options.modee}}{{/db}}", #"{{options.modee}} (line 1, column 8): options has no key "modee""#),
        // A dotted name descends from where its first segment is found (here the files, from inside a section).
        (
            "{{#db.options}}{{db.nothing}}{{/db.options}}",
            #"{{db.nothing}} (line 1, column 16): db has no key "nothing""#
        ),
        (
            "{{apitoken.value}}",
            "{{apitoken.value}} (line 1, column 1): apitoken is a file that is not a JSON object, which has no keys"
        ),
        ("{{list.a}}", "{{list.a}} (line 1, column 1): list is a file that is not a JSON object, which has no keys"),
        ("{{db.port.x}}", "{{db.port.x}} (line 1, column 1): db.port is a number, which has no keys"),
        ("{{db.tags.a}}", "{{db.tags.a}} (line 1, column 1): db.tags is an array, which has no keys"),
        ("{{db.username.x}}", "{{db.username.x}} (line 1, column 1): db.username is a string, which has no keys"),
        ("{{db.replica.x}}", "{{db.replica.x}} (line 1, column 1): db.replica is null, which has no keys"),
        // Sections and inverted sections over missing names are errors too, not falsy.
        ("{{#dbx}}{{/dbx}}", #"{{#dbx}} (line 1, column 1): no file named "dbx""#),
        ("{{^dbx}}{{/dbx}}", #"{{^dbx}} (line 1, column 1): no file named "dbx""#),
        ("{{^db.sll}}x{{/db.sll}}", #"{{^db.sll}} (line 1, column 1): db has no key "sll""#),
        (
            "{{#db}}{{^x}}{{/x}}{{/db}}",
            #"{{^x}} (line 1, column 8): "x" is neither a key of an enclosing section's value nor a file"#
        ),
        // Content that renders is looked up whatever its depth.
        (
            "{{^db.off}}{{#db.ssl}}{{nope}}{{/db.ssl}}{{/db.off}}",
            #"{{nope}} (line 1, column 23): "nope" is neither a key of an enclosing section's value nor a file"#
        ),
        ("{{^db.off}}\n{{nope}}{{/db.off}}", #"{{nope}} (line 2, column 1): no file named "nope""#),
        // A variable over null is an error; a section over it is skipped (see the rendering tests).
        ("{{db.replica}}", "{{db.replica}} (line 1, column 1): db.replica is null"),
        ("{{#db}}{{replica}}{{/db}}", "{{replica}} (line 1, column 8): replica is null"),
        (
            "{{#db.replica}}{{/db.replica}}{{#db}}{{#tags}}{{.}}{{/tags}}{{replica}}{{/db}}",
            "{{replica}} (line 1, column 61): replica is null"
        ),
        // Bytes that are not UTF-8 are inserted through base64 only.
        ("{{cert}}", "{{cert}} (line 1, column 1): cert is not UTF-8 text; insert it with the base64 helper instead"),
        (
            "{{#cert}}{{.}}{{/cert}}",
            "{{.}} (line 1, column 10): the section's value is not UTF-8 text; insert it with the base64 helper instead"
        ),
    ]

    @Test(
        "a name that is not there fails the render with the tag, its position and what is missing",
        arguments: Self.missingCases
    )
    func missing(template: String, message: String) throws {
        #expect(try TemplateFixtures.renderError(template)?.message == message)
    }

    /// The values of ``secretFiles``: no message may hold any of them, or any part of them that a template names.
    static let secrets = ["S3cr3t-Passw0rd", "hunter2-token", "ZmFpbA", "SECRET-host", "sekrit"]

    /// Files made of ``secrets``.
    static let secretFiles: [String: [UInt8]] = [
        "db": Array(#"{"password": "S3cr3t-Passw0rd", "host": "SECRET-host", "n": null, "o": {"k": "sekrit"}}"#.utf8),
        "token": Array("hunter2-token".utf8),
        "blob": Array("ZmFpbA".utf8) + [0xFF],
        "bad": Array("S3cr3t-Passw0rd\\".utf8),
    ]

    /// Templates that fail over ``secretFiles``, for every kind of failure.
    static let failingTemplates = [
        "{{db.pasword}}", "{{db.password.x}}", "{{token.x}}", "{{db.n}}", "{{blob}}", "{{base64decode(token)}}",
        "{{base64decode(blob)}}", "{{json(blob)}}", "{{shell(blob)}}", "{{dotenv(bad)}}", "{{#db}}{{nothing}}{{/db}}",
        "{{#db.o}}{{k.x}}{{/db.o}}", "{{db.o.k.x}}", "{{#db.o}}{{#k}}{{z}}{{/k}}{{/db.o}}",
    ]

    @Test("no render error shows a value", arguments: Self.failingTemplates)
    func noValueInRenderErrors(template: String) throws {
        let parsed = try StrictTemplate(template)
        let error = try #require(throws: TemplateRenderError.self) {
            try parsed.render(TemplateData(files: Self.secretFiles), maximumBytes: 100)
        }
        for secret in Self.secrets {
            #expect(!error.message.contains(secret), "\(template): \(error.message)")
        }
    }

    @Test("the output bound never shows a value")
    func noValueInBoundErrors() throws {
        let parsed = try StrictTemplate("{{db.password}}{{token}}")
        let error = try #require(throws: TemplateRenderError.self) {
            try parsed.render(TemplateData(files: Self.secretFiles), maximumBytes: 30)
        }
        for secret in Self.secrets {
            #expect(!error.message.contains(secret))
        }
    }

    @Test(
        "no syntax error quotes more than a short name",
        arguments: [
            "{{ hunter2 token }}", "{{sekrit sekrit}}", "{{S3cr3t-Passw0rd\u{1}}}", "{{#a}}{{/S3cr3t Passw0rd}}",
        ]
    )
    func noValueInSyntaxErrors(template: String) throws {
        let error = try #require(TemplateFixtures.syntaxError(template))
        for secret in Self.secrets + ["hunter2", "Passw0rd"] {
            #expect(!error.reason.contains(secret), "\(template): \(error.reason)")
        }
    }
}

/// Integers of 2^53 or more were read as the nearest double: a tag over one (or over a value holding one) fails
/// rather than insert a changed number.
@Suite struct TemplateInexactNumberTests {
    static let files: [String: [UInt8]] = [
        "acct": Array(#"{"id": 12345678901234567890, "small": 9007199254740991, "deep": {"n": [1e300]}}"#.utf8)
    ]

    @Test(arguments: ["{{acct.id}}", "{{json(acct.deep)}}", "{{base64(acct.id)}}", "{{acct}}"])
    func refused(template: String) throws {
        let parsed = try StrictTemplate(template)
        let error = try #require(throws: TemplateRenderError.self) {
            try parsed.render(TemplateData(files: Self.files), maximumBytes: 4096)
        }
        #expect(error.message.contains("holds a number of magnitude 2^53 or more"), "\(error.message)")
        #expect(!error.message.contains("1234567"))
    }

    @Test func exactIntegersRender() throws {
        #expect(try TemplateFixtures.render("{{acct.small}}", Self.files) == "9007199254740991")
    }
}

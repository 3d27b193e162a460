// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Templates
import Testing

struct TemplateRenderingTests {
    /// Templates over JSON object files and other files, and what they render.
    static let valueCases: [(String, String)] = [
        ("{{db.username}}", "admin"),
        ("{{{db.username}}}", "admin"),
        ("{{&db.username}}", "admin"),
        ("{{ db.username }}", "admin"),
        ("{{& db.username }}", "admin"),
        ("{{{ db.username }}}", "admin"),
        ("{{db.password}}", "p@ss:w/rd?#%é€"),
        ("{{apitoken}}", "tok-123\n"),
        ("{{empty}}", ""),
        ("{{db.blank}}", ""),
        ("{{db.port}}", "5432"),
        ("{{db.ratio}}", "0.5"),
        ("{{db.options.timeout}}", "30"),
        ("{{db.ssl}}", "true"),
        ("{{db.off}}", "false"),
        ("{{db.tags}}", #"["a","b"]"#),
        ("{{db.empty}}", "[]"),
        ("{{db.options}}", #"{"timeout":30,"mode":"strict"}"#),
        // JSON that is not an object, and text that is not JSON, are the file's bytes as they are.
        ("{{list}}", "[1, 2]"),
        ("{{quoted}}", #""abc""#),
        ("{{broken}}", #"{"a": 1"#),
        // Nothing is escaped, in any form of variable tag.
        ("{{special.html}}", #"<b>"x" & 'y'</b>"#),
        ("{{{special.html}}}", #"<b>"x" & 'y'</b>"#),
        ("{{&special.html}}", #"<b>"x" & 'y'</b>"#),
        ("{{special.quote}}", "it's"),
        ("{{special.dollar}}", "pa$$word"),
        ("{{special.multiline}}", "line1\nline2"),
        ("{{special.equals}}", "a=b#c"),
        ("{{special.backslash}}", #"C:\dir\"#),
        ("{{special.mixed}}", "a\"b$c\nd=e#f"),
        ("héllo {{db.username}} 😀 <&>", "héllo admin 😀 <&>"),
        ("{{! a comment, even {{db.password }}x", "x"),
        ("{{! a comment ends at the first }}x }}", "x }}"),
        ("{{!\nmulti-line\ncomment\n}}x", "x"),
        ("{{ \n db.username \r\n }}", "admin"),
        ("user={{db.username}} port={{db.port}}", "user=admin port=5432"),
    ]

    @Test("variables insert values as they are", arguments: Self.valueCases)
    func values(template: String, expected: String) throws {
        #expect(try TemplateFixtures.render(template) == expected)
    }

    /// Sections, inverted sections, dotted names and `.`, and what they render.
    static let sectionCases: [(String, String)] = [
        ("{{#db}}{{username}}@{{host}}{{/db}}", "admin@db.example.com"),
        // A name not in the section's value is looked up further out, up to the files.
        ("{{#db.options}}{{mode}} {{db.port}} {{apitoken}}{{/db.options}}", "strict 5432 tok-123\n"),
        ("{{#db}}{{#options}}{{username}}:{{mode}}{{/options}}{{/db}}", "admin:strict"),
        ("{{#db}}{{options.mode}}{{/db}}", "strict"),
        (
            "{{#db}}{{.}}{{/db}}",
            #"{"username":"admin","password":"p@ss:w/rd?#%é€","host":"db.example.com","#
                + #""port":5432,"dbname":"app","ssl":true,"off":false,"replica":null,"ratio":0.5,"blank":"","#
                + #""options":{"timeout":30,"mode":"strict"},"tags":["a","b"],"empty":[]}"#
        ),
        ("{{#db.port}}{{.}}{{/db.port}}", "5432"),
        ("{{#apitoken}}[{{.}}]{{/apitoken}}", "[tok-123\n]"),
        ("{{#db.options}}{{#.}}{{mode}}{{/.}}{{/db.options}}", "strict"),
        // null and false are falsy: the section is skipped and the inverted section renders.
        ("{{#db.replica}}x{{/db.replica}}", ""),
        ("{{^db.replica}}none{{/db.replica}}", "none"),
        ("{{#db.off}}x{{/db.off}}{{^db.off}}y{{/db.off}}", "y"),
        ("{{#db.ssl}}sslmode=require{{/db.ssl}}{{^db.ssl}}sslmode=disable{{/db.ssl}}", "sslmode=require"),
        // Inside a section over true the context is unchanged but for `.`.
        ("{{#db.ssl}}{{db.host}} {{.}}{{/db.ssl}}", "db.example.com true"),
        // An empty array is falsy; a non-empty one renders its content once, with the array as its value.
        ("{{#db.empty}}x{{/db.empty}}{{^db.empty}}empty{{/db.empty}}", "empty"),
        ("{{#db.tags}}[{{.}}]{{/db.tags}}", #"[["a","b"]]"#),
        ("{{^db.tags}}x{{/db.tags}}", ""),
        // Empty strings, zero-free numbers and objects are truthy.
        ("{{#db.blank}}[{{.}}]{{/db.blank}}", "[]"),
        ("{{#empty}}[{{.}}]{{/empty}}", "[]"),
        ("{{^db.options}}x{{/db.options}}", ""),
        // The content of a section that does not render is not looked up.
        ("{{#db.replica}}{{missing}}{{/db.replica}}", ""),
        ("{{^db.ssl}}{{missing.key}}{{/db.ssl}}", ""),
        ("{{#db}}{{^off}}{{username}}{{/off}}{{/db}}", "admin"),
        ("{{#db.options}}{{^db.off}}{{.}}{{/db.off}}{{/db.options}}", #"{"timeout":30,"mode":"strict"}"#),
    ]

    @Test("sections push their value once; inverted sections render over falsy values", arguments: Self.sectionCases)
    func sections(template: String, expected: String) throws {
        #expect(try TemplateFixtures.render(template) == expected)
    }

    /// Templates whose lines hold only a section or comment tag, and what they render (such lines vanish).
    static let lineCases: [(String, String)] = [
        ("{{#db}}\nuser={{username}}\n{{/db}}\n", "user=admin\n"),
        ("{{#db}}\r\nuser={{username}}\r\n{{/db}}\r\n", "user=admin\r\n"),
        ("a\n{{! comment }}\nb", "a\nb"),
        ("  {{#db.ssl}}\n  yes\n  {{/db.ssl}}\n", "  yes\n"),
        // The text-content-type line swift-mustache is given does not eat a first empty line or its spaces.
        ("\nx", "\nx"),
        ("  \nx", "  \nx"),
        ("\r\nx", "\r\nx"),
        ("", ""),
        // swift-mustache drops the white space of a last line without a tag; it is added back.
        (" ", " "),
        ("a\n \t", "a\n \t"),
        ("a\r\n  ", "a\r\n  "),
        ("{{! c }}\n  ", "  "),
        ("{{#db.ssl}}x{{/db.ssl}}\n  ", "x\n  "),
        ("{{db.port}}  ", "5432  "),
        ("a\n  {{! standalone, so its line goes }}", "a\n"),
        ("a\r  ", "a\r  "),
        ("no tags at all", "no tags at all"),
        ("{ {x} } {x}} {{!}}", "{ {x} } {x}} "),
    ]

    @Test("lines that hold only a section or comment tag vanish, as in Mustache", arguments: Self.lineCases)
    func standaloneLines(template: String, expected: String) throws {
        #expect(try TemplateFixtures.render(template) == expected)
    }

    @Test("a template renders the same each time, and over data built again")
    func repeatable() throws {
        let template = try StrictTemplate("{{#db}}{{url(password)}}{{/db}} {{base64(cert)}}")
        let first = try template.render(TemplateData(files: TemplateFixtures.files), maximumBytes: 1_000)
        let second = try template.render(TemplateData(files: TemplateFixtures.files), maximumBytes: 1_000)
        #expect(first == second)
        #expect(String(decoding: first, as: UTF8.self) == "p%40ss%3Aw%2Frd%3F%23%25%C3%A9%E2%82%AC //4AAQ==")
    }

    @Test("one template and one data render in parallel")
    func parallel() async throws {
        let template = try StrictTemplate("{{#db}}{{username}}:{{url(password)}}{{/db}}")
        let data = TemplateData(files: TemplateFixtures.files)
        let outputs = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<8 {
                group.addTask { try template.render(data, maximumBytes: 1_000) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outputs.count == 8)
        #expect(
            Set(outputs.map { String(decoding: $0, as: UTF8.self) }) == [
                "admin:p%40ss%3Aw%2Frd%3F%23%25%C3%A9%E2%82%AC"
            ]
        )
    }

    @Test("files are looked up by their exact names")
    func fileNames() throws {
        let files: [String: [UInt8]] = ["DB": Array(#"{"a": "upper"}"#.utf8), "db": Array(#"{"a": "lower"}"#.utf8)]
        #expect(try TemplateFixtures.render("{{DB.a}} {{db.a}}", files) == "upper lower")
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Templates
import Testing

struct TemplateLimitsTests {
    @Test("a template is at most 65,536 bytes")
    func size() throws {
        let largest = String(repeating: "é", count: StrictTemplate.maximumBytes / 2)
        #expect(try StrictTemplate(largest).references.isEmpty)
        let error = try #require(TemplateFixtures.syntaxError(largest + "x"))
        #expect(error.line == 1 && error.column == 1)
        #expect(error.reason == "the template is 65537 bytes, more than the 65536 allowed")
    }

    @Test("sections nest 16 deep at most")
    func depth() throws {
        let open = (1...16).map { "{{#s\($0)}}" }.joined()
        let close = (1...16).reversed().map { "{{/s\($0)}}" }.joined()
        let template = try StrictTemplate(open + "{{.}}" + close)
        #expect(template.references.count == 17)
        let error = try #require(TemplateFixtures.syntaxError(open + "\n {{^x}}{{/x}}" + close))
        #expect(error.line == 2 && error.column == 2)
        #expect(error.reason == "sections are nested more than 16 deep")
        // Each level renders once, whatever the depth.
        let nested = ["s1": Array(#"{"s2": {"s3": {"v": "deep"}}}"#.utf8)]
        #expect(try TemplateFixtures.render("{{#s1}}{{#s2}}{{#s3}}{{v}}{{/s3}}{{/s2}}{{/s1}}", nested) == "deep")
    }

    @Test("a template has 1,000 tags at most, comments and closing tags included")
    func tags() throws {
        let most = String(repeating: "{{#a}}{{/a}}", count: 499) + "{{a}}{{! comment }}"
        #expect(try StrictTemplate(most).references.count == 500)
        let error = try #require(TemplateFixtures.syntaxError(most + "\n{{b}}"))
        #expect(error.line == 2 && error.column == 1)
        #expect(error.reason == "the template has more than 1000 tags")
    }

    @Test("a template swift-mustache would parse slowly is refused: many { or tags before much text")
    func parseCost() throws {
        // Every ASCII template within the size and tag limits parses, even with all its tags first.
        let tags = String(repeating: "{{a}}", count: 999)
        let ascii = tags + String(repeating: "x", count: StrictTemplate.maximumBytes - tags.utf8.count)
        #expect(try StrictTemplate(ascii).references.count == 999)
        // Lone braces count too: 32,768 of them are too many.
        let braces = try #require(TemplateFixtures.syntaxError(String(repeating: "{ ", count: 32_768)))
        #expect(braces.line == 1 && braces.column == 4_131)
        #expect(
            braces.reason
                == "the template has too many tags and { for its length (swift-mustache would take too long to parse "
                + "it); use fewer, or split the template"
        )
        // Text of combining characters after the tags is slower to step over than ASCII.
        let combining = tags + String(repeating: "e\u{301}", count: 20_000)
        #expect(TemplateFixtures.syntaxError(combining)?.reason == braces.reason)
        let fewer = String(tags.prefix(50)) + String(repeating: "e\u{301}", count: 20_000)
        #expect(try StrictTemplate(fewer).references.count == 10)
    }

    /// Templates over ``TemplateFixtures/files``, the smallest `maximumBytes` they render under, and the bound: the
    /// template's bytes plus each inserted value's bytes at its helper's worst growth.
    static let boundCases: [(String, Int)] = [
        ("{{db.username}}", 15 + 5),
        ("{{url(db.username)}}", 20 + 3 * 5),
        ("{{json(db.username)}}", 21 + 6 * 5 + 2),
        ("{{shell(db.username)}}", 22 + 4 * 5 + 2),
        ("{{dotenv(db.username)}}", 23 + 4 * 5 + 2),
        ("{{base64(db.username)}}", 23 + 8),
        ("{{base64decode(encoded)}}", 25 + 17),
        ("{{db.options}}", 14 + 30),
        ("{{#db}}{{port}}{{/db}}", 22 + 4),
        ("{{#db.replica}}{{db.password}}{{/db.replica}}", 45),
        ("{{#db.ssl}}{{db.password}}{{/db.ssl}}{{^db.ssl}}{{db.host}}{{/db.ssl}}", 70 + 17),
        ("text only", 9),
    ]

    @Test("the output is bounded before anything renders", arguments: Self.boundCases)
    func bound(template: String, bound: Int) throws {
        _ = try TemplateFixtures.render(template, maximumBytes: bound)
        let error = try #require(try TemplateFixtures.renderError(template, maximumBytes: bound - 1))
        #expect(error.message.contains("could be larger than \(bound - 1) bytes") || error.message.contains("alone"))
    }

    @Test("a value larger than the limit is never rendered, however it would be inserted")
    func hugeValue() throws {
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
        let object = Array(#"{"k": ""#.utf8) + big + Array(#""}"#.utf8)
        let files = ["big": big, "object": object]
        let data = TemplateData(files: files)
        for text in ["{{big}}", "{{url(big)}}", "{{object}}", "{{#object}}{{k}}{{/object}}", "{{object.k}}x"] {
            let template = try StrictTemplate(text)
            let error = try #require(throws: TemplateRenderError.self) {
                try template.render(data, maximumBytes: 1 << 20)
            }
            #expect(error.message.hasPrefix("{{"))
            #expect(error.message.contains("could be larger than 1048576 bytes"))
        }
        #expect(try StrictTemplate("{{#object}}ok{{/object}}").render(data, maximumBytes: 24) == Array("ok".utf8))
    }

    @Test("a thousand tags over one value stay within the bound")
    func manyTags() throws {
        let template = try StrictTemplate(String(repeating: "{{url(db.password)}}", count: 1_000))
        let data = TemplateData(files: TemplateFixtures.files)
        let password = "p%40ss%3Aw%2Frd%3F%23%25%C3%A9%E2%82%AC"
        let output = try template.render(data, maximumBytes: 1 << 20)
        #expect(output == Array(String(repeating: password, count: 1_000).utf8))
        #expect(throws: TemplateRenderError.self) { try template.render(data, maximumBytes: 60_000) }
    }

    @Test("the template's text alone can exceed the limit")
    func textAlone() throws {
        let error = try #require(try TemplateFixtures.renderError("0123456789", maximumBytes: 9))
        #expect(error.message == "the template's text alone is 10 bytes, more than the 9 allowed")
    }
}

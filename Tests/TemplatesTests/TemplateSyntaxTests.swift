// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Templates
import Testing

struct TemplateSyntaxTests {
    /// How every reason for a name that is not valid ends.
    static let nameRule =
        ": a name is '.' or keys of ASCII letters, digits and underscores (not starting with a digit) joined by dots; "
        + "give a file whose name is not one an alias (objectAlias) that is"

    /// The reason for a name not valid that is not quoted (it has spaces or non-ASCII characters).
    static let unquotedName = "the tag's name is not valid" + Self.nameRule

    /// Templates that are refused, with the line, column and reason.
    static let errorCases: [(String, Int, Int, String)] = [
        ("{{>partial}}", 1, 1, "partials ({{>name}}) are not supported"),
        ("a\n {{<parent}}{{/parent}}", 2, 2, "template inheritance ({{<name}}) is not supported"),
        ("{{$block}}{{/block}}", 1, 1, "blocks ({{$name}}) are not supported"),
        ("x{{=<% %>=}}", 1, 2, "changing the delimiters ({{=...=}}) is not supported"),
        ("{{%CONTENT_TYPE: HTML}}", 1, 1, "pragmas ({{%...}}) are not supported"),
        ("ab\ncd {{db.username", 2, 4, "the tag is not closed with }}"),
        ("{{{db.username}}", 1, 1, "the tag is not closed with }}}"),
        ("{{{db.username}} }", 1, 1, "the tag is not closed with }}}"),
        ("{{", 1, 1, "the tag is not closed with }}"),
        ("{{! never closed }", 1, 1, "the tag is not closed with }}"),
        ("{{#a}}x{{/b}}", 1, 8, "{{/b}} does not close {{#a}} (line 1, column 1)"),
        ("{{#a}}{{#b}}{{/a}}{{/b}}", 1, 13, "{{/a}} does not close {{#b}} (line 1, column 7)"),
        ("{{#a}}\n  {{^b}}\n{{/b}}", 1, 1, "{{#a}} is never closed (with {{/a}})"),
        ("{{#a}}{{^b}}", 1, 7, "{{^b}} is never closed (with {{/b}})"),
        ("{{/a}}", 1, 1, "{{/a}} closes no open section"),
        ("{{}}", 1, 1, "the tag has no name"),
        ("{{ }}", 1, 1, "the tag has no name"),
        ("{{#}}{{/}}", 1, 1, "the tag has no name"),
        ("{{&}}", 1, 1, "the tag has no name"),
        ("{{{}}}", 1, 1, "the tag has no name"),
        ("{{url()}}", 1, 1, "the tag has no name"),
        ("{{api-token}}", 1, 1, "'api-token' is not a valid name" + Self.nameRule),
        ("{{1abc}}", 1, 1, "'1abc' is not a valid name" + Self.nameRule),
        ("{{a..b}}", 1, 1, "'a..b' is not a valid name" + Self.nameRule),
        ("{{.a}}", 1, 1, "'.a' is not a valid name" + Self.nameRule),
        ("{{a.}}", 1, 1, "'a.' is not a valid name" + Self.nameRule),
        ("{{a.1}}", 1, 1, "'a.1' is not a valid name" + Self.nameRule),
        ("{{a?}}", 1, 1, "'a?' is not a valid name" + Self.nameRule),
        ("{{#a b}}{{/a b}}", 1, 1, Self.unquotedName),
        ("{{ a b }}", 1, 1, Self.unquotedName),
        ("{{#list}}{{/list}}{{ná}}", 1, 19, Self.unquotedName),
        ("{{#db}}{{#db}}{{{#x}}}{{/db}}{{/db}}", 1, 15, "'#x' is not a valid name" + Self.nameRule),
        ("{{ #a}}", 1, 1, "'#a' is not a valid name" + Self.nameRule),
        ("{{foo(x)}}", 1, 1, "'foo' is not a helper; the helpers are base64, base64decode, dotenv, json, shell, url"),
        ("{{(x)}}", 1, 1, "this is not a helper; the helpers are base64, base64decode, dotenv, json, shell, url"),
        ("{{url(base64(x))}}", 1, 1, "a tag takes one helper at most"),
        ("{{url(x}}", 1, 1, "a helper is written helper(name), such as url(db.password)"),
        ("{{url(x)y}}", 1, 1, "a helper is written helper(name), such as url(db.password)"),
        ("{{url( x )}}", 1, 1, Self.unquotedName),
        ("{{#url(x)}}{{/url(x)}}", 1, 1, "a helper applies to a variable, not to a section"),
        ("{{^json(x)}}{{/json(x)}}", 1, 1, "a helper applies to a variable, not to a section"),
        ("{{#x}}{{/url(x)}}", 1, 7, "a helper applies to a variable, not to a section"),
        // swift-mustache would take the line break for the end of a line of text and lose the `{{`.
        ("{{\nx}}", 1, 1, "a line break right after {{ is not allowed"),
        ("a {{\r\nx}}", 1, 3, "a line break right after {{ is not allowed"),
        ("{{\u{2028}x}}", 1, 1, "a line break right after {{ is not allowed"),
        ("{{\u{85}x}}", 1, 1, "a line break right after {{ is not allowed"),
        ("{{\u{0B}x}}", 1, 1, "a line break right after {{ is not allowed"),
        // swift-mustache tells tags apart by their first character.
        ("x{{!\u{64B} comment }}", 1, 2, "a tag cannot start with a character combined with the next one"),
        ("{{#\u{301}a}}{{/a}}", 1, 1, "a tag cannot start with a character combined with the next one"),
        ("{{!é}}{{a\u{301}}}", 1, 7, "a tag cannot start with a character combined with the next one"),
        ("{{!é}}{{ab\u{301}}}", 1, 7, Self.unquotedName),
        // swift-mustache fails on a template ending in `{`.
        (
            "a\nb{", 2, 2,
            "a template cannot end with {, which swift-mustache takes for the start of a tag; end it with a line break"
        ),
        // `.` is the value of the innermost section that pushed one; inverted sections push none.
        ("{{.}}", 1, 1, "'.' is the value of the enclosing section, and this tag is in none ({{^name}} sets none)"),
        (
            "{{url(.)}}", 1, 1,
            "'.' is the value of the enclosing section, and this tag is in none ({{^name}} sets none)"
        ),
        (
            "{{#.}}{{/.}}", 1, 1,
            "'.' is the value of the enclosing section, and this tag is in none ({{^name}} sets none)"
        ),
        (
            "{{^a}}{{.}}{{/a}}", 1, 7,
            "'.' is the value of the enclosing section, and this tag is in none ({{^name}} sets none)"
        ),
        // Columns count Unicode scalars; lines end at line feeds (a carriage return before one is part of the line).
        ("héllo {{>x}}", 1, 7, "partials ({{>name}}) are not supported"),
        ("😀😀 {{>x}}", 1, 4, "partials ({{>name}}) are not supported"),
        ("a\r\nb\r\n  {{>x}}", 3, 3, "partials ({{>name}}) are not supported"),
        ("{{! {{>x}} }}\n{{>y}}", 2, 1, "partials ({{>name}}) are not supported"),
        // A brace combined with a neighbour into one character is refused: swift-mustache would see no brace.
        ("ab{\u{301}{x}}", 1, 3, "a brace combined with the character next to it into one character is not allowed"),
        ("\n{{x}\u{301}}", 2, 4, "a brace combined with the character next to it into one character is not allowed"),
        ("\u{600}{{x}}", 1, 2, "a brace combined with the character next to it into one character is not allowed"),
    ]

    @Test("refused templates name the line, column and reason", arguments: Self.errorCases)
    func errors(template: String, line: Int, column: Int, reason: String) {
        let error = TemplateFixtures.syntaxError(template)
        #expect(error?.line == line)
        #expect(error?.column == column)
        #expect(error?.reason == reason)
        #expect(error?.description == "line \(line), column \(column): \(reason)")
    }

    @Test("references list every variable and section name with its helper, position and scope")
    func references() throws {
        let template = try StrictTemplate(
            """
            {{db.username}}
            {{#db}}{{url(password)}}{{/db}}{{^flag}}{{x.y}}{{/flag}}{{! c }}
              {{#db}}{{#options}}{{.}}{{/options}}{{/db}}{{{triple}}}{{&amp}}{{base64(x.z)}}
            """
        )
        #expect(
            template.references == [
                TemplateReference(name: "db.username", helper: nil, line: 1, column: 1, isTopLevel: true),
                TemplateReference(name: "db", helper: nil, line: 2, column: 1, isTopLevel: true),
                TemplateReference(name: "password", helper: "url", line: 2, column: 8, isTopLevel: false),
                TemplateReference(name: "flag", helper: nil, line: 2, column: 32, isTopLevel: true),
                TemplateReference(name: "x.y", helper: nil, line: 2, column: 41, isTopLevel: true),
                TemplateReference(name: "db", helper: nil, line: 3, column: 3, isTopLevel: true),
                TemplateReference(name: "options", helper: nil, line: 3, column: 10, isTopLevel: false),
                TemplateReference(name: ".", helper: nil, line: 3, column: 22, isTopLevel: false),
                TemplateReference(name: "triple", helper: nil, line: 3, column: 46, isTopLevel: true),
                TemplateReference(name: "amp", helper: nil, line: 3, column: 58, isTopLevel: true),
                TemplateReference(name: "x.z", helper: "base64", line: 3, column: 66, isTopLevel: true),
            ]
        )
        #expect(template.topLevelRoots == ["db", "flag", "x", "triple", "amp"])
        #expect(template.references[0].root == "db")
        #expect(template.references[7].root == "")
    }

    @Test("a template of text only has no references")
    func noReferences() throws {
        let template = try StrictTemplate("plain text {{! and a comment }}")
        #expect(template.references.isEmpty)
        #expect(template.topLevelRoots.isEmpty)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Templates
import Testing

struct TemplateHelperTests {
    @Test("the helpers")
    func helperNames() {
        #expect(StrictTemplate.helpers == ["base64", "base64decode", "dotenv", "json", "shell", "url"])
    }

    /// Helper tags and what they render.
    static let helperCases: [(String, String)] = [
        // url: everything but A-Z a-z 0-9 - . _ ~ percent-encoded, on the UTF-8 bytes.
        (
            "postgresql://{{url(db.username)}}:{{url(db.password)}}@{{db.host}}:{{db.port}}/{{db.dbname}}",
            "postgresql://admin:p%40ss%3Aw%2Frd%3F%23%25%C3%A9%E2%82%AC@db.example.com:5432/app"
        ),
        ("{{url(special.mixed)}}", "a%22b%24c%0Ad%3De%23f"),
        ("{{url(special.html)}}", "%3Cb%3E%22x%22%20%26%20%27y%27%3C%2Fb%3E"),
        ("{{url(cert)}}", "%FF%FE%00%01"),
        ("{{url(db.port)}}", "5432"),
        ("{{url(db.blank)}}", ""),
        ("{{{url(db.password)}}}", "p%40ss%3Aw%2Frd%3F%23%25%C3%A9%E2%82%AC"),
        ("{{& url(db.username) }}", "admin"),
        // base64: standard alphabet, padded, of the bytes (of the JSON text for numbers, booleans and objects).
        ("{{base64(db.username)}}", "YWRtaW4="),
        ("{{base64(apitoken)}}", "dG9rLTEyMwo="),
        ("{{base64(cert)}}", "//4AAQ=="),
        ("{{base64(db.port)}}", "NTQzMg=="),
        ("{{base64(db.options)}}", "eyJ0aW1lb3V0IjozMCwibW9kZSI6InN0cmljdCJ9"),
        ("{{base64(db.blank)}}", ""),
        ("{{base64(empty)}}", ""),
        ("{{base64(db.password)}}", "cEBzczp3L3JkPyMlw6nigqw="),
        // base64decode: white space ignored, padding optional.
        ("{{base64decode(encoded)}}", "hello world"),
        ("{{base64decode(b64.unpadded)}}", "hello world"),
        // json: a string literal for text, the JSON text for other values.
        ("{{json(db.username)}}", #""admin""#),
        ("{{json(db.port)}}", "5432"),
        ("{{json(db.ratio)}}", "0.5"),
        ("{{json(db.ssl)}}", "true"),
        ("{{json(db.tags)}}", #"["a","b"]"#),
        ("{{json(db.options)}}", #"{"timeout":30,"mode":"strict"}"#),
        ("{{json(apitoken)}}", #""tok-123\n""#),
        ("{{json(special.html)}}", #""<b>\"x\" & 'y'</b>""#),
        ("{{json(special.backslash)}}", #""C:\\dir\\""#),
        ("{{json(special.mixed)}}", #""a\"b$c\nd=e#f""#),
        ("{{json(special.tab)}}", #""a\tb""#),
        ("{{json(special.control)}}", #""\u0001""#),
        ("{{json(db.password)}}", #""p@ss:w/rd?#%é€""#),
        ("{{#db.options}}{{json(.)}}{{/db.options}}", #"{"timeout":30,"mode":"strict"}"#),
        // shell: one single-quoted word.
        ("{{shell(db.username)}}", "'admin'"),
        ("{{shell(special.quote)}}", #"'it'\''s'"#),
        ("{{shell(special.dollar)}}", "'pa$$word'"),
        ("{{shell(special.mixed)}}", "'a\"b$c\nd=e#f'"),
        ("{{shell(special.backslash)}}", #"'C:\dir\'"#),
        ("{{shell(db.blank)}}", "''"),
        ("{{shell(db.port)}}", "'5432'"),
        // dotenv: FileFormat.dotenvQuoted.
        ("{{dotenv(db.username)}}", "'admin'"),
        ("{{dotenv(special.dollar)}}", "'pa$$word'"),
        ("{{dotenv(special.multiline)}}", "'line1\nline2'"),
        ("{{dotenv(special.equals)}}", "'a=b#c'"),
        ("{{dotenv(special.mixed)}}", "'a\"b$c\nd=e#f'"),
        ("{{dotenv(special.quote)}}", #""it's""#),
        ("{{dotenv(special.html)}}", #""<b>\"x\" & 'y'</b>""#),
    ]

    @Test("helpers transform the value they are applied to", arguments: Self.helperCases)
    func helpers(template: String, expected: String) throws {
        var files = TemplateFixtures.files
        files["b64"] = Array(#"{"unpadded": "aGVsbG8g\nd29ybGQ"}"#.utf8)
        #expect(try TemplateFixtures.render(template, files) == expected)
    }

    /// Helper tags that cannot render, and the messages (which name the value, never show it).
    static let failureCases: [(String, String)] = [
        (
            "{{base64decode(apitoken)}}",
            "{{base64decode(apitoken)}} (line 1, column 1): apitoken does not decode as base64: "
                + "it has a character outside the base64 alphabet at byte 4"
        ),
        (
            "{{base64decode(special.equals)}}",
            "{{base64decode(special.equals)}} (line 1, column 1): special.equals does not decode as base64: "
                + "it has a misplaced '=' at byte 2, which is not valid base64"
        ),
        (
            "{{base64decode(db.ratio)}}",
            "{{base64decode(db.ratio)}} (line 1, column 1): db.ratio does not decode as base64: "
                + "it has a character outside the base64 alphabet at byte 2"
        ),
        (
            "{{base64decode(encodedBinary)}}",
            "{{base64decode(encodedBinary)}} (line 1, column 1): what encodedBinary decodes to is not UTF-8 text; "
                + "insert it without base64decode instead"
        ),
        (
            "{{json(cert)}}",
            "{{json(cert)}} (line 1, column 1): cert is not UTF-8 text; insert it with the base64 helper instead"
        ),
        (
            "{{shell(cert)}}",
            "{{shell(cert)}} (line 1, column 1): cert is not UTF-8 text; insert it with the base64 helper instead"
        ),
        ("{{shell(nul)}}", "{{shell(nul)}} (line 1, column 1): nul has a NUL byte, which no shell word can hold"),
        (
            "x {{dotenv(special.backslash)}}",
            "{{dotenv(special.backslash)}} (line 1, column 3): special.backslash cannot be quoted as a dotenv value "
                + "that every dotenv reader reads back the same (it has a NUL byte or ${, ends in a backslash, or has a $ "
                + "as well as a quote, backslash or carriage return)"
        ),
        ("{{url(db.replica)}}", "{{url(db.replica)}} (line 1, column 1): db.replica is null"),
        ("{{json(db.replica)}}", "{{json(db.replica)}} (line 1, column 1): db.replica is null"),
    ]

    @Test("a helper that cannot apply fails the render, naming the tag", arguments: Self.failureCases)
    func failures(template: String, message: String) throws {
        #expect(try TemplateFixtures.renderError(template)?.message == message)
    }

    @Test("base64 then base64decode gives back every length of text")
    func base64RoundTrip() throws {
        for length in 0..<40 {
            let text = String((0..<length).map { Character(Unicode.Scalar(UInt8(33 + $0 * 7 % 90))) })
            let encoded = try TemplateFixtures.render("{{base64(file)}}", ["file": Array(text.utf8)])
            #expect(encoded.utf8.count == (length + 2) / 3 * 4)
            #expect(try TemplateFixtures.render("{{base64decode(file)}}", ["file": Array(encoded.utf8)]) == text)
        }
    }
}

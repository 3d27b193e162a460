// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Templates

/// The mount files the template tests render over.
enum TemplateFixtures {
    /// A database secret as a JSON object, a password with URL-reserved and non-ASCII characters included.
    static let database = #"""
        {"username": "admin", "password": "p@ss:w/rd?#%é€", "host": "db.example.com", "port": 5432,
         "dbname": "app", "ssl": true, "off": false, "replica": null, "ratio": 0.5, "blank": "",
         "options": {"timeout": 30, "mode": "strict"}, "tags": ["a", "b"], "empty": []}
        """#

    /// Values that need care: quotes, `$`, new lines, `=`, `#`, backslashes, HTML characters.
    static let special = #"""
        {"quote": "it's", "dollar": "pa$$word", "multiline": "line1\nline2", "equals": "a=b#c",
         "backslash": "C:\\dir\\", "html": "<b>\"x\" & 'y'</b>", "mixed": "a\"b$c\nd=e#f", "tab": "a\tb",
         "control": "\u0001"}
        """#

    /// The files by name.
    static let files: [String: [UInt8]] = [
        "db": Array(Self.database.utf8),
        "special": Array(Self.special.utf8),
        "apitoken": Array("tok-123\n".utf8),
        "cert": [0xFF, 0xFE, 0x00, 0x01],
        "list": Array("[1, 2]".utf8),
        "quoted": Array(#""abc""#.utf8),
        "encoded": Array("aGVsbG8gd29ybGQ=\n".utf8),
        "encodedBinary": Array("//4=".utf8),
        "nul": [0x61, 0x00, 0x62],
        "empty": [],
        "broken": Array(#"{"a": 1"#.utf8),
    ]

    /// `template` rendered over ``files`` (or `files`), as text.
    static func render(
        _ template: String,
        _ files: [String: [UInt8]] = Self.files,
        maximumBytes: Int = 1 << 20
    ) throws -> String {
        let bytes = try StrictTemplate(template).render(TemplateData(files: files), maximumBytes: maximumBytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The render error of `template` over ``files``.
    static func renderError(_ template: String, maximumBytes: Int = 1 << 20) throws -> TemplateRenderError? {
        let parsed = try StrictTemplate(template)
        do {
            _ = try parsed.render(TemplateData(files: Self.files), maximumBytes: maximumBytes)
            return nil
        } catch {
            return error
        }
    }

    /// The syntax error of `template`, or nil when it parses.
    static func syntaxError(_ template: String) -> TemplateSyntaxError? {
        do {
            _ = try StrictTemplate(template)
            return nil
        } catch {
            return error
        }
    }
}

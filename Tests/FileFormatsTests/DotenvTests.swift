// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import FileFormats
import JMESPath
import Testing

/// The dotenv format and ``FileFormat/dotenvQuoted(_:)``. The expected texts were read back with python-dotenv 1.2.2
/// (`dotenv_values`, interpolation off) and give the input exactly; docker compose (compose-go) reads the same
/// quoting.
@Suite struct DotenvTests {
    /// Text and its quoting: single quotes around raw text, double quotes with escapes once the text holds `'`, `\`
    /// or a carriage return.
    static let quotings: [(String, String)] = [
        ("admin", "'admin'"),
        ("", "''"),
        ("  lead and trail  ", "'  lead and trail  '"),
        ("say \"hi\"", "'say \"hi\"'"),
        ("$HOME pa$$word $", "'$HOME pa$$word $'"),
        ("{$}", "'{$}'"),
        ("line1\nline2\n", "'line1\nline2\n'"),
        ("a\tb", "'a\tb'"),
        ("a # not a comment", "'a # not a comment'"),
        ("a=b:c!d#e", "'a=b:c!d#e'"),
        ("héllo wörld ✓ 😀", "'héllo wörld ✓ 😀'"),
        ("\u{1}\u{1B}\u{7F}\u{85}\u{2028}", "'\u{1}\u{1B}\u{7F}\u{85}\u{2028}'"),
        ("it's", #""it's""#),
        (#"C:\path\to"#, #""C:\\path\\to""#),
        ("a\r\nb\r", #""a\r\nb\r""#),
        ("it's\n\ta \"q\" \\ x", #""it's\n\ta \"q\" \\ x""#),
        (#"a\"b\\c""#, #""a\\\"b\\\\c\"""#),
        ("'", #""'""#),
        (#"\x"#, #""\\x""#),
    ]

    /// Text no quoting reads back everywhere.
    static let refusals: [String] = [
        "it's $5",
        "${HOME}",
        "a$${b",
        #"a\$"#,
        "cr\r$",
        "nul\u{0}",
        "\u{0}",
        #"trailing\"#,
        #"\"#,
    ]

    /// `dotenvQuoted` quotes each text as the table says.
    @Test(arguments: quotings)
    func quotes(text: String, expected: String) {
        #expect(FileFormat.dotenvQuoted(text).map { Array($0.utf8) } == Array(expected.utf8))
    }

    /// `dotenvQuoted` refuses text with a NUL or `${`, text that needs double quotes and holds a `$`, and text ending
    /// in `\`.
    @Test(arguments: refusals)
    func refuses(text: String) {
        #expect(FileFormat.dotenvQuoted(text) == nil)
    }

    /// Each value of a one-key object is written as `KEY=` and its quoting, on a line of its own.
    @Test(arguments: quotings)
    func rendersQuotedValue(text: String, expected: String) throws {
        try expectRendered(.dotenv, object("KEY", .string(text)), "KEY=" + expected + "\n")
    }

    /// Numbers and booleans as their JSON text, null as an empty value, nested values as compact JSON, keys in order.
    @Test func rendersEveryKindOfValue() throws {
        let value: JSONValue = [
            "PLAIN": "admin",
            "INT": 5432,
            "NEG": -3,
            "HALF": 0.5,
            "SMALL": 1e-7,
            "T": true,
            "F": false,
            "NULL": nil,
            "ARRAY": [1, "a\n", nil, ["b": [true]]],
            "OBJECT": ["x": "y", "n": 1.5],
            "EMPTY_ARRAY": [],
            "EMPTY_OBJECT": [:],
            "export": "x",
            "_": "underscore",
            "a_1": "lower",
        ]
        try expectRendered(
            .dotenv,
            value,
            """
            PLAIN='admin'
            INT='5432'
            NEG='-3'
            HALF='0.5'
            SMALL='1e-07'
            T='true'
            F='false'
            NULL=''
            ARRAY="[1,\\"a\\\\n\\",null,{\\"b\\":[true]}]"
            OBJECT='{"x":"y","n":1.5}'
            EMPTY_ARRAY='[]'
            EMPTY_OBJECT='{}'
            export='x'
            _='underscore'
            a_1='lower'

            """
        )
    }

    /// An empty object gives an empty file.
    @Test func rendersEmptyObject() throws {
        try expectRendered(.dotenv, [:], "")
    }

    /// A value that cannot be quoted is refused with a message that names the key and never the value.
    @Test(arguments: [
        (
            "secret'$value",
            "the value of key \"PASSWORD\" cannot be written in a dotenv file: it holds a ' or \\ or carriage return, "
                + "which single quotes cannot carry, and a $, which double quotes would interpolate"
        ),
        (
            "secret\u{0}value",
            "the value of key \"PASSWORD\" cannot be written in a dotenv file: it holds a NUL character, which no "
                + "dotenv quoting can carry"
        ),
        (
            #"secret\"#,
            "the value of key \"PASSWORD\" cannot be written in a dotenv file: it ends in a \\, which python-dotenv "
                + "reads as escaping the closing double quote"
        ),
    ])
    func refusesValue(text: String, message: String) {
        let problem = renderProblem(.dotenv, ["FIRST": "fine", "PASSWORD": .string(text)])
        #expect(problem?.message == message)
        #expect(problem?.description == message)
        #expect(problem.map { !$0.message.contains("secret") } == true)
    }

    /// A key that is not `[A-Za-z_][A-Za-z0-9_]*` is refused; the message shows it escaped and cut to 64 characters.
    @Test(arguments: [
        ("", #""""#),
        ("1ABC", #""1ABC""#),
        ("my-key", #""my-key""#),
        ("a.b", #""a.b""#),
        ("a b", #""a b""#),
        ("ké", #""ké""#),
        ("nl\nkey\t\"q\"\\", #""nl\nkey\t\"q\"\\""#),
        ("esc\u{1B}[31m\u{202E}", #""esc\u{1B}[31m\u{202E}""#),
        (String(repeating: "-", count: 100), "\"" + String(repeating: "-", count: 64) + "\"…"),
    ])
    func refusesKey(key: String, shown: String) {
        let problem = renderProblem(.dotenv, object(key, "value"))
        #expect(
            problem?.message
                == "the key \(shown) cannot be a dotenv variable name: a name is a letter or an underscore, then "
                + "letters, digits and underscores (A-Z, a-z, 0-9, _)"
        )
    }
}

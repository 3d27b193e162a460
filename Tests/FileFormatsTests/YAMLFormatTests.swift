// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import FileFormats
import JMESPath
import Testing

/// The yaml format; PyYAML 6.0.4 (`safe_load`, pure Python and libyaml loaders) reads every expected text back as
/// the input: strings as strings (also `yes`, `null` or `1e5`), numbers as int or float, nested values as strings of
/// their compact JSON.
@Suite struct YAMLFormatTests {
    /// A value and the YAML scalar written for it.
    static let values: [(JSONValue, String)] = [
        ("admin", #""admin""#),
        ("", #""""#),
        ("say \"hi\" \\ it's $HOME", #""say \"hi\" \\ it's $HOME""#),
        ("\n\r\t\u{0}", #""\n\r\t\0""#),
        ("\u{1}\u{1B}\u{1F}\u{7F}\u{80}\u{9F}", #""\x01\x1B\x1F\x7F\x80\x9F""#),
        ("\u{85}\u{2028}\u{2029}", #""\N\L\P""#),
        ("\u{FEFF}\u{FFFE}\u{FFFF}", #""\uFEFF\uFFFE\uFFFF""#),
        ("héllo ✓ 😀 \u{A0}\u{FFFD}", "\"héllo ✓ 😀 \u{A0}\u{FFFD}\""),
        ("yes", #""yes""#),
        ("null", #""null""#),
        ("~", #""~""#),
        ("1e5", #""1e5""#),
        ("- item: &a *b !c # d", #""- item: &a *b !c # d""#),
        ("<<", #""<<""#),
        (5432, "5432"),
        (-3, "-3"),
        (0, "0"),
        (0.5, "0.5"),
        (-2.5e-10, "-2.5e-10"),
        (9e15, "9000000000000000"),
        (1e-7, "1.0e-07"),
        (.number(.leastNonzeroMagnitude), "5.0e-324"),
        (-1.5e-300, "-1.5e-300"),
        (true, "true"),
        (false, "false"),
        (nil, "null"),
        ([1, "a\n", nil, ["b": [true]]], #""[1,\"a\\n\",null,{\"b\":[true]}]""#),
        (["x": "y\"z", "u": "é"], #""{\"x\":\"y\\\"z\",\"u\":\"é\"}""#),
        ([], #""[]""#),
        ([:], #""{}""#),
    ]

    /// Each value of a one-key object is written as the table says.
    @Test(arguments: values)
    func writesValue(value: JSONValue, expected: String) throws {
        try expectRendered(.yaml, object("key", value), "\"key\": \(expected)\n")
    }

    /// Keys are always double-quoted YAML strings, in the object's order.
    @Test func writesKeysInOrder() throws {
        let value: JSONValue = ["b": 1, "": "empty", "true": true, "a \"q\"\n\u{0}": nil, "<<": "merge?", "ключ😀": 2]
        try expectRendered(
            .yaml,
            value,
            #"""
            "b": 1
            "": "empty"
            "true": true
            "a \"q\"\n\0": null
            "<<": "merge?"
            "ключ😀": 2

            """#
        )
    }

    /// An empty object is `{}` on a line.
    @Test func rendersEmptyObject() throws {
        try expectRendered(.yaml, [:], "{}\n")
    }
}

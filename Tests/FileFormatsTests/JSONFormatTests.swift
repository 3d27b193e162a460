// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import FileFormats
import JMESPath
import Testing

/// The json format; Python's `json.load` reads every expected text back as the input (nested values as strings of
/// their compact JSON).
@Suite struct JSONFormatTests {
    /// A value and the JSON text written for it.
    static let values: [(JSONValue, String)] = [
        ("admin", #""admin""#),
        ("", #""""#),
        ("say \"hi\" \\ / it's $HOME", #""say \"hi\" \\ / it's $HOME""#),
        ("\n\r\t\u{8}\u{C}", #""\n\r\t\b\f""#),
        ("\u{0}\u{1}\u{1F}", #""\u0000\u0001\u001f""#),
        ("héllo ✓ 😀 \u{7F}\u{85}\u{2028}", "\"héllo ✓ 😀 \u{7F}\u{85}\u{2028}\""),
        (5432, "5432"),
        (-3, "-3"),
        (0, "0"),
        (0.5, "0.5"),
        (1e-7, "1e-07"),
        (-2.5e-10, "-2.5e-10"),
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
        try expectRendered(.json, object("key", value), "{\n  \"key\": \(expected)\n}\n")
    }

    /// Keys are JSON strings, in the object's order, separated by commas.
    @Test func writesKeysInOrder() throws {
        let value: JSONValue = ["b": 1, "": "empty", "a \"q\"\n": true, "ключ😀": nil]
        try expectRendered(
            .json,
            value,
            #"""
            {
              "b": 1,
              "": "empty",
              "a \"q\"\n": true,
              "ключ😀": null
            }

            """#
        )
    }

    /// An empty object is `{}` on a line.
    @Test func rendersEmptyObject() throws {
        try expectRendered(.json, [:], "{}\n")
    }
}

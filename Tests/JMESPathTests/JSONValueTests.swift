// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import JMESPath
import Testing

struct JSONValueTests {
    @Test(
        "numbers round-trip: integers up to 2^53 without a decimal point, others in shortest form",
        arguments: [
            ("123456789012", "123456789012"),
            ("9007199254740992", "9007199254740992"),
            ("-9007199254740992", "-9007199254740992"),
            ("9007199254740993", "9007199254740992"),
            ("9007199254740994", "9.007199254740994e+15"),
            ("1.0", "1"),
            ("-0", "0"),
            ("-0.0", "0"),
            ("0.1", "0.1"),
            ("1e2", "100"),
            ("1.5e300", "1.5e+300"),
            ("5e-324", "5e-324"),
            ("0.30000000000000004", "0.30000000000000004"),
            ("123456789012345678", "1.2345678901234568e+17"),
            ("1e16", "1e+16"),
        ]
    )
    func numberRoundTrip(text: String, serialized: String) throws {
        let value = try JSONValue(parsing: text)
        #expect(value.serialized() == serialized)
        #expect(try JSONValue(parsing: serialized) == value)
    }

    @Test("an AWS account id stays an exact integer through a search")
    func accountID() throws {
        let document = try JSONValue(parsing: #"{"Account": 123456789012, "Arn": "arn:aws:iam::123456789012:root"}"#)
        #expect(try JMESPathExpression("Account").search(document).serialized() == "123456789012")
        #expect(try JMESPathExpression("to_string(Account)").search(document) == "123456789012")
    }

    @Test("the serializer is compact, keeps key order and escapes what JSON requires")
    func serializer() throws {
        let value: JSONValue = [
            "z": [1, 2.5, true, false, nil],
            "a": "quote \" backslash \\ slash / newline \n tab \t bell \u{07} é 😀",
            "m": [:],
            "e": [],
        ]
        #expect(
            value.serialized()
                == #"{"z":[1,2.5,true,false,null],"#
                + #""a":"quote \" backslash \\ slash / newline \n tab \t bell \u0007 é 😀","m":{},"e":[]}"#
        )
        #expect(try JSONValue(parsing: value.serialized()) == value)
        #expect(JSONValue.number(.infinity).serialized() == "null")
        #expect("\(JSONValue.string("x"))" == #""x""#)
    }

    @Test("strings decode escapes, including surrogate pairs, and must be valid UTF-8")
    func strings() throws {
        #expect(try JSONValue(parsing: #""\u00e9\ud83d\ude00\n\/\"""#) == "é😀\n/\"")
        #expect(try JSONValue(parsing: Array("\"é\"".utf8)) == "é")
        let invalid = try #require(throws: JMESPathError.self) { try JSONValue(parsing: [0x22, 0xFF, 0x22]) }
        #expect(invalid.message == "invalid JSON at line 1, column 2: string is not valid UTF-8")
    }

    @Test(
        "malformed documents name the line, column and problem",
        arguments: [
            ("", "invalid JSON at line 1, column 1: expected a JSON value but found the end of input"),
            ("{\"a\":\n [1,,2]}", "invalid JSON at line 2, column 5: expected a JSON value but found character ','"),
            ("{\"a\" 1}", "invalid JSON at line 1, column 6: expected ':' after an object key but found character '1'"),
            (
                "[1 2]",
                "invalid JSON at line 1, column 4: expected ',' or ']' after an array element but found character '2'"
            ),
            ("{a: 1}", "invalid JSON at line 1, column 2: expected a string key but found character 'a'"),
            (
                "[01]",
                "invalid JSON at line 1, column 3: expected ',' or ']' after an array element but found character '1'"
            ),
            ("1.", "invalid JSON at line 1, column 3: expected a digit after '.' in a number"),
            ("1e999", "invalid JSON at line 1, column 1: number 1e999 is out of range"),
            ("\"abc", "invalid JSON at line 1, column 1: unterminated string"),
            ("\"a\tb\"", "invalid JSON at line 1, column 3: control character 0x9 must be escaped in a string"),
            (#""\x""#, #"invalid JSON at line 1, column 2: invalid escape sequence '\x'"#),
            (#""\ud800""#, #"invalid JSON at line 1, column 2: unpaired high surrogate in '\u' escape"#),
            (#""\udc00""#, #"invalid JSON at line 1, column 2: unpaired low surrogate in '\u' escape"#),
            ("tru", "invalid JSON at line 1, column 1: expected a JSON value but found character 't'"),
            ("[] x", "invalid JSON at line 1, column 4: unexpected character 'x' after the JSON value"),
        ]
    )
    func malformed(text: String, message: String) throws {
        let error = try #require(throws: JMESPathError.self) { try JSONValue(parsing: text) }
        #expect(error.code == .invalidJSON)
        #expect(error.message == message)
        #expect(error.line != nil && error.column != nil)
    }

    @Test("equality compares numbers numerically, objects in any order, strings by code point")
    func equality() throws {
        #expect(try JSONValue(parsing: "[1, 1.0, 1e0]") == [1, 1, 1])
        #expect(try JSONValue(parsing: #"{"a": 1, "b": [true]}"#) == JSONValue(parsing: #"{"b": [true], "a": 1}"#))
        #expect(JSONValue.string("\u{E9}") != JSONValue.string("e\u{301}"))
        #expect(JSONValue.bool(true) != JSONValue.number(1))
        #expect(JSONValue.null != JSONValue.array([]))
    }

    @Test("type names and truthiness follow the specification")
    func typesAndTruthiness() {
        let values: [JSONValue] = [nil, false, true, 0, "", "a", [], [0], [:], ["a": nil]]
        #expect(
            values.map(\.typeName) == [
                "null", "boolean", "boolean", "number", "string", "string", "array", "array", "object", "object",
            ]
        )
        #expect(values.map(\.isTruthy) == [false, false, true, true, false, true, false, true, false, true])
    }
}

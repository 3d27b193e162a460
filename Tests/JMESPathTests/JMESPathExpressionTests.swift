// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import JMESPath
import Testing

struct JMESPathExpressionTests {
    @Test(
        "syntax errors name the column and what was expected",
        arguments: [
            ("foo bar", "unexpected token 'bar' at column 5; expected an operator or the end of the expression"),
            ("foo[", "unexpected end of expression at column 5; expected a number, ':' or '*' inside '[]'"),
            ("(a", "unexpected end of expression at column 3; expected ')'"),
            ("a.{x:}", "unexpected token '}' at column 6; expected an expression"),
            ("a[1 2]", "unexpected token '2' at column 5; expected ':' or ']'"),
            ("foo.#", "unexpected character '#' at column 5"),
            ("a = b", "unexpected character '=' at column 3; use '==' to compare"),
            (#""abc"#, #"unterminated quoted identifier at column 1; expected a closing '"'"#),
            ("'abc", "unterminated raw string literal at column 1; expected a closing '''"),
            ("`{\"a\":}`", "invalid JSON literal (expected a JSON value but found character '}') at column 1"),
            (
                #""to_string"(@)"#,
                #"quoted identifier "to_string" cannot be used as a function name at column 1; "#
                    + "write function names without quotes"
            ),
            (#""é"."ü" x"#, "unexpected token 'x' at column 9; expected an operator or the end of the expression"),
            (
                "abs(1)",
                "unexpected token '1' at column 5; expected an expression; write numbers as JSON literals such as `1`"
            ),
        ]
    )
    func syntaxErrors(expression: String, message: String) throws {
        let error = try #require(throws: JMESPathError.self) { try JMESPathExpression(expression) }
        #expect(error.code == .syntax)
        #expect(error.message == message)
    }

    @Test(
        "an identifier followed by '-' gets a hint to quote the hyphenated key",
        arguments: [
            ("api-key", 4, #""api-key""#),
            ("secret.api-key.value", 11, #""api-key""#),
            ("x-api-key-2", 2, #""x-api-key-2""#),
            ("data[0].db-password", 11, #""db-password""#),
            ("port-1", 5, #""port-1""#),
        ]
    )
    func hyphenHint(expression: String, column: Int, quoted: String) throws {
        let error = try #require(throws: JMESPathError.self) { try JMESPathExpression(expression) }
        #expect(error.code == .syntax)
        #expect(error.column == column)
        #expect(
            error.message == "unexpected token '-' at column \(column); quote identifiers that contain '-' as \(quoted)"
        )
    }

    @Test("the quoted form suggested by the hint works")
    func quotedHyphenatedKey() throws {
        let document = try JSONValue(parsing: #"{"secret": {"api-key": "k3y"}}"#)
        #expect(try JMESPathExpression(#"secret."api-key""#).search(document) == "k3y")
    }

    @Test(
        "unknown functions and wrong argument counts are reported when compiling",
        arguments: [
            ("nope(@)", "unknown-function", "unknown function nope() at column 1"),
            ("a.b(@)", "unknown-function", "unknown function b() at column 3"),
            ("abs()", "invalid-arity", "abs() takes 1 argument but 0 were given at column 1"),
            ("sum(a, b)", "invalid-arity", "sum() takes 1 argument but 2 were given at column 1"),
            ("x || starts_with(a)", "invalid-arity", "starts_with() takes 2 arguments but 1 was given at column 6"),
            ("not_null()", "invalid-arity", "not_null() takes at least 1 argument but 0 were given at column 1"),
            ("a[::0]", "invalid-value", "slice step cannot be 0 at column 5"),
        ]
    )
    func compileTimeErrors(expression: String, code: String, message: String) throws {
        let error = try #require(throws: JMESPathError.self) { try JMESPathExpression(expression) }
        #expect(error.code.rawValue == code)
        #expect(error.message == message)
        #expect(error.column != nil)
    }

    @Test(
        "type errors name the function, the argument and both types",
        arguments: [
            ("length(`1`)", "invalid type for argument 1 of length(): expected string, array or object but got number"),
            ("join(`1`, a)", "invalid type for argument 1 of join(): expected string but got number"),
            (
                "sum(mixed)",
                "invalid type for argument 1 of sum(): expected array[number] but got array containing string"
            ),
            (
                "sort(mixed)",
                "invalid type for argument 1 of sort(): expected array[number] or array[string] "
                    + "but got array containing string"
            ),
            ("merge(`{}`, a)", "invalid type for argument 2 of merge(): expected object but got array"),
            ("sort_by(a, @)", "invalid type for argument 2 of sort_by(): expected expression but got object"),
            ("abs(&a)", "invalid type for argument 1 of abs(): expected number but got an expression reference"),
            (
                "sort_by(mixed, &@)",
                "invalid type for the expression of sort_by(): expected it to return a number for element 2 "
                    + "but it returned string"
            ),
            ("&a", "an expression reference ('&') can only be passed to a function such as sort_by()"),
        ]
    )
    func typeErrors(expression: String, message: String) throws {
        let document: JSONValue = ["a": [1, 2], "mixed": [1, "2"]]
        let compiled = try JMESPathExpression(expression)
        let error = try #require(throws: JMESPathError.self) { try compiled.search(document) }
        #expect(error.code == .invalidType)
        #expect(error.message == message)
        #expect(error.column == nil)
    }

    @Test(
        "functions follow the specification",
        arguments: [
            ("length('héllo😀')", "6"),
            ("reverse('ab😀')", #""😀ba""#),
            ("sort(['b', 'a', 'é', 'Z'])", #"["Z","a","b","é"]"#),
            ("max_by(people, &age).name", #""b""#),
            ("min_by(people, &name).name", #""a""#),
            ("sort_by(people, &age)[*].name", #"["a","b","c"]"#),
            ("map(&age, people)", "[30,40,40]"),
            ("avg(`[]`)", "null"),
            ("sum(`[]`)", "0"),
            ("ceil(`1.2`)", "2"),
            ("floor(`-1.2`)", "-2"),
            ("to_number('1e3')", "1000"),
            ("to_number('abc')", "null"),
            ("to_number('0x10')", "null"),
            ("to_string(`[1, {\"a\": 0.5}]`)", #""[1,{\"a\":0.5}]""#),
            ("contains('foobar', 'oba')", "true"),
            ("contains('foobar', `1`)", "false"),
            ("contains(people[*].age, `40`)", "true"),
            ("merge(`{\"a\": 1, \"b\": 2}`, `{\"a\": 3}`)", #"{"a":3,"b":2}"#),
            ("keys(people[0])", #"["name","age"]"#),
            ("type(@)", #""object""#),
            ("not_null(missing, `null`, 'x')", #""x""#),
            ("to_array('x')", #"["x"]"#),
            ("ends_with('report.json', '.json')", "true"),
            ("starts_with('😀x', '😀')", "true"),
            ("join(', ', ['a', 'b'])", #""a, b""#),
        ]
    )
    func functions(expression: String, expected: String) throws {
        let document = try JSONValue(
            parsing: #"{"people": [{"name": "a", "age": 30}, {"name": "b", "age": 40}, {"name": "c", "age": 40}]}"#
        )
        #expect(try JMESPathExpression(expression).search(document).serialized() == expected)
    }

    @Test(
        "literals, raw strings and quoted identifiers decode their escapes",
        arguments: [
            (#"`"foo\`bar"`"#, #""foo`bar""#),
            (#"'it\'s'"#, #""it's""#),
            (#"'C:\path\n'"#, #""C:\\path\\n""#),
            (#""\ud83d\ude00""#, "1"),
            (#""tab\there""#, "2"),
        ]
    )
    func escapes(expression: String, expected: String) throws {
        let document = try JSONValue(parsing: #"{"😀": 1, "tab\there": 2}"#)
        #expect(try JMESPathExpression(expression).search(document).serialized() == expected)
    }

    @Test("ordering comparisons are only defined for numbers")
    func comparisons() throws {
        #expect(try JMESPathExpression("`1` < `2`").search(nil) == true)
        #expect(try JMESPathExpression("'a' < 'b'").search(nil) == nil)
        #expect(try JMESPathExpression("`[1, 2]` == `[1.0, 2]`").search(nil) == true)
        #expect(try JMESPathExpression(#"`{"a": 1, "b": 2}` == `{"b": 2, "a": 1}`"#).search(nil) == true)
    }

    @Test("a compiled expression can be shared by concurrent tasks")
    func concurrentSearches() async throws {
        let expression = try JMESPathExpression("items[?enabled].name | sort(@)")
        let results = await withTaskGroup(of: JSONValue.self) { group in
            for index in 0..<50 {
                group.addTask {
                    let document: JSONValue = [
                        "items": [["name": .string("n\(index)"), "enabled": true], ["name": "off", "enabled": false]]
                    ]
                    return (try? expression.search(document)) ?? nil
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 50)
        #expect(results.allSatisfy { if case .array(let names) = $0 { names.count == 1 } else { false } })
        #expect(expression.source == "items[?enabled].name | sort(@)")
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import JMESPath
import Testing

/// Pathological inputs, each of which must end in a clear error (or a result), never a crash or a hang.
private let pathologicalInputs: [(name: String, expression: String, document: String)] = [
    ("100,000 '('", String(repeating: "(", count: 100_000) + "a", "{}"),
    ("100,000 '['", String(repeating: "[", count: 100_000) + "a", "{}"),
    ("100,000 '{a:'", String(repeating: "{a:", count: 100_000) + "a", "{}"),
    ("100,000 '!'", String(repeating: "!", count: 100_000) + "a", "{}"),
    ("100,000 '&'", String(repeating: "& ", count: 100_000) + "a", "{}"),
    ("100,000 function calls", String(repeating: "abs(", count: 100_000) + "@", "1"),
    ("100,000 filters", String(repeating: "[?", count: 100_000) + "@", "[]"),
    ("100,000 chained fields", Array(repeating: "a", count: 100_000).joined(separator: "."), "{}"),
    ("100,000 '||'", Array(repeating: "a", count: 100_000).joined(separator: " || "), "{}"),
    ("100,000 pipes", Array(repeating: "a", count: 100_000).joined(separator: " | "), "{}"),
    ("100,000 projections", Array(repeating: "a[*]", count: 100_000).joined(separator: "."), "{}"),
    ("JSON literal nested 100,000 deep", "`" + String(repeating: "[", count: 100_000) + "`", "{}"),
    ("document nested 100,000 deep", "@", String(repeating: "[", count: 100_000)),
    ("document of 100,000 unclosed objects", "@", String(repeating: #"{"a":"#, count: 100_000)),
]

/// Runs `body` on a thread with a 512 KiB stack, the size of a Swift concurrency worker thread on Darwin.
private func onSmallStack<Result: Sendable>(_ body: @escaping @Sendable () -> Result) async -> Result {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.stackSize = 512 * 1024
        thread.start()
    }
}

/// Compiles and searches, returning the error kind and message, or the result as JSON.
private func outcome(_ expression: String, _ document: String) -> String {
    do {
        let value = try JSONValue(parsing: document)
        return try JMESPathExpression(expression).search(value).serialized()
    } catch {
        return "\(error.code): \(error.message)"
    }
}

extension JMESPathExpressionTests {
    @Test(
        "pathological nesting gives a clear error inside a task and on a 512 KiB stack",
        arguments: pathologicalInputs
    )
    func pathologicalNesting(_ input: (name: String, expression: String, document: String)) async {
        // Directly in the test's task, then on a thread with the smallest stack a task may have.
        let inTask = outcome(input.expression, input.document)
        let onSmallStack = await onSmallStack { outcome(input.expression, input.document) }
        #expect(inTask == onSmallStack)
        #expect(inTask.contains("nested") || inTask.hasPrefix("invalid-json"), "\(input.name): \(inTask)")
    }

    @Test("expression nesting is limited to maximumNestingDepth levels")
    func expressionNestingLimit() async throws {
        // A chain of fields is parsed iteratively, so it reaches the level limit exactly in any build.
        let limit = JMESPathExpression.maximumNestingDepth
        let fields = { (count: Int) in Array(repeating: "a", count: count).joined(separator: ".") }
        let deepest = try JMESPathExpression(fields(limit))
        #expect(try deepest.search(["a": ["a": 1]]) == nil)
        let error = try #require(throws: JMESPathError.self) { try JMESPathExpression(fields(limit + 1)) }
        #expect(error.code == .syntax)
        #expect(error.message.hasPrefix("expression is nested too deeply (the limit is \(limit) levels) at column"))
    }

    @Test("realistic nesting works on a 512 KiB stack in debug builds too")
    func realisticNesting() async {
        let depth = 32
        let repeated = { (text: String) in String(repeating: text, count: depth) }
        let cases: [(expression: String, expected: String)] = [
            (repeated("(") + "a" + repeated(")"), "-1"),
            (repeated("[") + "a" + repeated("]"), repeated("[") + "-1" + repeated("]")),
            (repeated("abs(") + "a" + repeated(")"), "1"),
            (repeated("{a: ") + "a" + repeated("}"), repeated(#"{"a":"#) + "-1" + repeated("}")),
            (Array(repeating: "a[*]", count: depth).joined(separator: "."), "null"),
        ]
        for testCase in cases {
            let result = await onSmallStack { outcome(testCase.expression, #"{"a": -1}"#) }
            #expect(result == testCase.expected, "\(testCase.expression.prefix(20))...")
        }
    }

    @Test("JSON documents may nest up to JSONValue.maximumNestingDepth levels")
    func documentNestingLimit() throws {
        let limit = JSONValue.maximumNestingDepth
        let nested = { (depth: Int) in String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }
        let deepest = try JSONValue(parsing: nested(limit))
        #expect(deepest.serialized() == nested(limit))
        let error = try #require(throws: JMESPathError.self) { try JSONValue(parsing: nested(limit + 1)) }
        #expect(error.code == .invalidJSON)
        #expect(
            error.message
                == "invalid JSON at line 1, column \(limit + 1): "
                + "arrays and objects are nested more than \(limit) levels deep"
        )
    }

    @Test("multi-selects that double their input through pipes stop at the work limit")
    func exponentialMultiSelect() throws {
        // 60 doublings would describe 2^60 values; charging each result's size stops it near the limit.
        let expression = try JMESPathExpression(Array(repeating: "[@, @]", count: 60).joined(separator: " | "))
        let error = try #require(throws: JMESPathError.self) { try expression.search(1, maximumSteps: 100_000) }
        #expect(error.code == .invalidValue)
        #expect(error.message.hasPrefix("evaluation needs more than 100000 steps, the limit for one search"))
        #expect(try expression.search(nil, maximumSteps: 100_000) == nil)
    }

    @Test("to_string whose escaping doubles the text through pipes stops at the work limit")
    func exponentialToString() throws {
        let expression = try JMESPathExpression(
            Array(repeating: "to_string([@, @])", count: 40).joined(separator: " | ")
        )
        let error = try #require(throws: JMESPathError.self) { try expression.search("\"", maximumSteps: 100_000) }
        #expect(error.code == .invalidValue)
    }

    @Test("comparing huge shared values is charged to the work limit")
    func exponentialComparison() throws {
        let doubled = Array(repeating: "[@, @]", count: 12).joined(separator: " | ")
        let expression = try JMESPathExpression("[(\(doubled)), (\(doubled))] | [0] == [1]")
        #expect(try expression.search(1) == true)
        let error = try #require(throws: JMESPathError.self) { try expression.search(1, maximumSteps: 10_000) }
        #expect(error.code == .invalidValue)
    }

    @Test("huge slice bounds and steps are clamped to the data")
    func hugeSlices() throws {
        let document: JSONValue = [1, 2, 3]
        #expect(try JMESPathExpression("[0:99999999999999999999999]").search(document) == [1, 2, 3])
        #expect(try JMESPathExpression("[::99999999999999999999999]").search(document) == [1])
        #expect(try JMESPathExpression("[::-99999999999999999999999]").search(document) == [3])
        #expect(try JMESPathExpression("[-99999999999999999999999]").search(document) == nil)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// A compiled JMESPath expression: compile once, then search any number of documents, from any task.
///
/// Syntax errors, unknown functions and wrong numbers of function arguments are reported when compiling;
/// type errors when searching.
///
/// ```swift
/// let expression = try JMESPathExpression(#"credentials."api-key""#)
/// let document = try JSONValue(parsing: #"{"credentials": {"api-key": "s3cr3t"}}"#)
/// print(try expression.search(document))  // "s3cr3t"
/// ```
public struct JMESPathExpression: Sendable {
    /// How deeply an expression may nest (brackets, parentheses, operators and chained sub-expressions);
    /// deeper expressions are rejected with a `syntax` error.
    ///
    /// Compiling and searching also never use more than 256 KiB of stack, which keeps them safe in Swift
    /// concurrency tasks (whose threads may have 512 KiB). Release builds reach this depth well within that;
    /// debug builds, whose stack frames are several times larger, may reject some shapes of nesting earlier.
    public static let maximumNestingDepth = 128

    /// The units of work one search may do (about one per node visited or element produced, and one per
    /// four bytes of string produced or scanned) before it fails with an `invalid-value` error.
    public static let maximumEvaluationSteps = 1 << 25

    /// The text the expression was compiled from.
    public let source: String

    private let root: any Node

    /// Compiles an expression.
    /// - Parameter source: The JMESPath expression, such as `data[?name == 'db'].password | [0]`.
    /// - Throws: ``JMESPathError`` with code `syntax` (naming the column and what was expected),
    ///   `unknown-function`, `invalid-arity`, or `invalid-value` (a slice step of 0).
    public init(_ source: String) throws(JMESPathError) {
        self.source = source
        self.root = try Parser.parse(Array(source.utf8))
    }

    /// Evaluates the expression with `document` as the current node.
    /// - Parameter document: The JSON value to search.
    /// - Returns: The result; `null` when nothing matches.
    /// - Throws: ``JMESPathError`` with code `invalid-type` when a function gets an argument of the wrong
    ///   type, or `invalid-value` when the search exceeds ``maximumEvaluationSteps``.
    public func search(_ document: JSONValue) throws(JMESPathError) -> JSONValue {
        try self.search(document, maximumSteps: Self.maximumEvaluationSteps)
    }

    /// Evaluates the expression with `document` as the current node, with a custom work limit.
    /// - Parameters:
    ///   - document: The JSON value to search.
    ///   - maximumSteps: The units of work the search may do (see ``maximumEvaluationSteps``); lower it for
    ///     untrusted expressions, raise it for very large documents.
    /// - Returns: The result; `null` when nothing matches.
    /// - Throws: ``JMESPathError`` with code `invalid-type` when a function gets an argument of the wrong
    ///   type, or `invalid-value` when the search needs more than `maximumSteps`.
    public func search(_ document: JSONValue, maximumSteps: Int) throws(JMESPathError) -> JSONValue {
        var interpreter = Interpreter(budget: maximumSteps)
        return try interpreter.evaluate(self.root, document)
    }

    /// Evaluates the expression with `document` as the current node, spending from a budget shared with other
    /// searches (such as every `jmesPath` entry of one mount).
    /// - Parameters:
    ///   - document: The JSON value to search.
    ///   - steps: The units of work left (see ``maximumEvaluationSteps``); what the search did is taken from it, and
    ///     it is negative after a search that ran out.
    /// - Returns: The result; `null` when nothing matches.
    /// - Throws: ``JMESPathError`` as ``search(_:maximumSteps:)`` does.
    public func search(_ document: JSONValue, steps: inout Int) throws(JMESPathError) -> JSONValue {
        var interpreter = Interpreter(budget: steps)
        defer { steps = interpreter.budget }
        return try interpreter.evaluate(self.root, document)
    }
}

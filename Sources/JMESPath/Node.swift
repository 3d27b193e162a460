// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// A node of the syntax tree of a compiled expression.
///
/// Each kind of node is a final class that evaluates itself, so the recursion through
/// ``Interpreter/evaluate(_:_:)`` carries one small stack frame per level, even in debug builds, where a
/// single `switch` over all kinds would reserve room for the temporaries of every kind in every frame.
protocol Node: AnyObject, Sendable {
    /// Evaluates the node with `value` as the current node; called only by ``Interpreter/evaluate(_:_:)``.
    func evaluate(_ value: JSONValue, _ interpreter: inout Interpreter) throws(JMESPathError) -> JSONValue
}

/// `@`: the current value.
final class IdentityNode: Node {
    func evaluate(_ value: JSONValue, _ interpreter: inout Interpreter) -> JSONValue {
        value
    }
}

/// `name` or `"name"`: a field of an object, else `null`.
final class FieldNode: Node {
    /// The field name, hashed once at compile time.
    let field: FieldName

    init(_ name: String) {
        self.field = FieldName(name)
    }

    func evaluate(_ value: JSONValue, _ interpreter: inout Interpreter) -> JSONValue {
        guard case .object(let object) = value else { return .null }
        return object[self.field] ?? .null
    }
}

/// `` `json` `` or `'raw'`: a constant.
final class LiteralNode: Node {
    let literal: JSONValue

    init(_ literal: JSONValue) {
        self.literal = literal
    }

    func evaluate(_ value: JSONValue, _ interpreter: inout Interpreter) -> JSONValue {
        self.literal
    }
}

/// A node that combines two children, `left` and `right`, in one of five ways.
final class BinaryNode: Node {
    /// How the children combine.
    enum Kind {
        /// `left.right`, `left | right`, `left[index]`: `right` evaluated against the result of `left`.
        case subexpression
        /// `left || right`: `left` if it is truthy, else `right`.
        case or
        /// `left && right`: `left` if it is falsy, else `right`.
        case and
        /// `left[*]`, `left[]`, `left[1:]`: `right` for each element of the array `left`, dropping nulls.
        case listProjection
        /// `left.*`: `right` for each value of the object `left`, dropping nulls.
        case objectProjection
    }

    let kind: Kind
    let left: any Node
    let right: any Node

    init(_ kind: Kind, _ left: any Node, _ right: any Node) {
        self.kind = kind
        self.left = left
        self.right = right
    }

    func evaluate(_ value: JSONValue, _ interpreter: inout Interpreter) throws(JMESPathError) -> JSONValue {
        let result = try interpreter.evaluate(self.left, value)
        switch self.kind {
        case .subexpression:
            return try interpreter.evaluate(self.right, result)
        case .or:
            return result.isTruthy ? result : try interpreter.evaluate(self.right, value)
        case .and:
            return result.isTruthy ? try interpreter.evaluate(self.right, value) : result
        case .listProjection:
            guard case .array(let elements) = result else { return .null }
            return .array(try interpreter.project(elements, self.right))
        case .objectProjection:
            guard case .object(let object) = result else { return .null }
            return .array(try interpreter.project(object.values, self.right))
        }
    }
}

/// `[n]`: an array element, counted from the end when negative.
final class IndexNode: Node {
    let index: Int

    init(_ index: Int) {
        self.index = index
    }

    func evaluate(_ value: JSONValue, _ interpreter: inout Interpreter) -> JSONValue {
        guard case .array(let elements) = value else { return .null }
        let position = self.index < 0 ? elements.count + self.index : self.index
        return elements.indices.contains(position) ? elements[position] : .null
    }
}

/// `[start:stop:step]`: part of an array, with the bounds clamped as Python does; the step is never 0.
final class SliceNode: Node {
    let start: Int?
    let stop: Int?
    let step: Int

    init(start: Int?, stop: Int?, step: Int) {
        self.start = start
        self.stop = stop
        self.step = step
    }

    func evaluate(_ value: JSONValue, _ interpreter: inout Interpreter) throws(JMESPathError) -> JSONValue {
        guard case .array(let elements) = value else { return .null }
        var position =
            self.start.map { self.clamp($0, count: elements.count) }
            ?? (self.step < 0 ? elements.count - 1 : 0)
        let end = self.stop.map { self.clamp($0, count: elements.count) } ?? (self.step < 0 ? -1 : elements.count)
        var results: [JSONValue] = []
        while self.step > 0 ? position < end : position > end {
            results.append(elements[position])
            position += self.step
        }
        try interpreter.charge(results.count)
        return .array(results)
    }

    private func clamp(_ bound: Int, count: Int) -> Int {
        if bound < 0 {
            return Swift.max(bound + count, self.step < 0 ? -1 : 0)
        }
        return Swift.min(bound, self.step < 0 ? count - 1 : count)
    }
}

/// `&expression`: an expression passed unevaluated to a function such as `sort_by`.
final class ExpressionReferenceNode: Node {
    let operand: any Node

    init(_ operand: any Node) {
        self.operand = operand
    }

    func evaluate(_ value: JSONValue, _ interpreter: inout Interpreter) throws(JMESPathError) -> JSONValue {
        throw JMESPathError(
            code: .invalidType,
            message: "an expression reference ('&') can only be passed to a function such as sort_by()"
        )
    }
}

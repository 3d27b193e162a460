// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// `!operand`.
final class NotNode: Node {
    let operand: any Node

    init(_ operand: any Node) {
        self.operand = operand
    }

    func evaluate(_ value: JSONValue, _ interpreter: inout Interpreter) throws(JMESPathError) -> JSONValue {
        .bool(!(try interpreter.evaluate(self.operand, value)).isTruthy)
    }
}

/// `left == right` and the other comparators; ordering is only defined for numbers, else `null`.
final class ComparisonNode: Node {
    let comparator: Comparator
    let left: any Node
    let right: any Node

    init(_ comparator: Comparator, _ left: any Node, _ right: any Node) {
        self.comparator = comparator
        self.left = left
        self.right = right
    }

    func evaluate(_ value: JSONValue, _ interpreter: inout Interpreter) throws(JMESPathError) -> JSONValue {
        let lhs = try interpreter.evaluate(self.left, value)
        let rhs = try interpreter.evaluate(self.right, value)
        switch (self.comparator, lhs, rhs) {
        case (.equal, _, _):
            return .bool(try interpreter.equal(lhs, rhs))
        case (.notEqual, _, _):
            return .bool(!(try interpreter.equal(lhs, rhs)))
        case (.less, .number(let left), .number(let right)):
            return .bool(left < right)
        case (.lessOrEqual, .number(let left), .number(let right)):
            return .bool(left <= right)
        case (.greater, .number(let left), .number(let right)):
            return .bool(left > right)
        case (.greaterOrEqual, .number(let left), .number(let right)):
            return .bool(left >= right)
        default:
            return .null
        }
    }
}

/// `[a, b]`: an array of the results; `null` when the current value is `null`.
final class MultiSelectListNode: Node {
    let elements: [any Node]

    init(_ elements: [any Node]) {
        self.elements = elements
    }

    func evaluate(_ value: JSONValue, _ interpreter: inout Interpreter) throws(JMESPathError) -> JSONValue {
        guard !value.isNull else { return .null }
        var results: [JSONValue] = []
        results.reserveCapacity(self.elements.count)
        for element in self.elements {
            let result = try interpreter.evaluate(element, value)
            // Results may share structure (`[@, @]`), so charge their full size to keep repeated
            // multi-selects from building values exponentially larger than the work spent.
            try interpreter.chargeSize(of: result)
            results.append(result)
        }
        return .array(results)
    }
}

/// `{key: a}`: an object of the results; `null` when the current value is `null`.
final class MultiSelectHashNode: Node {
    let entries: [(key: String, value: any Node)]

    init(_ entries: [(key: String, value: any Node)]) {
        self.entries = entries
    }

    func evaluate(_ value: JSONValue, _ interpreter: inout Interpreter) throws(JMESPathError) -> JSONValue {
        guard !value.isNull else { return .null }
        var object = JSONObjectBuilder()
        for entry in self.entries {
            let result = try interpreter.evaluate(entry.value, value)
            try interpreter.chargeSize(of: result)
            object.set(entry.key, result)
        }
        return .object(object.build())
    }
}

/// `name(arguments...)`, resolved and arity-checked at compile time.
final class FunctionCallNode: Node {
    let function: Function
    let arguments: [any Node]

    init(_ function: Function, _ arguments: [any Node]) {
        self.function = function
        self.arguments = arguments
    }

    func evaluate(_ value: JSONValue, _ interpreter: inout Interpreter) throws(JMESPathError) -> JSONValue {
        try interpreter.call(self.function, self.arguments, value)
    }
}

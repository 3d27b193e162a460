// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// `left[?condition]`: projects `right` over the elements of the array `left` for which `condition` is truthy.
final class FilterProjectionNode: Node {
    let left: any Node
    let condition: any Node
    let right: any Node

    init(_ left: any Node, condition: any Node, _ right: any Node) {
        self.left = left
        self.condition = condition
        self.right = right
    }

    func evaluate(_ value: JSONValue, _ interpreter: inout Interpreter) throws(JMESPathError) -> JSONValue {
        guard case .array(let elements) = try interpreter.evaluate(self.left, value) else { return .null }
        var results: [JSONValue] = []
        for element in elements where try interpreter.evaluate(self.condition, element).isTruthy {
            let result = try interpreter.evaluate(self.right, element)
            if !result.isNull {
                results.append(result)
            }
        }
        return .array(results)
    }
}

/// `left[]` before projecting: the array `left` with nested arrays flattened one level.
final class FlattenNode: Node {
    let operand: any Node

    init(_ operand: any Node) {
        self.operand = operand
    }

    func evaluate(_ value: JSONValue, _ interpreter: inout Interpreter) throws(JMESPathError) -> JSONValue {
        guard case .array(let elements) = try interpreter.evaluate(self.operand, value) else { return .null }
        var results: [JSONValue] = []
        results.reserveCapacity(elements.count)
        for element in elements {
            if case .array(let nested) = element {
                try interpreter.charge(nested.count)
                results.append(contentsOf: nested)
            } else {
                results.append(element)
            }
        }
        try interpreter.charge(elements.count)
        return .array(results)
    }
}

extension Interpreter {
    /// Evaluates `right` for each element, dropping nulls.
    mutating func project(_ elements: [JSONValue], _ right: any Node) throws(JMESPathError) -> [JSONValue] {
        var results: [JSONValue] = []
        results.reserveCapacity(elements.count)
        for element in elements {
            let result = try self.evaluate(right, element)
            if !result.isNull {
                results.append(result)
            }
        }
        return results
    }
}

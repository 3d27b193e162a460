// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// The evaluated arguments of one function call, with accessors that check each argument's type and raise
/// the specification's `invalid-type` error naming the function and the argument.
struct FunctionArguments {
    /// The function being called.
    let function: Function
    /// The argument values by position; the expression parameter's slot holds `null`.
    let values: [JSONValue]
    /// The expression passed with `&`, for functions that take one.
    let expression: (any Node)?

    /// The argument at `position`, of any type.
    func any(_ position: Int) -> JSONValue {
        self.values[position]
    }

    /// An `invalid-type` error for the argument at `position`, whose actual type is described by `actual`.
    func typeError(_ position: Int, actual: String? = nil) -> JMESPathError {
        let expected = self.function.parameterTypes[Swift.min(position, self.function.parameterTypes.count - 1)]
        return JMESPathError(
            code: .invalidType,
            message: "invalid type for argument \(position + 1) of \(self.function.rawValue)(): "
                + "expected \(expected) but got \(actual ?? self.values[position].typeName)"
        )
    }

    /// The argument at `position`, which must be a number.
    func number(_ position: Int) throws(JMESPathError) -> Double {
        guard case .number(let number) = self.values[position] else { throw self.typeError(position) }
        return number
    }

    /// The argument at `position`, which must be a string.
    func string(_ position: Int) throws(JMESPathError) -> String {
        guard case .string(let string) = self.values[position] else { throw self.typeError(position) }
        return string
    }

    /// The argument at `position`, which must be an array.
    func array(_ position: Int) throws(JMESPathError) -> [JSONValue] {
        guard case .array(let elements) = self.values[position] else { throw self.typeError(position) }
        return elements
    }

    /// The argument at `position`, which must be an object.
    func object(_ position: Int) throws(JMESPathError) -> JSONObject {
        guard case .object(let object) = self.values[position] else { throw self.typeError(position) }
        return object
    }

    /// The argument at `position`, which must be an array of numbers.
    func numbers(_ position: Int) throws(JMESPathError) -> [Double] {
        try self.array(position).map { (element) throws(JMESPathError) in
            guard case .number(let number) = element else {
                throw self.typeError(position, actual: "array containing \(element.typeName)")
            }
            return number
        }
    }

    /// The argument at `position`, which must be an array of strings.
    func strings(_ position: Int) throws(JMESPathError) -> [String] {
        try self.array(position).map { (element) throws(JMESPathError) in
            guard case .string(let string) = element else {
                throw self.typeError(position, actual: "array containing \(element.typeName)")
            }
            return string
        }
    }

    /// The argument at `position`, which must be an array of numbers or an array of strings.
    func numbersOrStrings(_ position: Int) throws(JMESPathError) -> SortKeys {
        let elements = try self.array(position)
        if case .string = elements.first {
            return .strings(try self.strings(position))
        }
        return .numbers(try self.numbers(position))
    }
}

/// Values that JMESPath can order: all numbers or all strings.
enum SortKeys {
    /// Numbers, compared numerically.
    case numbers([Double])
    /// Strings, compared by code point.
    case strings([String])

    /// The positions of the keys in ascending order; equal keys keep their original order.
    func sortedPositions() -> [Int] {
        switch self {
        case .numbers(let keys):
            return keys.indices.sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
        case .strings(let keys):
            return keys.indices.sorted { left, right in
                if keys[left].hasSameCodePoints(as: keys[right]) {
                    return left < right
                }
                return keys[left].precedesByCodePoints(keys[right])
            }
        }
    }

    /// The position of the smallest (or, with `largest`, the largest) key; the first one among equals.
    func extremePosition(largest: Bool) -> Int? {
        switch self {
        case .numbers(let keys):
            return keys.indices.min { largest ? keys[$0] > keys[$1] : keys[$0] < keys[$1] }
        case .strings(let keys):
            return keys.indices.min {
                largest ? keys[$1].precedesByCodePoints(keys[$0]) : keys[$0].precedesByCodePoints(keys[$1])
            }
        }
    }
}

extension Interpreter {
    /// Evaluates the arguments of a call and runs the function.
    mutating func call(
        _ function: Function,
        _ argumentNodes: [any Node],
        _ current: JSONValue
    ) throws(JMESPathError) -> JSONValue {
        var values: [JSONValue] = []
        values.reserveCapacity(argumentNodes.count)
        var expression: (any Node)?
        for (position, node) in argumentNodes.enumerated() {
            switch ((node as? ExpressionReferenceNode)?.operand, position == function.expressionParameter) {
            case (let reference?, true):
                expression = reference
                values.append(.null)
            case (_?, false):
                let arguments = FunctionArguments(function: function, values: values, expression: nil)
                throw arguments.typeError(position, actual: "an expression reference")
            case (nil, true):
                let arguments = FunctionArguments(
                    function: function,
                    values: values + [try self.evaluate(node, current)],
                    expression: nil
                )
                throw arguments.typeError(position)
            case (nil, false):
                values.append(try self.evaluate(node, current))
            }
        }
        let arguments = FunctionArguments(function: function, values: values, expression: expression)
        return try self.run(function, arguments)
    }

    private mutating func run(_ function: Function, _ arguments: FunctionArguments) throws(JMESPathError) -> JSONValue {
        switch function {
        case .abs: .number(Swift.abs(try arguments.number(0)))
        case .avg: try self.average(arguments)
        case .ceil: .number(try arguments.number(0).ceiling)
        case .contains: try self.contains(arguments)
        case .endsWith: try self.endsWith(arguments)
        case .floor: .number(try arguments.number(0).flooring)
        case .join: try self.join(arguments)
        case .keys: .array(try arguments.object(0).keys.map(JSONValue.string))
        case .length: try self.length(arguments)
        case .map: try self.map(arguments)
        case .max: try self.extreme(arguments, largest: true)
        case .maxBy: try self.extremeBy(arguments, largest: true)
        case .merge: try self.merge(arguments)
        case .min: try self.extreme(arguments, largest: false)
        case .minBy: try self.extremeBy(arguments, largest: false)
        case .notNull: arguments.values.first { !$0.isNull } ?? .null
        case .reverse: try self.reverse(arguments)
        case .sort: try self.sort(arguments)
        case .sortBy: try self.sortBy(arguments)
        case .startsWith: try self.startsWith(arguments)
        case .sum: try self.sum(arguments)
        case .toArray: self.toArray(arguments)
        case .toString: try self.toString(arguments)
        case .toNumber: try self.toNumber(arguments)
        case .type: .string(arguments.any(0).typeName)
        case .values: .array(try arguments.object(0).values)
        }
    }
}

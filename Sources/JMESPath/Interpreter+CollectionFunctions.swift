// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

extension Interpreter {
    /// `avg(numbers)`: the mean, or `null` for an empty array.
    mutating func average(_ arguments: FunctionArguments) throws(JMESPathError) -> JSONValue {
        let numbers = try arguments.numbers(0)
        try self.charge(numbers.count)
        return numbers.isEmpty ? .null : .number(numbers.reduce(0, +) / Double(numbers.count))
    }

    /// `sum(numbers)`: the total, 0 for an empty array.
    mutating func sum(_ arguments: FunctionArguments) throws(JMESPathError) -> JSONValue {
        let numbers = try arguments.numbers(0)
        try self.charge(numbers.count)
        return .number(numbers.reduce(0, +))
    }

    /// `to_array(value)`: arrays as they are, anything else wrapped in an array.
    func toArray(_ arguments: FunctionArguments) -> JSONValue {
        if case .array = arguments.any(0) {
            return arguments.any(0)
        }
        return .array([arguments.any(0)])
    }

    /// `map(&expression, array)`: the expression's result for each element, nulls included.
    mutating func map(_ arguments: FunctionArguments) throws(JMESPathError) -> JSONValue {
        let elements = try arguments.array(1)
        let expression = try arguments.expressionReference()
        var results: [JSONValue] = []
        results.reserveCapacity(elements.count)
        for element in elements {
            results.append(try self.evaluate(expression, element))
        }
        return .array(results)
    }

    /// `merge(objects...)`: one object with the keys of all, later values winning.
    mutating func merge(_ arguments: FunctionArguments) throws(JMESPathError) -> JSONValue {
        var merged = JSONObjectBuilder(try arguments.object(0))
        for position in arguments.values.indices.dropFirst() {
            let object = try arguments.object(position)
            try self.charge(object.count)
            for (key, value) in object {
                merged.set(key, value)
            }
        }
        return .object(merged.build())
    }

    /// `max(array)` or `min(array)` of numbers or strings; `null` for an empty array.
    mutating func extreme(_ arguments: FunctionArguments, largest: Bool) throws(JMESPathError) -> JSONValue {
        let elements = try arguments.array(0)
        let keys = try arguments.numbersOrStrings(0)
        try self.charge(elements.count)
        return keys.extremePosition(largest: largest).map { elements[$0] } ?? .null
    }

    /// `max_by(array, &key)` or `min_by(array, &key)`; `null` for an empty array.
    mutating func extremeBy(_ arguments: FunctionArguments, largest: Bool) throws(JMESPathError) -> JSONValue {
        let elements = try arguments.array(0)
        let keys = try self.sortKeys(of: elements, arguments)
        return keys.extremePosition(largest: largest).map { elements[$0] } ?? .null
    }

    /// `sort(array)` of numbers or strings (strings by code point).
    mutating func sort(_ arguments: FunctionArguments) throws(JMESPathError) -> JSONValue {
        let elements = try arguments.array(0)
        let keys = try arguments.numbersOrStrings(0)
        try self.chargeSort(elements.count)
        return .array(keys.sortedPositions().map { elements[$0] })
    }

    /// `sort_by(array, &key)`: a stable sort by keys that are all numbers or all strings.
    mutating func sortBy(_ arguments: FunctionArguments) throws(JMESPathError) -> JSONValue {
        let elements = try arguments.array(0)
        let keys = try self.sortKeys(of: elements, arguments)
        try self.chargeSort(elements.count)
        return .array(keys.sortedPositions().map { elements[$0] })
    }

    private mutating func chargeSort(_ count: Int) throws(JMESPathError) {
        try self.charge(count * Swift.max(1, Int.bitWidth - count.leadingZeroBitCount))
    }

    /// Evaluates the expression reference for each element; the results must be all numbers or all strings.
    private mutating func sortKeys(
        of elements: [JSONValue],
        _ arguments: FunctionArguments
    ) throws(JMESPathError) -> SortKeys {
        let expression = try arguments.expressionReference()
        var numbers: [Double] = []
        var strings: [String] = []
        for (position, element) in elements.enumerated() {
            switch try self.evaluate(expression, element) {
            case .number(let number) where strings.isEmpty:
                numbers.append(number)
            case .string(let string) where numbers.isEmpty:
                strings.append(string)
            case let key:
                let expected = position == 0 ? "number or string" : (numbers.isEmpty ? "string" : "number")
                throw JMESPathError(
                    code: .invalidType,
                    message: "invalid type for the expression of \(arguments.function.rawValue)(): expected it to "
                        + "return a \(expected) for element \(position + 1) but it returned \(key.typeName)"
                )
            }
        }
        return strings.isEmpty ? .numbers(numbers) : .strings(strings)
    }
}

extension FunctionArguments {
    /// The expression passed with `&`.
    func expressionReference() throws(JMESPathError) -> any Node {
        // `Interpreter.call` fills `expression` for every function that has an expression parameter.
        guard let expression = self.expression else {
            throw self.typeError(self.function.expressionParameter ?? 0)
        }
        return expression
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// A JSON value: the input and the output of a JMESPath search.
///
/// Numbers are stored as `Double`, which holds every integer up to 2^53 exactly; such integers print
/// without a decimal point. Equality follows the JMESPath specification: numbers compare numerically,
/// strings by Unicode code points, and objects regardless of key order.
///
/// ```swift
/// let document = try JSONValue(parsing: #"{"username": "admin", "port": 5432}"#)
/// let value = try JMESPathExpression("username").search(document)  // .string("admin")
/// ```
public enum JSONValue: Sendable {
    /// The JSON `null` value.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object whose keys keep their insertion order.
    case object(JSONObject)

    /// The deepest nesting of arrays and objects that the JSON parser accepts, in documents and in JSON
    /// literals of expressions; deeper input is rejected with an `invalid-json` (or, in a literal, `syntax`)
    /// error. Parsing, comparing and serializing do not recurse, but releasing a value does, so this also
    /// bounds the stack that freeing a parsed document takes.
    public static let maximumNestingDepth = 256

    /// The JMESPath type name: `null`, `boolean`, `number`, `string`, `array` or `object`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Whether the value is truthy in JMESPath: everything except `null`, `false`, and empty strings,
    /// arrays and objects.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let flag): flag
        case .number: true
        case .string(let text): !text.isEmpty
        case .array(let elements): !elements.isEmpty
        case .object(let object): !object.isEmpty
        }
    }

    /// Whether the value is `null`.
    public var isNull: Bool {
        if case .null = self { true } else { false }
    }

    /// Compares with another value while charging one unit of `budget` per compared pair of values, so that
    /// the interpreter can bound comparisons of huge values. Returns `false` once the budget is exhausted;
    /// callers that care check `budget < 0`. Iterative, so any depth is fine.
    func isEqual(to other: JSONValue, budget: inout Int) -> Bool {
        // The work list stays empty, and so unallocated, for scalars, the common case.
        var pending: [(JSONValue, JSONValue)] = []
        var next: (JSONValue, JSONValue)? = (self, other)
        while let (left, right) = next ?? pending.popLast() {
            next = nil
            budget -= 1
            guard budget >= 0 else { return false }
            switch (left, right) {
            case (.null, .null):
                continue
            case (.bool(let lhs), .bool(let rhs)) where lhs == rhs:
                continue
            case (.number(let lhs), .number(let rhs)) where lhs == rhs:
                continue
            case (.string(let lhs), .string(let rhs)) where lhs.hasSameCodePoints(as: rhs):
                continue
            case (.array(let lhs), .array(let rhs)) where lhs.count == rhs.count:
                pending.append(contentsOf: zip(lhs, rhs))
            case (.object(let lhs), .object(let rhs)) where lhs.count == rhs.count:
                for (key, value) in lhs {
                    guard let otherValue = rhs[key] else { return false }
                    pending.append((value, otherValue))
                }
            default:
                return false
            }
        }
        return true
    }
}

extension JSONValue: Equatable {
    /// Compares two values as the JMESPath `==` operator does.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        var unlimited = Int.max
        return lhs.isEqual(to: rhs, budget: &unlimited)
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text of the value (see ``serialized()``).
    public var description: String {
        self.serialized()
    }
}

extension JSONValue: ExpressibleByNilLiteral {
    /// Creates `null`.
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// Creates a boolean.
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// Creates a number from an integer literal.
    public init(integerLiteral value: Int) {
        self = .number(Double(value))
    }
}

extension JSONValue: ExpressibleByFloatLiteral {
    /// Creates a number from a floating-point literal.
    public init(floatLiteral value: Double) {
        self = .number(value)
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// Creates a string.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// Creates an array.
    public init(arrayLiteral elements: JSONValue...) {
        self = .array(elements)
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// Creates an object with the keys in the order written; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(members: elements))
    }
}

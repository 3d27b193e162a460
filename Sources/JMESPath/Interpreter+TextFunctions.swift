// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

extension Interpreter {
    /// `starts_with(subject, prefix)`, comparing code points.
    mutating func startsWith(_ arguments: FunctionArguments) throws(JMESPathError) -> JSONValue {
        let (subject, prefix) = (try arguments.string(0), try arguments.string(1))
        try self.chargeText(prefix)
        return .bool(subject.utf8.starts(with: prefix.utf8))
    }

    /// `ends_with(subject, suffix)`, comparing code points.
    mutating func endsWith(_ arguments: FunctionArguments) throws(JMESPathError) -> JSONValue {
        // UTF-8 is self-synchronizing, so a byte suffix is also a code point suffix.
        let (subject, suffix) = (try arguments.string(0), try arguments.string(1))
        try self.chargeText(suffix)
        return .bool(subject.utf8.reversed().starts(with: suffix.utf8.reversed()))
    }

    /// `join(separator, strings)`.
    mutating func join(_ arguments: FunctionArguments) throws(JMESPathError) -> JSONValue {
        let (separator, strings) = (try arguments.string(0), try arguments.strings(1))
        let length = strings.reduce(separator.utf8.count * strings.count) { $0 + $1.utf8.count }
        try self.charge(strings.count + length / Self.bytesPerUnit)
        return .string(strings.joined(separator: separator))
    }

    /// `length(value)`: code points of a string, elements of an array or keys of an object.
    mutating func length(_ arguments: FunctionArguments) throws(JMESPathError) -> JSONValue {
        switch arguments.any(0) {
        case .string(let string):
            try self.chargeText(string)
            return .number(Double(string.unicodeScalars.count))
        case .array(let elements):
            return .number(Double(elements.count))
        case .object(let object):
            return .number(Double(object.count))
        default:
            throw arguments.typeError(0)
        }
    }

    /// `reverse(value)`: a string's code points or an array's elements in reverse order.
    mutating func reverse(_ arguments: FunctionArguments) throws(JMESPathError) -> JSONValue {
        switch arguments.any(0) {
        case .string(let string):
            try self.chargeText(string)
            return .string(String(String.UnicodeScalarView(string.unicodeScalars.reversed())))
        case .array(let elements):
            try self.charge(elements.count)
            return .array(elements.reversed())
        default:
            throw arguments.typeError(0)
        }
    }

    /// `to_string(value)`: strings as they are, anything else as compact JSON.
    mutating func toString(_ arguments: FunctionArguments) throws(JMESPathError) -> JSONValue {
        if case .string = arguments.any(0) {
            return arguments.any(0)
        }
        // The serializer stops once its output outgrows what the remaining budget pays for, which exhausts it.
        var serializer = JSONSerializer(limit: Swift.max(0, self.budget) * Self.bytesPerUnit)
        guard serializer.write(arguments.any(0)) else {
            try self.charge(Swift.max(0, self.budget) + 1)
            return .null
        }
        let text = serializer.text
        try self.chargeText(text)
        return .string(text)
    }

    private mutating func chargeText(_ string: String) throws(JMESPathError) {
        try self.charge(1 + string.utf8.count / Self.bytesPerUnit)
    }

    /// `contains(subject, search)`: an equal array element, or a substring of a string subject.
    mutating func contains(_ arguments: FunctionArguments) throws(JMESPathError) -> JSONValue {
        .bool(try self.containsSearch(arguments))
    }

    private mutating func containsSearch(_ arguments: FunctionArguments) throws(JMESPathError) -> Bool {
        switch arguments.any(0) {
        case .array(let elements):
            for element in elements where try self.equal(element, arguments.any(1)) {
                return true
            }
            return false
        case .string(let subject):
            guard case .string(let search) = arguments.any(1) else { return false }
            try self.chargeText(subject)
            try self.chargeText(search)
            return subject.containsCodePoints(of: search)
        default:
            throw arguments.typeError(0)
        }
    }

    /// `to_number(value)`: numbers as they are; strings that are JSON numbers (with optional surrounding
    /// whitespace) parsed; everything else `null`.
    mutating func toNumber(_ arguments: FunctionArguments) throws(JMESPathError) -> JSONValue {
        let value = arguments.any(0)
        switch value {
        case .number:
            return value
        case .string(var string):
            try self.chargeText(string)
            return string.withUTF8 { bytes in
                guard case .number(let number)? = try? JSONParser.parseDocument(bytes) else { return .null }
                return .number(number)
            }
        default:
            return .null
        }
    }
}

extension String {
    /// Whether `needle` occurs in the string as a sequence of code points (Knuth-Morris-Pratt over UTF-8,
    /// so the search is linear even for adversarial input).
    func containsCodePoints(of needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty else { return true }
        var fallback = [Int](repeating: 0, count: pattern.count)
        var matched = 0
        for position in pattern.indices.dropFirst() {
            while matched > 0 && pattern[position] != pattern[matched] {
                matched = fallback[matched - 1]
            }
            if pattern[position] == pattern[matched] {
                matched += 1
            }
            fallback[position] = matched
        }
        matched = 0
        for byte in self.utf8 {
            while matched > 0 && byte != pattern[matched] {
                matched = fallback[matched - 1]
            }
            if byte == pattern[matched] {
                matched += 1
                if matched == pattern.count {
                    return true
                }
            }
        }
        return false
    }
}

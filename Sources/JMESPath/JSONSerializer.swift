// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

extension JSONValue {
    /// The compact JSON text of the value: no whitespace, object keys in insertion order, non-ASCII
    /// characters written as UTF-8, integers up to 2^53 without a decimal point, other numbers in Swift's
    /// shortest round-trip form, and non-finite numbers (which JSON cannot express) as `null`.
    ///
    /// ```swift
    /// JSONValue.object(["id": 123456789012, "ratio": 0.5]).serialized()  // {"id":123456789012,"ratio":0.5}
    /// ```
    public func serialized() -> String {
        var serializer = JSONSerializer(limit: .max)
        _ = serializer.write(self)
        return serializer.text
    }

    /// The compact JSON text of the value as UTF-8 (as ``serialized()`` writes it), or nil as soon as it would be
    /// longer than `maximumBytes`: a small result of shared parts can stand for gigabytes of text, and this never
    /// builds more than the limit.
    public func serialized(maximumBytes: Int) -> [UInt8]? {
        var serializer = JSONSerializer(limit: maximumBytes)
        return serializer.write(self) ? serializer.bytes : nil
    }
}

/// Writes compact JSON into a byte buffer, stopping once the output would exceed a byte limit.
struct JSONSerializer {
    private var output: [UInt8] = []
    private let limit: Int
    /// Set when a string was refused because it could not fit.
    private var exceeded = false

    /// Creates a serializer that gives up after `limit` bytes of output.
    init(limit: Int) {
        self.limit = limit
    }

    /// The text written so far.
    var text: String {
        String(decoding: self.output, as: UTF8.self)
    }

    /// The bytes written so far.
    var bytes: [UInt8] {
        self.output
    }

    /// An array or object being written, with the position of its next member.
    private enum OpenContainer {
        case array([JSONValue], next: Int)
        case object(JSONObject, next: Int)
    }

    /// Appends `value`; returns `false`, leaving partial output, once the limit is exceeded. Nested
    /// containers are tracked on an explicit stack, so any depth is fine.
    mutating func write(_ value: JSONValue) -> Bool {
        var open: [OpenContainer] = []
        var next: JSONValue? = value
        while true {
            if let value = next {
                self.writeScalarOrOpen(value, &open)
                guard !self.exceeded, self.output.count <= self.limit else { return false }
            }
            guard let container = open.popLast() else { return true }
            next = self.advance(container, &open)
        }
    }

    /// Writes a scalar or an empty container in full, or the opening of a container (pushed on `open`).
    private mutating func writeScalarOrOpen(_ value: JSONValue, _ open: inout [OpenContainer]) {
        switch value {
        case .null:
            self.output.append(contentsOf: "null".utf8)
        case .bool(let flag):
            self.output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number):
            self.output.append(contentsOf: formatNumber(number).utf8)
        case .string(let string):
            self.writeString(string)
        case .array(let elements):
            self.output.append(UInt8(ascii: "["))
            open.append(.array(elements, next: 0))
        case .object(let object):
            self.output.append(UInt8(ascii: "{"))
            open.append(.object(object, next: 0))
        }
    }

    /// Writes the separator (and key) before the container's next member and returns that member, or
    /// closes the container and returns `nil`.
    private mutating func advance(_ container: OpenContainer, _ open: inout [OpenContainer]) -> JSONValue? {
        switch container {
        case .array(let elements, let position):
            guard position < elements.count else {
                self.output.append(UInt8(ascii: "]"))
                return nil
            }
            if position > 0 {
                self.output.append(UInt8(ascii: ","))
            }
            open.append(.array(elements, next: position + 1))
            return elements[position]
        case .object(let object, let position):
            guard position < object.count else {
                self.output.append(UInt8(ascii: "}"))
                return nil
            }
            if position > 0 {
                self.output.append(UInt8(ascii: ","))
            }
            self.writeString(object.keys[position])
            self.output.append(UInt8(ascii: ":"))
            open.append(.object(object, next: position + 1))
            return object.values[position]
        }
    }

    private mutating func writeString(_ string: String) {
        // Escaping only lengthens a string, so one longer than the room left can be refused before it is copied.
        guard self.output.count + string.utf8.count <= self.limit else {
            self.exceeded = true
            return
        }
        self.output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""):
                self.output.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"):
                self.output.append(contentsOf: #"\\"#.utf8)
            case 0x0A:
                self.output.append(contentsOf: #"\n"#.utf8)
            case 0x0D:
                self.output.append(contentsOf: #"\r"#.utf8)
            case 0x09:
                self.output.append(contentsOf: #"\t"#.utf8)
            case 0x08:
                self.output.append(contentsOf: #"\b"#.utf8)
            case 0x0C:
                self.output.append(contentsOf: #"\f"#.utf8)
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                self.output.append(contentsOf: #"\u00"#.utf8)
                self.output.append(contentsOf: (hex.count == 1 ? "0" + hex : hex).utf8)
            default:
                self.output.append(byte)
            }
        }
        self.output.append(UInt8(ascii: "\""))
    }
}

/// The largest integer up to which every integer is exactly representable as a `Double`.
private let maximumExactInteger: Double = 9_007_199_254_740_992

/// Formats a number as JSON: integers up to 2^53 without a decimal point, others in Swift's shortest
/// round-trip form (such as `0.1` or `1e+100`), non-finite numbers as `null`.
func formatNumber(_ number: Double) -> String {
    guard number.isFinite else { return "null" }
    if number.isIntegral && abs(number) <= maximumExactInteger {
        return String(Int64(number))
    }
    return number.description
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Yams

/// How the incumbent turns a YAML scalar into the string of a string field: go-yaml v2 resolves a plain scalar
/// to a null, bool, int or float (YAML 1.1 rules), and sigs.k8s.io/yaml then formats it back as a string
/// (`objectVersion: 1` → `"1"`, `objectAlias: yes` → `"true"`, `objectVersion: 0x1F` → `"31"`,
/// `objectVersion: 1.50` → `"1.5"`). Quoted and block scalars are taken as written.
enum YAMLScalarCoercion {
    /// What a scalar stands for in a string field.
    enum Resolved: Equatable {
        /// `~`, `null`, or nothing: the field stays empty.
        case null
        /// A string, as written.
        case string(String)
        /// A bool, int or float, already formatted as the incumbent formats it.
        case formatted(String)
    }

    /// What go-yaml v2 resolves a plain scalar to.
    private enum Kind {
        case null
        case bool(Bool)
        case int(String)
        case float(Double)
        case string
    }

    /// Resolves a scalar as go-yaml v2 does.
    /// - Parameter scalar: The scalar node.
    /// - Returns: The resolved value, or nil when an explicit tag does not fit the text (`!!int abc`) or is
    ///   `!!binary`, both of which the incumbent rejects or decodes specially.
    static func resolve(_ scalar: Node.Scalar) -> Resolved? {
        let text = scalar.string
        let kind = self.kind(ofPlain: text)
        switch Tag.Name(rawValue: scalar.tag.rawValue) {
        case .implicit:
            return scalar.style == .plain || scalar.style == .any ? self.resolved(kind, text: text) : .string(text)
        case .str, .timestamp:
            return .string(text)
        case .null:
            guard case .null = kind else { return nil }
            return .null
        case .bool:
            guard case .bool = kind else { return nil }
            return self.resolved(kind, text: text)
        case .int:
            guard case .int = kind else { return nil }
            return self.resolved(kind, text: text)
        case .float:
            switch kind {
            case .int(let decimal): return Double(decimal).map { .formatted(self.goFloat($0)) }
            case .float: return self.resolved(kind, text: text)
            default: return nil
            }
        case .binary:
            return nil
        default:
            // Tags go-yaml cannot resolve (`!custom`, `!`) leave the text as written.
            return .string(text)
        }
    }

    private static func resolved(_ kind: Kind, text: String) -> Resolved {
        switch kind {
        case .null: .null
        case .bool(let value): .formatted(value ? "true" : "false")
        case .int(let decimal): .formatted(decimal)
        case .float(let value): .formatted(self.goFloat(value))
        case .string: .string(text)
        }
    }

    /// go-yaml v2's `resolve` for an untagged plain scalar (YAML 1.1: `yes`/`on` are bools, `0600` is octal).
    private static func kind(ofPlain text: String) -> Kind {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return .bool(true)
        case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return .bool(false)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        default: break
        }
        guard let first = text.utf8.first else {
            return .string
        }
        if first == UInt8(ascii: ".") {
            return self.float(text).map { .float($0) } ?? .string
        }
        guard first.isASCIIDigit || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") else {
            return .string
        }
        // Timestamps (`2001-12-14`) stay strings as written, which is what the fall-through gives them.
        let plain = String(text.filter { $0 != "_" })
        if let integer = self.integer(plain) {
            return .int(integer)
        }
        return self.float(plain).map { .float($0) } ?? .string
    }

    /// Go's `strconv.ParseInt(s, 0, 64)`, falling back to `ParseUint`: an optional sign, then `0x`, `0o`, `0b`
    /// or a leading `0` (octal) prefix, or decimal. Returns the value in decimal.
    private static func integer(_ text: String) -> String? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        var radix = 10
        let lowered = digits.lowercased()
        if lowered.hasPrefix("0x") || lowered.hasPrefix("0o") || lowered.hasPrefix("0b") {
            radix = lowered.hasPrefix("0x") ? 16 : lowered.hasPrefix("0o") ? 8 : 2
            digits = digits.dropFirst(2)
        } else if digits.count > 1, digits.first == "0" {
            radix = 8
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.first != "+", digits.first != "-",
            let magnitude = UInt64(digits, radix: radix)
        else {
            return nil
        }
        if !negative || magnitude == 0 {
            return String(magnitude)
        }
        // A negative value must fit Int64 (ParseUint does not take a sign).
        return magnitude <= UInt64(Int64.max) + 1 ? "-\(magnitude)" : nil
    }

    /// The value when the text matches go-yaml's float syntax
    /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` and is finite.
    private static func float(_ text: String) -> Double? {
        var bytes = Substring(text).utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            bytes = bytes.dropFirst()
        }
        let integerDigits = bytes.prefix(while: \.isASCIIDigit).count
        bytes = bytes.dropFirst(integerDigits)
        var fractionDigits = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fractionDigits = bytes.prefix(while: \.isASCIIDigit).count
            bytes = bytes.dropFirst(fractionDigits)
        }
        guard integerDigits > 0 || fractionDigits > 0 else {
            return nil
        }
        if let marker = bytes.first, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                bytes = bytes.dropFirst()
            }
            let exponentDigits = bytes.prefix(while: \.isASCIIDigit).count
            guard exponentDigits > 0 else {
                return nil
            }
            bytes = bytes.dropFirst(exponentDigits)
        }
        guard bytes.isEmpty, let value = Double(text), value.isFinite else {
            return nil
        }
        return value
    }

    /// Go's `strconv.FormatFloat(value, 'g', -1, 32)`: the shortest digits of the float32, in `%e` form when the
    /// exponent is below -4 or at least 6 (`1e+06`, `1.5e-05`), else in `%f` form (`0.0001`, `123456`).
    static func goFloat(_ value: Double) -> String {
        let single = Float(value)
        if single.isNaN {
            return "NaN"
        }
        if single.isInfinite {
            return single < 0 ? "-Inf" : "+Inf"
        }
        if single == 0 {
            return single.sign == .minus ? "-0" : "0"
        }
        // Swift prints the shortest round-trip digits; take them and the decimal exponent from its output.
        let (digits, exponent) = self.shortestDigits(of: abs(single))
        let sign = single < 0 ? "-" : ""
        if exponent < -4 || exponent >= 6 {
            let mantissa = digits.count > 1 ? "\(digits.prefix(1)).\(digits.dropFirst())" : digits
            let exponentText = String(abs(exponent))
            let padded = exponentText.count < 2 ? "0\(exponentText)" : exponentText
            return "\(sign)\(mantissa)e\(exponent < 0 ? "-" : "+")\(padded)"
        }
        if exponent < 0 {
            return "\(sign)0.\(String(repeating: "0", count: -exponent - 1))\(digits)"
        }
        let integerCount = exponent + 1
        if digits.count <= integerCount {
            return sign + digits + String(repeating: "0", count: integerCount - digits.count)
        }
        return "\(sign)\(digits.prefix(integerCount)).\(digits.dropFirst(integerCount))"
    }

    /// The significant digits (no leading or trailing zeros) and the decimal exponent of the first digit.
    private static func shortestDigits(of value: Float) -> (digits: String, exponent: Int) {
        let text = value.description.lowercased()
        let parts = text.split(separator: "e", maxSplits: 1)
        let explicitExponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0]
        let pointIndex = mantissa.firstIndex(of: ".") ?? mantissa.endIndex
        let integerPart = mantissa[..<pointIndex]
        let fractionPart = pointIndex < mantissa.endIndex ? mantissa[mantissa.index(after: pointIndex)...] : ""
        let allDigits = Array(integerPart + fractionPart)
        let leadingZeros = allDigits.prefix(while: { $0 == "0" }).count
        let significant = String(allDigits.dropFirst(leadingZeros)).trimmingTrailingZeros()
        return (significant, integerPart.count - 1 - leadingZeros + explicitExponent)
    }
}

extension String {
    /// The string without trailing `0` characters (at least one character is kept).
    fileprivate func trimmingTrailingZeros() -> String {
        var result = self
        while result.count > 1, result.last == "0" {
            result.removeLast()
        }
        return result
    }
}

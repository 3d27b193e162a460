// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import JMESPath

extension FileWriter {
    /// Writes a JSON object with one `  "key": value` line per key, or `{}` for an empty object. Strings, numbers,
    /// booleans and `null` are written as JSON (by the JSONValue serializer: `"`, `\` and control characters
    /// escaped, other characters as UTF-8); a nested array or object becomes a JSON string holding its compact JSON
    /// text, so the file is a flat document of string, number, boolean and null values.
    mutating func writeJSON(_ object: JSONObject) throws(FormatProblem) {
        guard !object.isEmpty else {
            try self.append("{}\n")
            return
        }
        try self.append("{\n")
        for (position, (key, value)) in object.enumerated() {
            if position > 0 {
                try self.append(",\n")
            }
            try self.append("  ")
            try self.append(self.compactJSON(.string(key)))
            try self.append(": ")
            switch value {
            case .null, .bool, .number, .string:
                try self.append(self.compactJSON(value))
            case .array, .object:
                let nested = try String(decoding: self.compactJSON(value), as: UTF8.self)
                try self.append(self.compactJSON(.string(nested)))
            }
        }
        try self.append("\n}\n")
    }

    /// Writes a YAML mapping with one `"key": value` line per key, or `{}` for an empty object. Keys and strings are
    /// double-quoted (see ``appendYAMLQuoted(_:)``), so no text is read as another type or as a merge key; numbers
    /// are plain scalars that YAML 1.1 and 1.2 readers both take as numbers (see ``yamlNumber(_:)``); booleans and
    /// `null` are `true`, `false` and `null`; a nested array or object is a string holding its compact JSON text.
    mutating func writeYAML(_ object: JSONObject) throws(FormatProblem) {
        guard !object.isEmpty else {
            try self.append("{}\n")
            return
        }
        for (key, value) in object {
            try self.appendYAMLQuoted(key)
            try self.append(": ")
            switch value {
            case .null:
                try self.append("null")
            case .bool(let flag):
                try self.append(flag ? "true" : "false")
            case .number:
                try self.append(yamlNumber(String(decoding: self.compactJSON(value), as: UTF8.self)))
            case .string(let text):
                try self.appendYAMLQuoted(text)
            case .array, .object:
                try self.appendYAMLQuoted(String(decoding: self.compactJSON(value), as: UTF8.self))
            }
            try self.append(UInt8(ascii: "\n"))
        }
    }

    /// Appends `text` as a YAML double-quoted scalar. `\` and `"` are escaped with a backslash; tab, line feed,
    /// carriage return and NUL as `\t`, `\n`, `\r` and `\0`; other C0 and C1 controls and DEL as `\xNN`; the YAML
    /// 1.1 line breaks U+0085, U+2028 and U+2029 as `\N`, `\L` and `\P`; U+FEFF, U+FFFE and U+FFFF as `\uXXXX`.
    /// Everything else, emoji included, is written as UTF-8 (PyYAML refuses escaped surrogate pairs).
    private mutating func appendYAMLQuoted(_ text: String) throws(FormatProblem) {
        // Escaping shortens at most a three-byte line separator to the two bytes of `\L`.
        try self.requireRoom(text.utf8.count / 3 * 2 + 2)
        try self.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x5C: try self.append("\\\\")
            case 0x22: try self.append("\\\"")
            case 0x00: try self.append("\\0")
            case 0x09: try self.append("\\t")
            case 0x0A: try self.append("\\n")
            case 0x0D: try self.append("\\r")
            case 0x85: try self.append("\\N")
            case 0x2028: try self.append("\\L")
            case 0x2029: try self.append("\\P")
            case 0x01..<0x20, 0x7F..<0xA0: try self.append("\\x" + hexDigits(scalar.value, count: 2))
            case 0xFEFF, 0xFFFE, 0xFFFF: try self.append("\\u" + hexDigits(scalar.value, count: 4))
            default: try self.append(scalar)
            }
        }
        try self.append(UInt8(ascii: "\""))
    }
}

/// A JSON number's text as a plain YAML scalar that YAML 1.1 (PyYAML) reads as a number, not a string: YAML 1.1 takes
/// `1e+21` for a string, since its floats need a `.` and a signed exponent. Text with an exponent gets `.0` before
/// the `e` when it has no `.`, and `+` after it when the exponent has no sign (`1e+21` becomes `1.0e+21`, `5e-324`
/// becomes `5.0e-324`); other text (`5432`, `-3`, `0.5`) is already a YAML 1.1 and 1.2 number and stays as it is.
private func yamlNumber(_ json: String) -> String {
    guard let exponentMark = json.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return json }
    var mantissa = String(json[..<exponentMark])
    var exponent = String(json[json.index(after: exponentMark)...])
    if !mantissa.contains(".") {
        mantissa += ".0"
    }
    if !exponent.hasPrefix("+") && !exponent.hasPrefix("-") {
        exponent = "+" + exponent
    }
    return mantissa + "e" + exponent
}

/// `value` in uppercase hexadecimal, left-padded with zeros to `count` digits.
private func hexDigits(_ value: UInt32, count: Int) -> String {
    let hex = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, count - hex.count)) + hex
}

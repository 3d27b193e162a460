// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import JMESPath

extension FileWriter {
    /// Writes `key=value` lines, both escaped as `java.util.Properties.store` escapes them (without its date
    /// comment), so `Properties.load` and jproperties read back every key and value.
    mutating func writeProperties(_ object: JSONObject) throws(FormatProblem) {
        for (key, value) in object {
            try self.appendPropertiesEscaped(key, isKey: true)
            try self.append(UInt8(ascii: "="))
            try self.appendPropertiesEscaped(self.lineText(value), isKey: false)
            try self.append(UInt8(ascii: "\n"))
        }
    }

    /// Appends `text` escaped as `Properties.store` does: `\\`, `\t`, `\n`, `\r` and `\f`; `=`, `:`, `#` and `!`
    /// after a backslash; spaces after a backslash in a key and at the start of a value (where `load` would skip
    /// them); every UTF-16 code unit outside printable ASCII (0x20–0x7E) as `\uXXXX`, so a character beyond the
    /// Basic Multilingual Plane becomes two escapes, its surrogate pair.
    private mutating func appendPropertiesEscaped(_ text: String, isKey: Bool) throws(FormatProblem) {
        // Escaping never shortens: every UTF-8 byte becomes at least one byte.
        try self.requireRoom(text.utf8.count)
        for (position, unit) in text.utf16.enumerated() {
            switch unit {
            case 0x5C:
                try self.append("\\\\")
            case 0x09:
                try self.append("\\t")
            case 0x0A:
                try self.append("\\n")
            case 0x0D:
                try self.append("\\r")
            case 0x0C:
                try self.append("\\f")
            case 0x3D, 0x3A, 0x23, 0x21:  // = : # !
                try self.append(UInt8(ascii: "\\"))
                try self.append(UInt8(truncatingIfNeeded: unit))
            case 0x20 where isKey || position == 0:
                try self.append("\\ ")
            case 0x20...0x7E:
                try self.append(UInt8(truncatingIfNeeded: unit))
            default:
                try self.append(unicodeEscape(unit))
            }
        }
    }
}

/// `\u` and the four uppercase hexadecimal digits of `unit`, as `Properties.store` writes them.
private func unicodeEscape(_ unit: UInt16) -> String {
    let hex = String(unit, radix: 16, uppercase: true)
    return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
}

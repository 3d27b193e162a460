// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import JMESPath

/// Why a text cannot be a dotenv value that every reader (docker compose, python-dotenv) reads back unchanged.
enum DotenvRefusal: Sendable, Equatable {
    /// The text holds a NUL, which no quoting can carry.
    case nul
    /// The text holds a `'`, `\` or carriage return, so it needs double quotes, and a `$`, which they interpolate.
    case dollarNeedsDoubleQuotes
    /// The text holds `${`, which python-dotenv expands in every kind of quotes (it has no escape for it).
    case braceInterpolation
    /// The text ends in a `\`: in double quotes its escape `\\` stands right before the closing quote, and
    /// python-dotenv takes that `\"` for an escaped quote and reads on to the next `"` in the file.
    case trailingBackslash

    /// The reason, for a message; it never quotes the text.
    var reason: String {
        switch self {
        case .nul:
            "it holds a NUL character, which no dotenv quoting can carry"
        case .dollarNeedsDoubleQuotes:
            "it holds a ' or \\ or carriage return, which single quotes cannot carry, and a $, which double quotes "
                + "would interpolate"
        case .braceInterpolation:
            "it holds ${, which python-dotenv expands as a variable even in single quotes"
        case .trailingBackslash:
            "it ends in a \\, which python-dotenv reads as escaping the closing double quote"
        }
    }
}

/// A text quoted as a dotenv value, or why it cannot be: the one implementation behind
/// ``FileFormat/dotenvQuoted(_:)`` and the dotenv format.
enum DotenvQuoting: Sendable, Equatable {
    /// The quoted value, quotes included.
    case quoted(String)
    /// The text cannot be quoted.
    case refused(DotenvRefusal)

    /// Quotes `text`: single quotes around the raw text when it holds no `'`, `\`, carriage return or NUL (single
    /// quotes have no escapes; python-dotenv would read a raw carriage return as a line feed); otherwise double
    /// quotes with `\\`, `\"`, `\n`, `\r` and `\t` escapes, refused when the text also holds a `$` or ends in a
    /// `\`. NUL and `${` are refused.
    init(_ text: String) {
        var needsDoubleQuotes = false
        var hasDollar = false
        var previous: UInt8 = 0
        for byte in text.utf8 {
            defer { previous = byte }
            switch byte {
            case 0:
                self = .refused(.nul)
                return
            case UInt8(ascii: "'"), UInt8(ascii: "\\"), UInt8(ascii: "\r"):
                needsDoubleQuotes = true
            case UInt8(ascii: "$"):
                hasDollar = true
            case UInt8(ascii: "{") where previous == UInt8(ascii: "$"):
                self = .refused(.braceInterpolation)
                return
            default:
                break
            }
        }
        guard needsDoubleQuotes else {
            self = .quoted("'" + text + "'")
            return
        }
        guard !hasDollar else {
            self = .refused(.dollarNeedsDoubleQuotes)
            return
        }
        guard text.utf8.last != UInt8(ascii: "\\") else {
            self = .refused(.trailingBackslash)
            return
        }
        var quoted = "\""
        quoted.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": quoted += "\\\\"
            case "\"": quoted += "\\\""
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        quoted += "\""
        self = .quoted(quoted)
    }
}

extension FileWriter {
    /// Writes `KEY=value` lines, values quoted by ``DotenvQuoting``; keys must be `[A-Za-z_][A-Za-z0-9_]*`.
    mutating func writeDotenv(_ object: JSONObject) throws(FormatProblem) {
        for (key, value) in object {
            // A variable name every dotenv reader and shell accepts.
            guard JMESPathExpression.isUnquotedIdentifier(key.utf8) else { throw .invalidDotenvName(key) }
            let text = try self.lineText(value)
            // Quoting adds at least the two quotes and at most doubles the text: checking first bounds what it builds.
            try self.requireRoom(key.utf8.count + text.utf8.count + 4)
            switch DotenvQuoting(text) {
            case .quoted(let quoted):
                try self.append(key)
                try self.append(UInt8(ascii: "="))
                try self.append(quoted)
                try self.append(UInt8(ascii: "\n"))
            case .refused(let refusal):
                throw .unquotableDotenvValue(key, refusal)
            }
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import JMESPath

extension FormatProblem {
    /// The most Unicode scalars of a key that a message shows; longer keys are cut and end in `…`.
    static let maximumShownKeyLength = 64

    /// `value` is not an object, so `format` has no keys to write.
    static func notAnObject(_ value: JSONValue, format: FileFormat) -> FormatProblem {
        FormatProblem(
            message: "the value is a JSON \(value.typeName), not an object: format \(format.rawValue) needs an object "
                + "whose keys it writes"
        )
    }

    /// The file in `format` would be longer than `maximumBytes`.
    static func tooLarge(_ format: FileFormat, maximumBytes: Int) -> FormatProblem {
        FormatProblem(message: "the \(format.rawValue) file would be more than \(maximumBytes) bytes")
    }

    /// `key` is not a name that dotenv readers accept.
    static func invalidDotenvName(_ key: String) -> FormatProblem {
        FormatProblem(
            message: "the key \(shown(key)) cannot be a dotenv variable name: a name is a letter or an underscore, "
                + "then letters, digits and underscores (A-Z, a-z, 0-9, _)"
        )
    }

    /// The value of `key` cannot be quoted for dotenv, for `refusal`.
    static func unquotableDotenvValue(_ key: String, _ refusal: DotenvRefusal) -> FormatProblem {
        FormatProblem(message: "the value of key \(shown(key)) cannot be written in a dotenv file: \(refusal.reason)")
    }

    /// The value of `key` holds a number no JSON number carries exactly (``JSONValue/holdsInexactNumber``).
    static func inexactNumber(_ key: String) -> FormatProblem {
        FormatProblem(
            message: "the value of key \(shown(key)) holds a number of magnitude 2^53 or more, which a "
                + "double holds only approximately, so it could be written changed: store it in the secret as a string"
        )
    }

    /// `key` as messages show it: in double quotes, with `"`, `\` and control characters escaped, and at most
    /// ``maximumShownKeyLength`` Unicode scalars long (a longer key is cut and followed by `…`).
    static func shown(_ key: String) -> String {
        var shown = "\""
        for (position, scalar) in key.unicodeScalars.enumerated() {
            guard position < maximumShownKeyLength else {
                shown += "\"…"
                return shown
            }
            shown += escapedForMessage(scalar)
        }
        shown += "\""
        return shown
    }
}

/// `scalar` as a message shows it: `"` and `\` with a backslash, tab, line feed and carriage return as `\t`, `\n`
/// and `\r`, other control, format and separator characters (which could hide or rearrange text) as `\u{…}`.
private func escapedForMessage(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case "\"": return "\\\""
    case "\\": return "\\\\"
    case "\t": return "\\t"
    case "\n": return "\\n"
    case "\r": return "\\r"
    default:
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse:
            return "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        default:
            return String(scalar)
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import FileFormats
import JMESPath

/// A helper a variable tag applies to its value: `{{url(db.password)}}`.
enum TemplateHelper: String, CaseIterable, Sendable {
    /// Standard base64 with padding (RFC 4648 §4) of the value's bytes.
    case base64
    /// The bytes standard base64 text stands for (white space ignored, padding optional); they must be UTF-8.
    case base64decode
    /// The text quoted as a dotenv value (`FileFormat.dotenvQuoted`).
    case dotenv
    /// A JSON string literal, quotes included, for text; the JSON text of a number, boolean, array or object.
    case json
    /// The text as one POSIX shell word: single-quoted, each `'` written `'\''`.
    case shell
    /// The bytes percent-encoded, all but the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
    case url

    /// The most bytes the helper makes of `count` bytes (the output bound uses it): url 3 per byte; json 6 per byte
    /// (`\u0000`) and 2 quotes; shell 4 per byte (`'\''`) and 2 quotes; dotenv the same; base64 4 per 3 bytes,
    /// rounded up; base64decode at most one per byte.
    func maximumBytes(for count: Int) -> Int {
        switch self {
        case .base64: (count + 2) / 3 * 4
        case .base64decode: count
        case .dotenv, .shell: count * 4 + 2
        case .json: count * 6 + 2
        case .url: count * 3
        }
    }

    /// The text the helper makes of `value`.
    func apply(to value: TemplateValue) throws(ValueProblem) -> String {
        switch self {
        case .base64:
            return ValueEncoding.base64Encoded(try value.bytes())
        case .base64decode:
            let encoded = try value.bytes()
            let decoded: [UInt8]
            do {
                decoded = try ValueEncoding.base64.decode(encoded)
            } catch {
                throw .notBase64(error.reason)
            }
            guard let text = String(validating: decoded, as: UTF8.self) else { throw .decodedNotText }
            return text
        case .dotenv:
            guard let quoted = FileFormat.dotenvQuoted(try value.text()) else { throw .notDotenv }
            return quoted
        case .json:
            switch value {
            case .json(.string), .bytes, .files: return JSONValue.string(try value.text()).serialized()
            case .json: return try value.text()
            }
        case .shell:
            return try Self.shellWord(try value.text())
        case .url:
            return Self.percentEncoded(try value.bytes())
        }
    }

    /// `text` single-quoted for a POSIX shell.
    private static func shellWord(_ text: String) throws(ValueProblem) -> String {
        guard !text.utf8.contains(0) else { throw .nulInShellWord }
        var word: [UInt8] = [UInt8(ascii: "'")]
        word.reserveCapacity(text.utf8.count + 2)
        for byte in text.utf8 {
            if byte == UInt8(ascii: "'") {
                word.append(contentsOf: #"'\''"#.utf8)
            } else {
                word.append(byte)
            }
        }
        word.append(UInt8(ascii: "'"))
        return String(decoding: word, as: UTF8.self)
    }

    /// `bytes` with everything but the unreserved characters of RFC 3986 written `%XX`.
    private static func percentEncoded(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        encoded.reserveCapacity(bytes.count)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.append(byte)
            default:
                encoded.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }
}

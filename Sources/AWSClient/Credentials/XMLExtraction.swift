// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// A small reader for the flat XML that STS answers and AWS error bodies use.
///
/// It finds the text of the first element with a given name, optionally inside an enclosing element, and decodes the
/// five predefined entities and numeric character references. It is not a general XML parser: it ignores
/// namespaces, attributes and CDATA, which these documents do not use for the fields read here.
struct XMLExtraction {
    private let text: Substring

    /// Wraps a document.
    init(_ bytes: [UInt8]) {
        self.text = Substring(decoding: bytes, as: UTF8.self)
    }

    private init(text: Substring) {
        self.text = text
    }

    /// Whether the document starts (after white space) with `<`, that is, looks like XML rather than JSON.
    static func looksLikeXML(_ bytes: [UInt8]) -> Bool {
        bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "<")
    }

    /// The part of the document inside the first `<name …>…</name>`, for reading nested fields.
    func element(_ name: String) -> XMLExtraction? {
        self.content(of: name).map { XMLExtraction(text: $0) }
    }

    /// The decoded text of the first `<name …>…</name>`, or `nil` if there is none.
    func text(_ name: String) -> String? {
        self.content(of: name).map { Self.decodeEntities($0) }
    }

    private func content(of name: String) -> Substring? {
        var searchStart = self.text.startIndex
        while let open = self.text[searchStart...].firstRange(of: "<" + name) {
            let afterName = open.upperBound
            guard afterName < self.text.endIndex else { return nil }
            let next = self.text[afterName]
            // `<Code>` must not match `<CodeName>`; a space or `/` may start attributes or close an empty element.
            guard next == ">" || next == " " || next == "/" else {
                searchStart = afterName
                continue
            }
            guard let tagEnd = self.text[afterName...].firstIndex(of: ">") else { return nil }
            if self.text[self.text.index(before: tagEnd)] == "/" {
                return self.text[tagEnd..<tagEnd]
            }
            let bodyStart = self.text.index(after: tagEnd)
            guard let close = self.text[bodyStart...].firstRange(of: "</" + name + ">") else { return nil }
            return self.text[bodyStart..<close.lowerBound]
        }
        return nil
    }

    private static let namedEntities: [Substring: Character] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
    ]

    private static func decodeEntities(_ raw: Substring) -> String {
        guard raw.contains("&") else { return String(raw) }
        var result = ""
        var rest = raw[...]
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let afterAmpersand = rest.index(after: ampersand)
            guard let semicolon = rest[afterAmpersand...].firstIndex(of: ";"),
                let character = Self.character(forEntity: rest[afterAmpersand..<semicolon])
            else {
                result.append("&")
                rest = rest[afterAmpersand...]
                continue
            }
            result.append(character)
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }

    private static func character(forEntity entity: Substring) -> Character? {
        if let named = Self.namedEntities[entity] {
            return named
        }
        guard entity.first == "#" else { return nil }
        let digits = entity.dropFirst()
        let value = digits.first == "x" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
        return value.flatMap(Unicode.Scalar.init).map(Character.init)
    }
}

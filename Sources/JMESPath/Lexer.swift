// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// Splits a JMESPath expression, as UTF-8 bytes, into tokens.
struct Lexer {
    private let source: [UInt8]
    private var offset = 0
    private var tokens: [Token] = []

    private init(source: [UInt8]) {
        self.source = source
    }

    /// Returns the tokens of `source`, ending with a `.end` token.
    /// - Throws: a ``JMESPathError/Code/syntax`` error for characters that start no token, unterminated
    ///   strings or literals, invalid escapes and invalid JSON literals.
    static func tokenize(_ source: [UInt8]) throws(JMESPathError) -> [Token] {
        var lexer = Lexer(source: source)
        while let byte = lexer.peek(0) {
            let start = lexer.offset
            guard let kind = try lexer.lexToken(startingWith: byte) else { continue }
            lexer.tokens.append(Token(kind: kind, start: start, end: lexer.offset))
        }
        lexer.tokens.append(Token(kind: .end, start: source.count, end: source.count))
        return lexer.tokens
    }

    private func peek(_ distance: Int) -> UInt8? {
        self.offset + distance < self.source.count ? self.source[self.offset + distance] : nil
    }

    /// Lexes the token at the current offset; returns `nil` after skipping whitespace.
    private mutating func lexToken(startingWith byte: UInt8) throws(JMESPathError) -> TokenKind? {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            self.offset += 1
            return nil
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
            let start = self.offset
            while let next = self.peek(0), isIdentifierByte(next) {
                self.offset += 1
            }
            return .identifier(String(decoding: self.source[start..<self.offset], as: UTF8.self))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try self.lexNumber()
        case UInt8(ascii: "\""):
            return .quotedIdentifier(try self.lexQuotedIdentifier())
        case UInt8(ascii: "'"):
            let content = try self.scanDelimited(by: UInt8(ascii: "'"), name: "raw string literal")
            return .rawString(String(decoding: content, as: UTF8.self))
        case UInt8(ascii: "`"):
            return .literal(try self.lexJSONLiteral())
        case UInt8(ascii: "["):
            return self.lexTwoByte(UInt8(ascii: "]"), .flatten, orTwo: UInt8(ascii: "?"), .filter, else: .leftBracket)
        case UInt8(ascii: "|"):
            return self.lexTwoByte(UInt8(ascii: "|"), .or, else: .pipe)
        case UInt8(ascii: "&"):
            return self.lexTwoByte(UInt8(ascii: "&"), .and, else: .ampersand)
        case UInt8(ascii: "!"):
            return self.lexTwoByte(UInt8(ascii: "="), .comparator(.notEqual), else: .not)
        case UInt8(ascii: "<"):
            return self.lexTwoByte(UInt8(ascii: "="), .comparator(.lessOrEqual), else: .comparator(.less))
        case UInt8(ascii: ">"):
            return self.lexTwoByte(UInt8(ascii: "="), .comparator(.greaterOrEqual), else: .comparator(.greater))
        case UInt8(ascii: "="):
            guard self.peek(1) == UInt8(ascii: "=") else {
                throw .syntax(
                    "unexpected character '='",
                    offset: self.offset,
                    in: self.source,
                    hint: "use '==' to compare"
                )
            }
            self.offset += 2
            return .comparator(.equal)
        default:
            guard let kind = singleByteToken(byte) else {
                throw .syntax("unexpected character \(self.describeCharacter())", offset: self.offset, in: self.source)
            }
            self.offset += 1
            return kind
        }
    }

    private mutating func lexTwoByte(
        _ second: UInt8,
        _ kind: TokenKind,
        orTwo alternative: UInt8? = nil,
        _ alternativeKind: TokenKind? = nil,
        else single: TokenKind
    ) -> TokenKind {
        let next = self.peek(1)
        if next == second {
            self.offset += 2
            return kind
        }
        if let alternative, let alternativeKind, next == alternative {
            self.offset += 2
            return alternativeKind
        }
        self.offset += 1
        return single
    }

    private func describeCharacter() -> String {
        let rest = String(decoding: self.source[self.offset...].prefix(4), as: UTF8.self)
        return rest.first.map { "'\($0)'" } ?? "byte"
    }

    /// Lexes `-?[0-9]+`, saturating huge values (any index or slice bound beyond 2^53 behaves the same).
    private mutating func lexNumber() throws(JMESPathError) -> TokenKind {
        let start = self.offset
        let negative = self.peek(0) == UInt8(ascii: "-")
        if negative {
            self.offset += 1
            guard let next = self.peek(0), isASCIIDigit(next) else {
                throw self.hyphenError(at: start)
            }
        }
        var magnitude = 0
        while let next = self.peek(0), isASCIIDigit(next) {
            magnitude = min(magnitude * 10 + Int(next - UInt8(ascii: "0")), 1 << 53)
            self.offset += 1
        }
        if negative, let previous = self.tokens.last, case .identifier = previous.kind, previous.end == start {
            throw self.hyphenError(at: start)
        }
        return .number(negative ? -magnitude : magnitude)
    }

    /// The error for a `-` that does not start a number, with the quoting hint when it follows an identifier.
    private func hyphenError(at offset: Int) -> JMESPathError {
        guard let previous = self.tokens.last, case .identifier = previous.kind, previous.end == offset else {
            return .syntax(
                "unexpected character '-'",
                offset: offset,
                in: self.source,
                hint: "'-' is only allowed before the digits of a negative index"
            )
        }
        var end = offset
        while end < self.source.count, isIdentifierByte(self.source[end]) || self.source[end] == UInt8(ascii: "-") {
            end += 1
        }
        let word = String(decoding: self.source[previous.start..<end], as: UTF8.self)
        return .syntax(
            "unexpected token '-'",
            offset: offset,
            in: self.source,
            hint: "quote identifiers that contain '-' as \"\(word.abbreviated())\""
        )
    }

    private mutating func lexQuotedIdentifier() throws(JMESPathError) -> String {
        let start = self.offset
        _ = try self.scanDelimited(by: UInt8(ascii: "\""), name: "quoted identifier")
        let quoted = Array(self.source[start..<self.offset])
        return try quoted.withUnsafeBufferPointer { (bytes) throws(JMESPathError) -> String in
            var parser = JSONParser(bytes: bytes)
            do throws(JSONParseFailure) {
                return try parser.parseString()
            } catch {
                throw .syntax(
                    "invalid quoted identifier (\(error.reason))",
                    offset: start + error.offset,
                    in: self.source
                )
            }
        }
    }

    private mutating func lexJSONLiteral() throws(JMESPathError) -> JSONValue {
        let start = self.offset
        let content = try self.scanDelimited(by: UInt8(ascii: "`"), name: "JSON literal")
        return try content.withUnsafeBufferPointer { (bytes) throws(JMESPathError) -> JSONValue in
            do throws(JSONParseFailure) {
                return try JSONParser.parseDocument(bytes)
            } catch {
                throw .syntax("invalid JSON literal (\(error.reason))", offset: start, in: self.source)
            }
        }
    }

    /// Scans from an opening delimiter to its closing one and returns the content between them, with
    /// `\` + delimiter unescaped to the delimiter and every other backslash pair kept as written.
    private mutating func scanDelimited(by delimiter: UInt8, name: String) throws(JMESPathError) -> [UInt8] {
        let start = self.offset
        var content: [UInt8] = []
        self.offset += 1
        while let byte = self.peek(0) {
            if byte == delimiter {
                self.offset += 1
                return content
            }
            if byte == UInt8(ascii: "\\"), let escaped = self.peek(1) {
                if escaped != delimiter {
                    content.append(byte)
                }
                content.append(escaped)
                self.offset += 2
            } else {
                content.append(byte)
                self.offset += 1
            }
        }
        let closing = Character(Unicode.Scalar(delimiter))
        throw .syntax("unterminated \(name)", offset: start, in: self.source, hint: "expected a closing '\(closing)'")
    }
}

private func singleByteToken(_ byte: UInt8) -> TokenKind? {
    switch byte {
    case UInt8(ascii: "."): .dot
    case UInt8(ascii: "*"): .star
    case UInt8(ascii: "]"): .rightBracket
    case UInt8(ascii: "{"): .leftBrace
    case UInt8(ascii: "}"): .rightBrace
    case UInt8(ascii: "("): .leftParen
    case UInt8(ascii: ")"): .rightParen
    case UInt8(ascii: ","): .comma
    case UInt8(ascii: ":"): .colon
    case UInt8(ascii: "@"): .at
    default: nil
    }
}

extension JMESPathExpression {
    /// Whether `name` is an unquoted JMESPath identifier, `[A-Za-z_][A-Za-z0-9_]*`: the names of C, shells, dotenv
    /// files and Mustache keys alike.
    public static func isUnquotedIdentifier(_ name: some Collection<UInt8>) -> Bool {
        guard let first = name.first, isIdentifierByte(first), !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
        else { return false }
        return name.allSatisfy(isIdentifierByte)
    }
}

/// Whether `byte` may be part of an unquoted identifier: an ASCII letter, digit or underscore.
private func isIdentifierByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
        true
    default:
        false
    }
}

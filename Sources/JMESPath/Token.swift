// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// A comparison operator of a filter or comparator expression.
enum Comparator: Sendable {
    case equal
    case notEqual
    case less
    case lessOrEqual
    case greater
    case greaterOrEqual
}

/// What a token is, with its decoded value where it has one.
enum TokenKind: Sendable {
    case identifier(String)
    case quotedIdentifier(String)
    case rawString(String)
    case literal(JSONValue)
    case number(Int)
    case dot
    case star
    case flatten
    case filter
    case leftBracket
    case rightBracket
    case leftBrace
    case rightBrace
    case leftParen
    case rightParen
    case comma
    case colon
    case pipe
    case or
    case and
    case not
    case ampersand
    case at
    case comparator(Comparator)
    case end

    /// How strongly the token binds to the expression on its left (the Pratt parser's left binding power).
    var bindingPower: Int {
        switch self {
        case .pipe: 1
        case .or: 2
        case .and: 3
        case .comparator: 5
        case .flatten: 9
        case .star: 20
        case .filter: 21
        case .dot: 40
        case .not: 45
        case .leftBrace: 50
        case .leftBracket: 55
        case .leftParen: 60
        default: 0
        }
    }
}

/// A token and the byte range of its text in the expression.
struct Token: Sendable {
    /// What the token is.
    var kind: TokenKind
    /// The byte offset of its first character.
    var start: Int
    /// The byte offset just past its last character.
    var end: Int
}

/// The binding power below which a token ends a projection's right-hand side.
let projectionStopBindingPower = 10

extension JMESPathError {
    /// A syntax error whose message ends with the 1-based column of `offset` in `source`, and an optional hint.
    static func syntax(_ problem: String, offset: Int, in source: [UInt8], hint: String? = nil) -> JMESPathError {
        let column = Self.column(of: offset, in: source)
        let suffix = hint.map { "; \($0)" } ?? ""
        return JMESPathError(code: .syntax, message: "\(problem) at column \(column)\(suffix)", column: column)
    }

    /// The 1-based column, counted in code points, of the byte at `offset` in `source`.
    static func column(of offset: Int, in source: [UInt8]) -> Int {
        source[..<min(offset, source.count)].reduce(1) { count, byte in
            byte & 0xC0 == 0x80 ? count : count + 1
        }
    }
}

extension String {
    /// The string, or its first characters followed by `...` if it is long, for quoting input in messages.
    func abbreviated() -> String {
        self.count > 32 ? String(self.prefix(29)) + "..." : self
    }
}

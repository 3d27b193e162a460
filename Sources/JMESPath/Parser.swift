// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// A parsed sub-tree with the height of its tree and the offset of its first token.
struct Parsed {
    /// The syntax tree.
    var node: any Node
    /// The number of nodes on the longest path from this node to a leaf.
    var height: Int
    /// The byte offset of the first token of the sub-expression.
    var start: Int
}

/// A Pratt (top-down operator precedence) parser for JMESPath, using the binding powers of the reference
/// implementation. Both its recursion and the height of the tree it builds are bounded by
/// ``JMESPathExpression/maximumNestingDepth``, so neither parsing nor evaluation can exhaust the stack.
struct Parser {
    /// The expression's UTF-8 bytes, for error messages.
    let source: [UInt8]
    private let tokens: [Token]
    private var position = 0
    private var depth = 0
    private let stackGuard = StackGuard()

    private init(source: [UInt8], tokens: [Token]) {
        self.source = source
        self.tokens = tokens
    }

    /// Parses a whole expression.
    /// - Throws: ``JMESPathError`` with code `syntax`, `unknown-function`, `invalid-arity` or `invalid-value`.
    static func parse(_ source: [UInt8]) throws(JMESPathError) -> any Node {
        var parser = Parser(source: source, tokens: try Lexer.tokenize(source))
        let parsed = try parser.expression(0)
        guard case .end = parser.current.kind else {
            throw parser.unexpected(parser.current, expected: "an operator or the end of the expression")
        }
        return parsed.node
    }

    /// The token being looked at.
    var current: Token {
        self.tokens[self.position]
    }

    /// The token after the current one (the `.end` token at the end).
    var next: Token {
        self.tokens[Swift.min(self.position + 1, self.tokens.count - 1)]
    }

    /// Moves to the next token, staying on the final `.end` token.
    mutating func advance() {
        if self.position < self.tokens.count - 1 {
            self.position += 1
        }
    }

    /// Parses an expression whose operators bind more tightly than `rightBindingPower`.
    mutating func expression(_ rightBindingPower: Int) throws(JMESPathError) -> Parsed {
        guard self.depth < JMESPathExpression.maximumNestingDepth, self.stackGuard.hasRoom() else {
            throw self.tooDeep(at: self.current.start)
        }
        self.depth += 1
        defer { self.depth -= 1 }
        let token = self.current
        self.advance()
        var left = try self.nud(token)
        while rightBindingPower < self.current.kind.bindingPower {
            let token = self.current
            self.advance()
            left = try self.led(token, left)
        }
        return left
    }

    /// Wraps `node`, whose tallest child is `childHeight` high, checking the height limit.
    func make(_ node: any Node, childHeight: Int, start: Int) throws(JMESPathError) -> Parsed {
        guard childHeight < JMESPathExpression.maximumNestingDepth else {
            throw self.tooDeep(at: start)
        }
        return Parsed(node: node, height: childHeight + 1, start: start)
    }

    /// `left` then `right`, skipping a redundant `@` on the left.
    func chain(_ left: Parsed, _ right: Parsed) throws(JMESPathError) -> Parsed {
        if left.node is IdentityNode {
            return Parsed(node: right.node, height: right.height, start: left.start)
        }
        return try self.make(
            BinaryNode(.subexpression, left.node, right.node),
            childHeight: Swift.max(left.height, right.height),
            start: left.start
        )
    }

    /// Consumes the current token if it is of the kind `expected` matches, else throws.
    mutating func expect(_ description: String, _ matches: (TokenKind) -> Bool) throws(JMESPathError) {
        guard matches(self.current.kind) else {
            throw self.unexpected(self.current, expected: description)
        }
        self.advance()
    }

    /// A syntax error for `token`, naming what was expected instead.
    func unexpected(_ token: Token, expected: String) -> JMESPathError {
        if case .end = token.kind {
            return .syntax(
                "unexpected end of expression",
                offset: token.start,
                in: self.source,
                hint: "expected \(expected)"
            )
        }
        let text = String(decoding: self.source[token.start..<token.end], as: UTF8.self).abbreviated()
        return .syntax("unexpected token '\(text)'", offset: token.start, in: self.source, hint: "expected \(expected)")
    }

    private func tooDeep(at offset: Int) -> JMESPathError {
        .syntax(
            "expression is nested too deeply (the limit is \(JMESPathExpression.maximumNestingDepth) levels)",
            offset: offset,
            in: self.source,
            hint: "simplify the expression"
        )
    }
}

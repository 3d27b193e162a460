// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// The binding powers that the rules pass on to their operands (see ``TokenKind/bindingPower``).
private enum Power {
    static let pipe = 1
    static let or = 2
    static let and = 3
    static let comparator = 5
    static let flatten = 9
    static let star = 20
    static let filter = 21
    static let dot = 40
    static let not = 45
    static let expressionReference = 0
}

extension Parser {
    /// The rule for a token at the start of an expression ("null denotation").
    ///
    /// This and ``led(_:_:)`` only dispatch: the parser recurses through them, and in debug builds a
    /// frame reserves room for the temporaries of every case, so the cases live in their own functions.
    mutating func nud(_ token: Token) throws(JMESPathError) -> Parsed {
        switch token.kind {
        case .literal, .rawString, .identifier, .quotedIdentifier:
            return try self.operand(token)
        case .at:
            return Parsed(node: IdentityNode(), height: 1, start: token.start)
        case .star, .filter, .flatten, .leftBracket:
            return try self.projectionOfCurrent(token)
        case .leftBrace:
            return try self.multiSelectHash(start: token.start)
        case .leftParen:
            return try self.parenthesized()
        case .not, .ampersand:
            return try self.prefixOperator(token)
        case .number:
            let text = String(decoding: self.source[token.start..<token.end], as: UTF8.self)
            throw self.unexpected(
                token,
                expected: "an expression; write numbers as JSON literals such as `\(text.abbreviated())`"
            )
        default:
            throw self.unexpected(token, expected: "an expression")
        }
    }

    /// The rule for a token that follows an expression ("left denotation").
    mutating func led(_ token: Token, _ left: Parsed) throws(JMESPathError) -> Parsed {
        switch token.kind {
        case .dot:
            return try self.dot(after: left)
        case .pipe, .or, .and, .comparator:
            return try self.infixOperator(token, left)
        case .leftParen:
            return try self.functionCall(left, openParen: token)
        case .filter:
            return try self.filterProjection(left)
        case .flatten:
            return try self.flattenProjection(left)
        case .leftBracket:
            return try self.bracket(after: left, allowsMultiSelect: false)
        default:
            throw self.unexpected(token, expected: "an operator or the end of the expression")
        }
    }

    /// A literal, raw string or identifier.
    private func operand(_ token: Token) throws(JMESPathError) -> Parsed {
        let node: any Node
        switch token.kind {
        case .literal(let value):
            node = LiteralNode(value)
        case .rawString(let string):
            node = LiteralNode(.string(string))
        case .quotedIdentifier(let name):
            if case .leftParen = self.current.kind {
                throw .syntax(
                    "quoted identifier \"\(name.abbreviated())\" cannot be used as a function name",
                    offset: token.start,
                    in: self.source,
                    hint: "write function names without quotes"
                )
            }
            node = FieldNode(name)
        case .identifier(let name):
            node = FieldNode(name)
        default:
            throw self.unexpected(token, expected: "an expression")
        }
        return Parsed(node: node, height: 1, start: token.start)
    }

    /// `*`, `[?`, `[]` or `[` at the start of an expression, applying to the current node.
    private mutating func projectionOfCurrent(_ token: Token) throws(JMESPathError) -> Parsed {
        let identity = Parsed(node: IdentityNode(), height: 1, start: token.start)
        switch token.kind {
        case .star:
            return try self.objectProjection(identity)
        case .filter:
            return try self.filterProjection(identity)
        case .flatten:
            return try self.flattenProjection(identity)
        default:
            return try self.bracket(after: identity, allowsMultiSelect: true)
        }
    }

    private mutating func parenthesized() throws(JMESPathError) -> Parsed {
        let inner = try self.expression(0)
        try self.expect("')'") { if case .rightParen = $0 { true } else { false } }
        return inner
    }

    /// `!operand` or `&operand`.
    private mutating func prefixOperator(_ token: Token) throws(JMESPathError) -> Parsed {
        guard case .not = token.kind else {
            let operand = try self.expression(Power.expressionReference)
            return try self.make(ExpressionReferenceNode(operand.node), childHeight: operand.height, start: token.start)
        }
        let operand = try self.expression(Power.not)
        return try self.make(NotNode(operand.node), childHeight: operand.height, start: token.start)
    }

    /// `.name`, `.*`, `.[list]` or `.{hash}` after `left`.
    private mutating func dot(after left: Parsed) throws(JMESPathError) -> Parsed {
        if case .star = self.current.kind {
            self.advance()
            return try self.objectProjection(left, bindingPower: Power.dot)
        }
        return try self.chain(left, try self.dotRightHandSide(Power.dot))
    }

    /// `|`, `||`, `&&` or a comparator after `left`.
    private mutating func infixOperator(_ token: Token, _ left: Parsed) throws(JMESPathError) -> Parsed {
        let node: any Node
        let right: Parsed
        switch token.kind {
        case .or:
            right = try self.expression(Power.or)
            node = BinaryNode(.or, left.node, right.node)
        case .and:
            right = try self.expression(Power.and)
            node = BinaryNode(.and, left.node, right.node)
        case .comparator(let comparator):
            right = try self.expression(Power.comparator)
            node = ComparisonNode(comparator, left.node, right.node)
        default:
            // A pipe evaluates like a sub-expression; it only differs in how it stops projections when parsing.
            return try self.chain(left, try self.expression(Power.pipe))
        }
        return try self.make(node, childHeight: Swift.max(left.height, right.height), start: left.start)
    }

    /// After `[`: an index, a slice, `[*]`, or (at the start of an expression) a multi-select list.
    private mutating func bracket(after left: Parsed, allowsMultiSelect: Bool) throws(JMESPathError) -> Parsed {
        switch (self.current.kind, self.next.kind) {
        case (.number, _), (.colon, _):
            let indexStart = self.current.start
            let selector = try self.indexOrSlice()
            let right = Parsed(node: selector, height: 1, start: indexStart)
            guard selector is SliceNode else {
                return try self.chain(left, right)
            }
            return try self.listProjection(try self.chain(left, right), bindingPower: Power.star)
        case (.star, .rightBracket):
            self.advance()
            self.advance()
            return try self.listProjection(left, bindingPower: Power.star)
        default:
            if allowsMultiSelect {
                return try self.multiSelectList(start: left.start)
            }
            throw self.unexpected(self.current, expected: "a number, ':' or '*' inside '[]'")
        }
    }

    /// Parses `n]`, `start:stop]` or `start:stop:step]`, with the opening `[` already consumed.
    private mutating func indexOrSlice() throws(JMESPathError) -> any Node {
        var parts: [Int?] = [nil, nil, nil]
        var colons = 0
        var stepOffset = self.current.start
        while true {
            switch self.current.kind {
            case .number(let number) where parts[colons] == nil:
                parts[colons] = number
            case .colon where colons < 2:
                colons += 1
                stepOffset = self.current.end
            case .rightBracket:
                self.advance()
                if colons == 0, let index = parts[0] {
                    return IndexNode(index)
                }
                let step = parts[2] ?? 1
                guard step != 0 else {
                    let column = JMESPathError.column(of: stepOffset, in: self.source)
                    throw JMESPathError(
                        code: .invalidValue,
                        message: "slice step cannot be 0 at column \(column)",
                        column: column
                    )
                }
                return SliceNode(start: parts[0], stop: parts[1], step: step)
            default:
                let expected = colons < 2 ? "a number, ':' or ']'" : "a number or ']'"
                throw self.unexpected(self.current, expected: parts[colons] == nil ? expected : "':' or ']'")
            }
            self.advance()
        }
    }

    /// The right-hand side of a projection: `@` unless a `.`, `[` or `[?` continues it.
    private mutating func projectionRightHandSide(_ bindingPower: Int) throws(JMESPathError) -> Parsed {
        switch self.current.kind {
        case let kind where kind.bindingPower < projectionStopBindingPower:
            return Parsed(node: IdentityNode(), height: 1, start: self.current.start)
        case .leftBracket, .filter:
            return try self.expression(bindingPower)
        case .dot:
            self.advance()
            return try self.dotRightHandSide(bindingPower)
        default:
            throw self.unexpected(self.current, expected: "'.', '[' or '[?' after a projection")
        }
    }

    /// What may follow a `.`: an identifier, `*`, a multi-select list or a multi-select hash.
    private mutating func dotRightHandSide(_ bindingPower: Int) throws(JMESPathError) -> Parsed {
        let start = self.current.start
        switch self.current.kind {
        case .identifier, .quotedIdentifier, .star:
            return try self.expression(bindingPower)
        case .leftBracket:
            self.advance()
            return try self.multiSelectList(start: start)
        case .leftBrace:
            self.advance()
            return try self.multiSelectHash(start: start)
        default:
            throw self.unexpected(self.current, expected: "an identifier, '*', '[' or '{' after '.'")
        }
    }

    private mutating func listProjection(_ left: Parsed, bindingPower: Int) throws(JMESPathError) -> Parsed {
        let right = try self.projectionRightHandSide(bindingPower)
        let node = BinaryNode(.listProjection, left.node, right.node)
        return try self.make(node, childHeight: Swift.max(left.height, right.height), start: left.start)
    }

    private mutating func objectProjection(
        _ left: Parsed,
        bindingPower: Int = Power.star
    ) throws(JMESPathError) -> Parsed {
        let right = try self.projectionRightHandSide(bindingPower)
        let node = BinaryNode(.objectProjection, left.node, right.node)
        return try self.make(node, childHeight: Swift.max(left.height, right.height), start: left.start)
    }

    private mutating func flattenProjection(_ left: Parsed) throws(JMESPathError) -> Parsed {
        let flattened = try self.make(FlattenNode(left.node), childHeight: left.height, start: left.start)
        return try self.listProjection(flattened, bindingPower: Power.flatten)
    }

    /// Parses `condition]` and the projection after it, with `[?` already consumed.
    private mutating func filterProjection(_ left: Parsed) throws(JMESPathError) -> Parsed {
        let condition = try self.expression(0)
        try self.expect("']' to close the filter") { if case .rightBracket = $0 { true } else { false } }
        let right = try self.projectionRightHandSide(Power.filter)
        let height = Swift.max(left.height, condition.height, right.height)
        return try self.make(
            FilterProjectionNode(left.node, condition: condition.node, right.node),
            childHeight: height,
            start: left.start
        )
    }
}

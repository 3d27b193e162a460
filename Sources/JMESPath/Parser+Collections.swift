// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

extension Parser {
    /// Parses `a, b, ...]` with the opening `[` already consumed.
    mutating func multiSelectList(start: Int) throws(JMESPathError) -> Parsed {
        let elements = try self.commaSeparated(closedBy: "']'") { (parser) throws(JMESPathError) in
            try parser.expression(0)
        } isClosing: {
            if case .rightBracket = $0 { true } else { false }
        }
        let height = elements.map(\.height).max() ?? 0
        return try self.make(MultiSelectListNode(elements.map(\.node)), childHeight: height, start: start)
    }

    /// Parses `key: value, ...}` with the opening `{` already consumed.
    mutating func multiSelectHash(start: Int) throws(JMESPathError) -> Parsed {
        let entries = try self.commaSeparated(closedBy: "'}'") { (parser) throws(JMESPathError) in
            let key: String
            switch parser.current.kind {
            case .identifier(let name), .quotedIdentifier(let name):
                key = name
            default:
                throw parser.unexpected(parser.current, expected: "a key (an identifier) in a multi-select hash")
            }
            parser.advance()
            try parser.expect("':' after the key \"\(key.abbreviated())\"") {
                if case .colon = $0 { true } else { false }
            }
            let value = try parser.expression(0)
            return (entry: (key: key, value: value.node), height: value.height)
        } isClosing: {
            if case .rightBrace = $0 { true } else { false }
        }
        let height = entries.map(\.height).max() ?? 0
        return try self.make(MultiSelectHashNode(entries.map(\.entry)), childHeight: height, start: start)
    }

    /// Parses the arguments of a call to the function named by `callee`, with `(` already consumed, and
    /// resolves the function and checks its arity.
    mutating func functionCall(_ callee: Parsed, openParen: Token) throws(JMESPathError) -> Parsed {
        guard let field = (callee.node as? FieldNode)?.field else {
            throw .syntax(
                "unexpected token '('",
                offset: openParen.start,
                in: self.source,
                hint: "only a plain identifier such as length can be called as a function"
            )
        }
        let arguments: [Parsed]
        if case .rightParen = self.current.kind {
            self.advance()
            arguments = []
        } else {
            arguments = try self.commaSeparated(closedBy: "')'") { (parser) throws(JMESPathError) in
                try parser.expression(0)
            } isClosing: {
                if case .rightParen = $0 { true } else { false }
            }
        }
        let name = field.name
        let column = JMESPathError.column(of: callee.start, in: self.source)
        guard let function = Function(rawValue: name) else {
            throw JMESPathError(
                code: .unknownFunction,
                message: "unknown function \(name.abbreviated())() at column \(column)",
                column: column
            )
        }
        if let problem = function.arityProblem(argumentCount: arguments.count) {
            throw JMESPathError(code: .invalidArity, message: "\(problem) at column \(column)", column: column)
        }
        let height = arguments.map(\.height).max() ?? 0
        return try self.make(
            FunctionCallNode(function, arguments.map(\.node)),
            childHeight: height,
            start: callee.start
        )
    }

    /// Parses one or more items separated by commas, up to and including the closing token.
    private mutating func commaSeparated<Item>(
        closedBy closing: String,
        item: (inout Parser) throws(JMESPathError) -> Item,
        isClosing: (TokenKind) -> Bool
    ) throws(JMESPathError) -> [Item] {
        var items: [Item] = []
        while true {
            items.append(try item(&self))
            if case .comma = self.current.kind {
                self.advance()
                continue
            }
            try self.expect("',' or \(closing)", isClosing)
            return items
        }
    }
}

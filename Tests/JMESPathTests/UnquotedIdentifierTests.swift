// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import JMESPath
import Testing

/// ``JMESPathExpression/isUnquotedIdentifier(_:)``: the one rule for names that dotenv keys and template names share.
struct UnquotedIdentifierTests {
    static let names: [(String, Bool)] = [
        ("a", true), ("_", true), ("DB_PASSWORD", true), ("x9", true), ("_9", true),
        ("", false), ("9x", false), ("a-b", false), ("a.b", false), ("a b", false), ("é", false), ("K\u{212A}", false),
    ]

    @Test(arguments: names)
    func classifies(name: String, isIdentifier: Bool) {
        #expect(JMESPathExpression.isUnquotedIdentifier(name.utf8) == isIdentifier)
    }

    @Test("the lexer takes exactly these names as identifiers")
    func agreesWithTheLexer() throws {
        for (name, isIdentifier) in Self.names where isIdentifier {
            #expect(try JMESPathExpression(name).search(.object([name: "v"])) == "v")
        }
    }
}

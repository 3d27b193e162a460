// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import JMESPath
import Testing

struct JMESPathErrorTests {
    @Test("codes have stable names")
    func codeNames() {
        let codes: [JMESPathError.Code] = [
            .syntax, .invalidType, .invalidValue, .invalidArity, .unknownFunction, .invalidJSON,
        ]
        #expect(
            codes.map(\.rawValue)
                == ["syntax", "invalid-type", "invalid-value", "invalid-arity", "unknown-function", "invalid-json"]
        )
        #expect(codes.map(\.description) == codes.map(\.rawValue))
        #expect(Set(codes).count == codes.count)
    }

    @Test("the description quotes the message after the code")
    func description() throws {
        let error = try #require(throws: JMESPathError.self) { try JMESPathExpression("a[") }
        #expect(
            "\(error)"
                == #"syntax: "unexpected end of expression at column 3; expected a number, ':' or '*' inside '[]'""#
        )
        #expect(error.column == 3)
        #expect(error.line == nil)
    }

    @Test("errors can be made by callers")
    func custom() {
        let error = JMESPathError(code: .invalidJSON, message: "bad", line: 2, column: 5)
        #expect(error.code == .invalidJSON)
        #expect(error.message == "bad")
        #expect(error.line == 2)
        #expect(error.column == 5)
    }
}

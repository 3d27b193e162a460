// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// An error raised while compiling or evaluating a JMESPath expression, or while parsing a JSON document.
///
/// The ``code`` is one of the error kinds of the JMESPath specification (``Code/syntax``,
/// ``Code/invalidType``, ``Code/invalidValue``, ``Code/invalidArity``, ``Code/unknownFunction``), or
/// ``Code/invalidJSON`` for a document that ``JSONValue/init(parsing:)-(String)`` rejects.
/// The ``message`` is a full sentence that names the column, function or argument at fault.
public struct JMESPathError: Error, Sendable, CustomStringConvertible {
    /// The kind of an error, with a stable string form for logs and command output.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Wrapped: Sendable, Hashable {
            case syntax
            case invalidType
            case invalidValue
            case invalidArity
            case unknownFunction
            case invalidJSON
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// The expression is not valid JMESPath; ``JMESPathError/column`` points at the problem.
        public static let syntax = Code(.syntax)
        /// A function received an argument of the wrong type.
        public static let invalidType = Code(.invalidType)
        /// A value is out of its allowed range (a slice step of 0), or evaluation exceeded its work limit.
        public static let invalidValue = Code(.invalidValue)
        /// A function was called with the wrong number of arguments.
        public static let invalidArity = Code(.invalidArity)
        /// The expression calls a function that does not exist.
        public static let unknownFunction = Code(.unknownFunction)
        /// A JSON document (or a JSON literal given to the API) is malformed or nested too deeply.
        public static let invalidJSON = Code(.invalidJSON)

        /// The stable name of the kind: `syntax`, `invalid-type`, `invalid-value`, `invalid-arity`,
        /// `unknown-function` or `invalid-json`.
        public var rawValue: String {
            switch self.wrapped {
            case .syntax: "syntax"
            case .invalidType: "invalid-type"
            case .invalidValue: "invalid-value"
            case .invalidArity: "invalid-arity"
            case .unknownFunction: "unknown-function"
            case .invalidJSON: "invalid-json"
            }
        }

        /// The same as ``rawValue``.
        public var description: String {
            self.rawValue
        }
    }

    // One reference keeps the error as small as a pointer, which keeps the stack frames of the recursive
    // parser and interpreter small: in debug builds every `try` reserves room for a thrown error.
    private final class Storage: Sendable {
        let code: Code
        let message: String
        let line: Int?
        let column: Int?

        init(code: Code, message: String, line: Int?, column: Int?) {
            self.code = code
            self.message = message
            self.line = line
            self.column = column
        }
    }

    private let storage: Storage

    /// The kind of error.
    public var code: Code {
        self.storage.code
    }

    /// A full sentence describing what went wrong and where.
    public var message: String {
        self.storage.message
    }

    /// The 1-based line of the problem, for ``Code/invalidJSON`` errors.
    public var line: Int? {
        self.storage.line
    }

    /// The 1-based column (counted in Unicode code points) of the problem in the expression, or for
    /// ``Code/invalidJSON`` errors in the document line; `nil` for errors found during evaluation.
    public var column: Int? {
        self.storage.column
    }

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of error.
    ///   - message: A full sentence describing the problem.
    ///   - line: The 1-based line of the problem, if it is about a multi-line document.
    ///   - column: The 1-based column of the problem, if it has a position.
    public init(code: Code, message: String, line: Int? = nil, column: Int? = nil) {
        self.storage = Storage(code: code, message: message, line: line, column: column)
    }

    /// The code and the quoted message, as in `syntax: "unexpected token ']' at column 5"`.
    public var description: String {
        "\(self.code): \"\(self.message)\""
    }
}

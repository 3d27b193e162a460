// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import FileFormats
import JMESPath
import Testing

/// What every format refuses: a value that is not an object, and a file over the size limit.
@Suite struct FormatProblemTests {
    /// Values that are not objects, with their JSON type names.
    static let notObjects: [(JSONValue, String)] = [
        ("secret-text", "string"),
        (42, "number"),
        (true, "boolean"),
        (nil, "null"),
        (["secret-element"], "array"),
    ]

    /// One object and the exact size of its file in each format.
    static let sizes: [(FileFormat, Int)] = [
        // USER='admin'\nPORT='5432'\n
        (.dotenv, 25),
        // USER=admin\nPORT=5432\n
        (.properties, 21),
        // {\n  "USER": "admin",\n  "PORT": 5432\n}\n
        (.json, 38),
        // "USER": "admin"\n"PORT": 5432\n
        (.yaml, 29),
    ]

    /// Every format refuses a value that is not an object, naming its type and the format, never the value.
    @Test(arguments: FileFormat.allCases, notObjects)
    func refusesNotAnObject(format: FileFormat, notObject: (value: JSONValue, typeName: String)) {
        let (value, typeName) = notObject
        let problem = renderProblem(format, value)
        #expect(
            problem?.message
                == "the value is a JSON \(typeName), not an object: format \(format.rawValue) needs an object whose "
                + "keys it writes"
        )
        #expect(problem.map { !$0.message.contains("secret") } == true)
    }

    /// A file of exactly the limit is written; one byte less is refused with the format and the limit.
    @Test(arguments: sizes)
    func refusesFileOverTheLimit(format: FileFormat, size: Int) throws {
        let value: JSONValue = ["USER": "admin", "PORT": 5432]
        #expect(try format.render(value, maximumBytes: size).count == size)
        let problem = renderProblem(format, value, maximumBytes: size - 1)
        #expect(problem?.message == "the \(format.rawValue) file would be more than \(size - 1) bytes")
    }

    /// A huge string or nested value is refused against a small limit, in every format; values are never named.
    @Test(arguments: FileFormat.allCases, HugeValue.allCases)
    func refusesHugeValue(format: FileFormat, huge: HugeValue) {
        let problem = renderProblem(format, ["KEY": huge.value], maximumBytes: 1000)
        #expect(problem?.message == "the \(format.rawValue) file would be more than 1000 bytes")
    }

    /// Escaping that lengthens the text counts against the limit: 100 emoji are 400 bytes of UTF-8 but 1,200 bytes
    /// of properties escapes.
    @Test func countsEscapedBytes() throws {
        let value = object("k", .string(String(repeating: "😀", count: 100)))
        #expect(try FileFormat.properties.render(value, maximumBytes: 1203).count == 1203)
        let problem = renderProblem(.properties, value, maximumBytes: 1202)
        #expect(problem?.message == "the properties file would be more than 1202 bytes")
    }

    /// A negative limit refuses even an empty file.
    @Test(arguments: FileFormat.allCases)
    func refusesNegativeLimit(format: FileFormat) {
        let problem = renderProblem(format, [:], maximumBytes: -1)
        #expect(problem?.message == "the \(format.rawValue) file would be more than -1 bytes")
    }

    /// An empty object fits any limit in the line formats, and `{}` needs its three bytes in JSON and YAML.
    @Test(arguments: [(FileFormat.dotenv, 0), (.properties, 0), (.json, 3), (.yaml, 3)])
    func rendersEmptyObjectAtItsSize(format: FileFormat, size: Int) throws {
        #expect(try format.render([:], maximumBytes: size).count == size)
        if size > 0 {
            #expect(renderProblem(format, [:], maximumBytes: size - 1) != nil)
        }
    }
}

/// A value far over a small limit (built in the test, so that test arguments stay small to describe).
enum HugeValue: String, CaseIterable, Sendable {
    /// Six megabytes of string.
    case string
    /// An array of 100,000 strings.
    case nested

    /// The value.
    var value: JSONValue {
        switch self {
        case .string: .string(String(repeating: "secret", count: 1_000_000))
        case .nested: ["list": .array(Array(repeating: "secret", count: 100_000))]
        }
    }
}

/// Integers of 2^53 or more were read as the nearest double: writing them would change them silently.
@Suite struct InexactNumberTests {
    static let inexact: [JSONValue] = [
        .number(9_007_199_254_740_992), .number(-1e20), ["nested": [1, .number(1e300)]],
    ]

    @Test(arguments: FileFormat.allCases)
    func refusesInexactIntegers(format: FileFormat) throws {
        for value in Self.inexact {
            #expect(throws: FormatProblem.self) {
                _ = try format.render(["acct": value], maximumBytes: 4096)
            }
        }
        let exact = try format.render(["acct": .number(9_007_199_254_740_991), "r": 0.5], maximumBytes: 4096)
        #expect(!exact.isEmpty)
    }

    @Test func namesTheKey() {
        do {
            _ = try FileFormat.json.render(["acct": .number(12_345_678_901_234_567_890)], maximumBytes: 4096)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.message.contains("the value of key \"acct\" holds a number of magnitude 2^53 or more"))
            #expect(!error.message.contains("1234567"))
        }
    }
}

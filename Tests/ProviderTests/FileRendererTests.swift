// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Testing

@testable import Provider

@Suite("FileRenderer")
struct FileRendererTests {
    /// A secret value whose parts must never appear in a message.
    static let secret =
        #"{"username":"admin","password":"S3cr3t-Value-ü\"q","port":5432,"ratio":1.5,"#
        + #""enabled":true,"tags":{"a":1,"b":[1,2]},"list":[1,"x"],"nothing":null}"#

    static func object(_ entries: [(String, String)]) throws -> PlannedObject {
        try makePlan(smObject("db-creds", jmesPath: entries)).plan.objects[0]
    }

    static let found: [(String, String)] = [
        ("username", "admin"),
        ("password", #"S3cr3t-Value-ü"q"#),
        ("port", "5432"),
        ("ratio", "1.5"),
        ("enabled", "true"),
        ("tags", #"{"a":1,"b":[1,2]}"#),
        ("list", #"[1,"x"]"#),
        ("tags.b[1]", "2"),
        ("length(list)", "2"),
    ]

    @Test("strings are raw UTF-8; numbers, booleans, objects and arrays are JSON text", arguments: Self.found)
    func renders(path: String, expected: String) throws {
        let files = try FileRenderer.render(try Self.object([(path, "out")]), value: Array(Self.secret.utf8))
        #expect(files.map(\.file.path) == ["db-creds", "out"])
        #expect(files[0].contents == Array(Self.secret.utf8))
        #expect(String(decoding: files[1].contents, as: UTF8.self) == expected)
    }

    @Test("every entry becomes a file, in order, with its own mode")
    func severalEntries() throws {
        let yaml = """
            - objectName: db-creds
              objectType: secretsmanager
              filePermission: "0600"
              jmesPath:
                - path: username
                  objectAlias: user
                - path: port
                  objectAlias: port
                  filePermission: "0640"
            """
        let object = try makePlan(yaml).plan.objects[0]
        let files = try FileRenderer.render(object, value: Array(Self.secret.utf8))
        #expect(files.map(\.file.path) == ["db-creds", "user", "port"])
        #expect(files.map(\.file.mode.permissionBits) == [0o600, 0o600, 0o640])
    }

    @Test("without jmesPath the value is written as is, even when it is not JSON")
    func noJMESPath() throws {
        let value: [UInt8] = [0xFF, 0x00, 0x41]
        let files = try FileRenderer.render(try Self.object([]), value: value)
        #expect(files.count == 1)
        #expect(files[0].contents == value)
    }

    @Test(
        "null or a missing key is an error naming the path, the alias and the object",
        arguments: ["nothing", "missing", "tags.c"]
    )
    func nothingFound(path: String) throws {
        let failure = try Self.renderFailure(path: path, value: Self.secret)
        #expect(failure.message.contains("\"\(path)\""))
        #expect(failure.message.contains("objectAlias out"))
        #expect(failure.message.contains("secretsmanager db-creds"))
        Self.expectNoSecret(in: failure.message)
    }

    @Test("a value that is not JSON is an error naming the object and the position, never the value")
    func invalidJSON() throws {
        let value = "S3cr3t-Value-plain-text"
        let failure = try Self.renderFailure(path: "username", value: value)
        #expect(failure.message.contains("secretsmanager db-creds"))
        #expect(failure.message.contains("not valid JSON"))
        #expect(failure.message.contains("line 1"))
        #expect(!failure.message.contains("S3cr3t"))
    }

    @Test("an expression that fails at run time names its path and error code, never the value")
    func runtimeError() throws {
        let failure = try Self.renderFailure(path: "abs(password)", value: Self.secret)
        #expect(failure.message.contains("\"abs(password)\""))
        #expect(failure.message.contains("objectAlias out"))
        Self.expectNoSecret(in: failure.message)
    }

    @Test("the first failing entry stops rendering; earlier entries are not returned")
    func firstFailureWins() throws {
        let object = try Self.object([("username", "user"), ("missing", "gone"), ("port", "port")])
        #expect(throws: RenderFailure.self) {
            try FileRenderer.render(object, value: Array(Self.secret.utf8))
        }
    }

    static func renderFailure(path: String, value: String) throws -> RenderFailure {
        let object = try Self.object([(path, "out")])
        do throws(RenderFailure) {
            _ = try FileRenderer.render(object, value: Array(value.utf8))
        } catch {
            return error
        }
        Issue.record("rendered the files")
        throw HarnessError.mountSucceeded
    }

    static func expectNoSecret(in message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for part in ["S3cr3t", "admin", "5432", "ü"] {
            #expect(!message.contains(part), "message shows \(part): \(message)", sourceLocation: sourceLocation)
        }
    }
}

extension FileRenderer {
    /// Renders with the default limits and no deadline.
    static func render(_ object: PlannedObject, value: [UInt8]) throws(RenderFailure) -> [RenderedFile] {
        var budget = RenderBudget(limits: RenderLimits()) { false }
        return try Self.render(object, value: value, budget: &budget)
    }
}

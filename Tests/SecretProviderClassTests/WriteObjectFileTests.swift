// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Testing

struct WriteObjectFileTests {
    @Test("writeObjectFile false: the object's own file is not among the files written; its entries are")
    func notWritten() throws {
        let plan = try makePlan(
            object("db", "  writeObjectFile: \"false\"\n  jmesPath:\n    - {path: username, objectAlias: user}\n")
                + object("other")
        )
        #expect(plan.files.map(\.path) == ["user", "other"])
        #expect(plan.objects[0].writesObjectFile == false && plan.objects[1].writesObjectFile)
        #expect(plan.objects[0].writtenFiles.map(\.path) == ["user"])
    }

    /// (extra YAML, the words of the message).
    static let refusedRows: [(String, String)] = [
        ("  writeObjectFile: maybe\n", "writeObjectFile must be true or false (got \"maybe\")"),
        ("  writeObjectFile: \"false\"\n", "writeObjectFile: false leaves db without any file"),
        ("  writeObjectFile: \"0\"\n  mountAllKeys: \"false\"\n", "without any file"),
    ]

    @Test("a value that is not a boolean, or an object left without any file, is refused", arguments: refusedRows)
    func refused(extra: String, message: String) {
        let found = problems(object("db", extra))
        #expect(found.map(\.code) == [.invalidWriteObjectFile], "\(found)")
        #expect(found.first?.field == "writeObjectFile")
        #expect(found.first?.message.contains(message) == true, "\(found)")
    }

    @Test("with mountAllKeys the key files are what is written; true and empty keep the own file")
    func accepted() throws {
        #expect(try makePlan(object("db", "  writeObjectFile: F\n  mountAllKeys: T\n")).files.isEmpty)
        #expect(try makePlan(object("db", "  writeObjectFile: \"true\"\n")).files.map(\.path) == ["db"])
    }
}

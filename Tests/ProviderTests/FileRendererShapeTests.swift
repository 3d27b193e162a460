// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import SecretProviderClass
import Testing

@testable import Provider

/// `objectEncoding` and `mountAllKeys`: values as people store them.
@Suite("FileRenderer: encodings and key files")
struct FileRendererShapeTests {
    /// The first object of `yaml`, in a mount with `pathTranslation` (nil: the default).
    static func object(_ yaml: String, pathTranslation: String? = nil) throws -> PlannedObject {
        var parameters = ["objects": yaml, "region": "us-east-1"]
        parameters["pathTranslation"] = pathTranslation
        return try MountPlan(attributes: try MountAttributes(parameters: parameters), permission: "420")
            .resolved(fallbackRegion: nil).plan.objects[0]
    }

    static func failure(_ object: PlannedObject, _ value: String) -> RenderFailure? {
        #expect(throws: RenderFailure.self) { try FileRenderer.render(object, value: Array(value.utf8)) }
    }

    static let blob = (0...255).map { UInt8($0) }

    @Test("a base64, base64url or hex value is written decoded, byte for byte")
    func decodesTheObject() throws {
        let encoded: [(String, String)] = [
            ("base64", Data(Self.blob).base64EncodedString(options: .lineLength76Characters)),
            ("base64url", Data(Self.blob).base64EncodedString().replacing("+", with: "-").replacing("/", with: "_")),
            ("hex", Self.blob.map { String(format: "%02X", $0) }.joined()),
        ]
        for (encoding, text) in encoded {
            let object = try Self.object(
                "- {objectName: keystore, objectType: secretsmanager, objectEncoding: \(encoding)}"
            )
            let files = try FileRenderer.render(object, value: Array(text.utf8))
            #expect(files.map(\.contents) == [Self.blob], "\(encoding)")
        }
    }

    @Test("a jmesPath entry decodes the string it selects; the object's own file stays as stored")
    func decodesAnEntry() throws {
        let yaml = """
            - objectName: tls
              objectType: secretsmanager
              jmesPath:
                - {path: '"tls.key"', objectAlias: tls.key, objectEncoding: base64}
                - {path: '"tls.crt"', objectAlias: tls.crt}
            """
        let value = #"{"tls.key": "AAEC/w==", "tls.crt": "PEM"}"#
        let files = try FileRenderer.render(try Self.object(yaml), value: Array(value.utf8))
        #expect(files.map(\.contents) == [Array(value.utf8), [0, 1, 2, 255], Array("PEM".utf8)])
    }

    @Test("the decoded value is the JSON document that jmesPath entries and mountAllKeys read")
    func decodedDocument() throws {
        let yaml = "- {objectName: db, objectType: secretsmanager, objectEncoding: base64, mountAllKeys: true}"
        let value = Data(#"{"user":"admin"}"#.utf8).base64EncodedString()
        let files = try FileRenderer.render(try Self.object(yaml), value: Array(value.utf8))
        #expect(files.map(\.file.path) == ["db", "user"])
        #expect(files.map { String(decoding: $0.contents, as: UTF8.self) } == [#"{"user":"admin"}"#, "admin"])
    }

    @Test("mountAllKeys: a file per key; strings as text, anything else as compact JSON; '/' translated")
    func keyFiles() throws {
        let value = #"""
            {"username": "admin", "port": 5432, "ratio": 1.5, "tls": true, "none": null,
             "nested": {"a": [1, "x"]}, "list": [], "conf/path": "p", "ünïcode": "ü"}
            """#
        let object = try Self.object("- {objectName: db, objectType: secretsmanager, mountAllKeys: \"true\"}")
        let files = try FileRenderer.render(object, value: Array(value.utf8))
        let rendered = Dictionary(
            uniqueKeysWithValues: files.dropFirst().map {
                ($0.file.path, String(decoding: $0.contents, as: UTF8.self))
            }
        )
        #expect(
            rendered == [
                "username": "admin", "port": "5432", "ratio": "1.5", "tls": "true", "none": "null",
                "nested": #"{"a":[1,"x"]}"#, "list": "[]", "conf_path": "p", "ünïcode": "ü",
            ]
        )
        #expect(files.dropFirst().allSatisfy { $0.file.mode == object.file.mode && $0.file.objectIndex == 0 })
        let untranslated = try Self.object(
            "- {objectName: db, objectType: secretsmanager, mountAllKeys: true}",
            pathTranslation: "False"
        )
        let nested = try FileRenderer.render(untranslated, value: Array(#"{"conf/path": "p"}"#.utf8))
        #expect(nested.map(\.file.path) == ["db", "conf/path"])
    }

    static let badKeys: [(String, String)] = [
        (#"{"": 1}"#, "empty"), (#"{"..": 1}"#, "../"), (#"{"..hidden": 1}"#, "start with '..'"),
        (#"{"a\u0000b": 1}"#, "NUL"), (#"{".": 1}"#, "'.'"),
        ("{\"\(String(repeating: "k", count: 256))\": 1}", "longer than 255 bytes"),
    ]

    @Test("a key that cannot name a file fails the mount naming the object and the key", arguments: Self.badKeys)
    func badKey(value: String, reason: String) throws {
        let object = try Self.object(
            "- {objectName: db, objectType: secretsmanager, mountAllKeys: true}",
            pathTranslation: "False"
        )
        let failure = Self.failure(object, value)
        #expect(failure?.message.contains("of secretsmanager db (mountAllKeys) cannot name a file") == true)
        #expect(failure?.message.contains(reason) == true, "\(failure?.message ?? "")")
    }

    @Test("errors name the object, entry and encoding, never any part of the value")
    func errors() throws {
        let secret = "S3cr3tValue"
        let encoded = try Self.object("- {objectName: db, objectType: secretsmanager, objectEncoding: hex}")
        let notHex = Self.failure(encoded, secret)
        #expect(notHex?.message.contains("the value of secretsmanager db is not valid hex (objectEncoding)") == true)
        let keys = try Self.object("- {objectName: db, objectType: secretsmanager, mountAllKeys: true}")
        let notObject = Self.failure(keys, #"["\#(secret)"]"#)
        #expect(notObject?.message.contains("is a JSON array, not an object: mountAllKeys needs an object") == true)
        let notJSON = Self.failure(keys, secret)
        #expect(notJSON?.message.contains("not valid JSON, which mountAllKeys needs") == true)
        let entry = """
            - objectName: db
              objectType: secretsmanager
              jmesPath: [{path: port, objectAlias: port, objectEncoding: base64}, {path: pw, objectAlias: pw, objectEncoding: base64}]
            """
        let number = Self.failure(try Self.object(entry), #"{"port": 5432, "pw": "x"}"#)
        #expect(
            number?.message.contains("selects a JSON number, but objectEncoding base64 decodes strings only") == true
        )
        let badEntry = Self.failure(try Self.object(entry), #"{"port": "AA==", "pw": "\#(secret)!"}"#)
        #expect(badEntry?.message.contains("objectAlias pw of secretsmanager db is not valid base64") == true)
        for failure in [notHex, notObject, notJSON, number, badEntry] {
            #expect(failure?.message.contains(secret) == false)
        }
    }

    @Test("a key file may not take the name of another file of the class")
    func collision() throws {
        let plan = try makePlan(
            """
            - {objectName: db, objectType: secretsmanager, mountAllKeys: true}
            - {objectName: other, objectType: secretsmanager, objectAlias: user}
            """
        ).plan
        var claims = FileClaims<FileMaker>()
        for object in plan.objects {
            _ = claims.claim(object.file.path, by: FileMaker(object: object, file: object.file))
        }
        let rendered = try FileRenderer.render(plan.objects[0], value: Array(#"{"user": "admin"}"#.utf8))
        let failure = #expect(throws: RenderFailure.self) {
            try FileRenderer.claim(rendered, of: plan.objects[0], claims: &claims)
        }
        #expect(
            failure?.message
                == #"the key "user" of secretsmanager db (mountAllKeys): the file user is also written by the own "#
                + #"file of objects[1] (secretsmanager other)"#
        )
    }
}

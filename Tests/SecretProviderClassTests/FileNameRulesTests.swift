// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import SecretProviderClass

private let noTranslation = ["pathTranslation": "False"]

struct FileNameRulesTests {
    @Test(
        "the incumbent's traversal cases are rejected (pathTranslation False)",
        arguments: [
            "arn:aws:secretsmanager:us-west-2:123456789012:secret:/../pathTest-abc123",
            "arn:aws:secretsmanager:us-west-2:123456789012:secret:mypath/../../pathTest-abc123",
            "arn:aws:secretsmanager:us-west-2:123456789012:secret:mypath/..",
            "../mypath",
            "mypath/../../param",
            "mypath/..",
        ]
    )
    func incumbentTraversal(name: String) throws {
        let found = problems(name.hasPrefix("arn:") ? "- objectName: \(name)\n" : object(name), noTranslation)
        #expect(found.map(\.code) == [.pathTraversal])
        #expect(found.first?.message.hasPrefix("path can not contain ../: \(name)") == true)
    }

    @Test(
        "the incumbent's near-misses are accepted (pathTranslation False)",
        arguments: [
            "arn:aws:secretsmanager:us-west-2:123456789012:secret:/..pathTest-abc123",
            "arn:aws:secretsmanager:us-west-2:123456789012:secret:..pathTest-abc123",
            "arn:aws:secretsmanager:us-west-2:123456789012:secret:mypath../pathTest-abc123",
            "arn:aws:secretsmanager:us-west-2:123456789012:secret:mypath..",
            "mypath../param",
            "mypath..",
            "a/..b/c..",
        ]
    )
    func incumbentNearMisses(name: String) throws {
        let plan = try makePlan(name.hasPrefix("arn:") ? "- objectName: \(name)\n" : object(name), noTranslation)
        #expect(plan.files.map(\.path) == [name])
    }

    @Test(
        "better than the incumbent: every file name is checked, jmesPath aliases included",
        arguments: [
            // (objects, parameters, code, field)
            (object("x", "  objectAlias: ..\n"), [:], SecretProviderClassError.Code.pathTraversal, "objectAlias"),
            (object("x", "  objectAlias: .\n"), [:], .invalidFileName, "objectAlias"),
            (object("x", "  objectAlias: a/../../etc\n"), noTranslation, .pathTraversal, "objectAlias"),
            (object("x", "  objectAlias: a/./b\n"), noTranslation, .invalidFileName, "objectAlias"),
            (object("x", "  objectAlias: a//b\n"), noTranslation, .invalidFileName, "objectAlias"),
            (object("x", "  objectAlias: a/\n"), noTranslation, .invalidFileName, "objectAlias"),
            (object("x", "  objectAlias: /\n"), noTranslation, .invalidFileName, "objectAlias"),
            (object("x", "  objectAlias: \"a\\0b\"\n"), [:], .invalidFileName, "objectAlias"),
            (object("x", "  objectAlias: /etc/passwd\n"), ["pathTranslation": "/"], .pathTraversal, "objectAlias"),
            (object("x", "  objectAlias: ..data\n"), [:], .pathTraversal, "objectAlias"),
            // A combining mark after '/' or '.' does not hide a separator or a '..' (compared as bytes).
            (object("x", "  objectAlias: \"x/../\u{301}y\"\n"), noTranslation, .pathTraversal, "objectAlias"),
            (object("x", "  objectAlias: \"..\u{301}data\"\n"), [:], .pathTraversal, "objectAlias"),
            (
                object("x", "  objectAlias: \(String(repeating: "a/", count: 32))b\n"), noTranslation, .invalidFileName,
                "objectAlias"
            ),
            (object("..mypath", type: "ssmparameter"), noTranslation, .pathTraversal, "objectName"),
            (
                object("x", "  jmesPath:\n    - path: a\n      objectAlias: ..\n"), [:], .pathTraversal,
                "jmesPath[0].objectAlias"
            ),
            (
                object("x", "  jmesPath:\n    - path: a\n      objectAlias: ../../etc/cron.d/x\n"), noTranslation,
                .pathTraversal, "jmesPath[0].objectAlias"
            ),
            (object(String(repeating: "n", count: 256)), [:], .invalidFileName, "objectName"),
            (
                object(Array(repeating: String(repeating: "d", count: 200), count: 21).joined(separator: "/")),
                noTranslation, .invalidFileName, "objectName"
            ),
        ]
    )
    func rejected(objects: String, parameters: [String: String], code: SecretProviderClassError.Code, field: String)
        throws
    {
        let found = problems(objects, parameters)
        #expect(found.map(\.code) == [code])
        #expect(found.first?.field == field)
    }

    @Test(
        "accepted names keep their dots, and sub-directories when translation is off",
        arguments: [
            ("x..", [:], "x.."),
            ("a/..b", [:], "a_..b"),
            ("/..pathTest", [:], "_..pathTest"),
            (".hidden", [:], ".hidden"),
            ("/app/db/password", noTranslation, "app/db/password"),
            ("//app", noTranslation, "app"),
            (String(repeating: "n", count: 255), [:], String(repeating: "n", count: 255)),
        ]
    )
    func accepted(alias: String, parameters: [String: String], path: String) throws {
        let plan = try makePlan(object("x", "  objectAlias: \"\(alias)\"\n"), parameters)
        #expect(plan.files.map(\.path) == [path])
    }

    @Test("messages name the source and, when it differs, the file name")
    func messages() {
        #expect(
            FileNameRules.violation(of: ".._x", name: "../x")?.message
                == "file name can not start with '..', which the driver reserves for its own files: ../x "
                + "(file name \".._x\")"
        )
        #expect(FileNameRules.violation(of: "a/../b", name: "a/../b")?.message == "path can not contain ../: a/../b")
        #expect(FileNameRules.violation(of: "", name: "/")?.message == "file name is empty: /")
        #expect(FileNameRules.violation(of: "ok/name", name: "ok/name") == nil)
    }
}

/// F7: the provider's own files (`..aws-tmp-…`) can never be named by a class, at any depth.
struct ReservedNameTests {
    @Test(
        "no element of a file name may start with ..aws-",
        arguments: [
            "..aws-tmp-0123456789abcdef", "a/..aws-tmp-0123456789abcdef", "dir/sub/..aws-anything",
        ]
    )
    func reserved(path: String) throws {
        let found = problems(object(path), ["pathTranslation": "False"])
        #expect(found.map(\.code) == [.pathTraversal], "\(found)")
        #expect(found.first?.message.contains("reserve") == true)
    }

    @Test(
        "names that only look like temporaries of other writers stay valid",
        arguments: [".db.tmp-0123456789abcdef", "a/..aws", "a/.aws-tmp-x"]
    )
    func lookAlikes(path: String) throws {
        let plan = try makePlan(object(path), ["pathTranslation": "False"])
        #expect(plan.files.map(\.path) == [path])
    }
}

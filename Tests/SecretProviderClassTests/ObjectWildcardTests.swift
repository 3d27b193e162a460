// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import FileFormats
import SecretProviderClass
import Testing

struct ObjectWildcardTests {
    /// (type, objectName, prefix, scope, GetParametersByPath path).
    static let validRows: [(String, String, String, ObjectWildcard.Scope, String)] = [
        ("ssmparameter", "/app/prod/*", "/app/prod/", .children, "/app/prod"),
        ("ssmparameter", "/app/prod/**", "/app/prod/", .descendants, "/app/prod"),
        ("ssmparameter", "/*", "/", .children, "/"),
        ("ssmparameter", "/**", "/", .descendants, "/"),
        ("secretsmanager", "prod/app/*", "prod/app/", .namePrefix, ""),
        ("secretsmanager", "prod-app*", "prod-app", .namePrefix, ""),
        ("secretsmanager", "/x/*", "/x/", .namePrefix, ""),
    ]

    @Test("a trailing wildcard plans one object that stands for its matches", arguments: Self.validRows)
    func valid(type: String, name: String, prefix: String, scope: ObjectWildcard.Scope, path: String) throws {
        let plan = try makePlan(object(name, type: type, "  filePermission: \"0600\"\n"))
        let planned = try #require(plan.objects.first)
        let wildcard = try #require(planned.wildcard)
        #expect(wildcard.prefix == prefix)
        #expect(wildcard.scope == scope)
        #expect(wildcard.pattern == name)
        #expect(planned.primary.wildcard == wildcard)
        if scope != .namePrefix {
            #expect(wildcard.path == path)
        }
        #expect(plan.files.isEmpty, "a wildcard's files are known only once it is listed")
    }

    /// (pattern, name, matches).
    static let matchingRows: [(String, String, Bool)] = [
        ("/app/prod/*", "/app/prod/db", true),
        ("/app/prod/*", "/app/prod/db/user", false),
        ("/app/prod/*", "/app/prod/", false),
        ("/app/prod/*", "/app/production", false),
        ("/app/prod/*", "/APP/prod/db", false),
        ("/app/prod/**", "/app/prod/db/user", true),
        ("/app/prod/**", "/app/prod/db", true),
        ("/app/prod/**", "/app/prodx/db", false),
        ("prod/app/*", "prod/app/a", true),
        ("prod/app/*", "prod/app/a/b", true),
        ("prod/app/*", "Prod/App/a", false),
        ("prod/app/*", "team/prod/app/a", false),
        ("prod/app/*", "prod/application", false),
        ("prod/app/*", "prod/app/", false),
    ]

    @Test("matches are exact, case-sensitive prefixes (one level for SSM *)", arguments: Self.matchingRows)
    func matching(pattern: String, name: String, matches: Bool) throws {
        let type = pattern.hasPrefix("/") ? "ssmparameter" : "secretsmanager"
        let wildcard = try #require(try makePlan(object(pattern, type: type)).objects.first?.wildcard)
        #expect(wildcard.matches(name) == matches)
    }

    /// (type, objectName, what the message says).
    static let invalidRows: [(String, String, String)] = [
        ("ssmparameter", "/app/*/db", "only at the end of objectName"),
        ("ssmparameter", "/app/prod*", "followed by \"/*\""),
        ("ssmparameter", "app/prod/*", "starts with \"/\""),
        ("ssmparameter", "/app/prod/***", "followed by \"/*\""),
        ("ssmparameter", "*", "starts with \"/\""),
        ("secretsmanager", "prod/app/**", "followed by one \"*\""),
        ("secretsmanager", "*", "a name prefix followed by one"),
        ("secretsmanager", "prod*app", "only at the end"),
        ("ssmparameter", "arn:aws:ssm:us-east-1:123456789012:parameter/app/*", "not an ARN"),
        ("secretsmanager", "!prod*", "only letters, digits and / _ + = . @ -"),
        ("secretsmanager", "prod app*", "only letters, digits and / _ + = . @ -"),
        ("ssmparameter", "/app//prod/*", "no \"//\""),
        ("ssmparameter", "/app prod/*", "only letters, digits and _ . - /"),
        ("secretsmanager", "prod/*\u{301}", "only at the end"),
    ]

    @Test("a * anywhere else is an error naming objectName", arguments: Self.invalidRows)
    func invalid(type: String, name: String, message: String) {
        let found = problems(object(name, type: type), ["region": "us-east-1"])
        let problem = found.first { $0.code == .invalidWildcard }
        #expect(problem?.field == "objectName")
        #expect(problem?.message.contains(message) == true, "\(found)")
    }

    /// (extra YAML, the field at fault, what its message says).
    static let forbiddenRows: [(String, String, String)] = [
        ("  objectVersion: \"3\"\n", "objectVersion", "objectVersion pins one object's version"),
        ("  objectVersionLabel: blue\n", "objectVersionLabel", "cannot select a label"),
        ("  objectAlias: app\n", "objectAlias", "one objectAlias cannot name them"),
        ("  jmesPath:\n    - {path: a, objectAlias: a}\n", "jmesPath", "jmesPath entries name one file each"),
        ("  failoverObject: {objectName: /dr/*}\n", "failoverObject", "failoverObject cannot rename or pin it"),
    ]

    @Test("fields that name or pin one object are refused, each with its own message", arguments: Self.forbiddenRows)
    func forbidden(extra: String, field: String, message: String) {
        let found = problems(object("/app/prod/*", type: "ssmparameter", extra), ["failoverRegion": "us-west-2"])
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.code == .wildcardField)
        #expect(found.first?.field == field)
        #expect(found.first?.message.contains(message) == true, "\(found)")
    }

    @Test("filePermission, objectEncoding and mountAllKeys apply to every match, named as if listed")
    func matchesInheritTheShape() throws {
        for (translation, expected) in [("", "_app_prod_db"), ("-", "-app-prod-db"), ("False", "app/prod/db")] {
            let plan = try makePlan(
                object(
                    "/app/prod/**",
                    type: "ssmparameter",
                    "  filePermission: \"0600\"\n  objectEncoding: base64\n  mountAllKeys: true\n"
                ),
                translation.isEmpty ? [:] : ["pathTranslation": translation]
            )
            let wildcard = try #require(plan.objects.first)
            let match = try wildcard.match("/app/prod/db").get()
            #expect(match.file.path == expected)
            #expect(match.file.mode == wildcard.file.mode)
            #expect(match.encoding == .base64)
            #expect(match.mountAllKeys)
            #expect(match.wildcard == nil)
            #expect(match.matchedBy == "/app/prod/**")
            #expect(match.primary.name == "/app/prod/db")
            #expect(match.primary.version == nil && match.primary.versionLabel == nil)
            #expect(match.file.objectVersionID == expected)
        }
    }

    @Test("a match whose name cannot name a file is refused with the rule it breaks")
    func badMatchName() throws {
        let plan = try makePlan(object("prod/*", type: "secretsmanager"), ["pathTranslation": "False"])
        let wildcard = try #require(plan.objects.first)
        let problem = #expect(throws: FileNameProblem.self) { try wildcard.match("prod/../x").get() }
        #expect(problem?.message.contains("../") == true)
    }

    @Test("a failover object names one object: a * in its name is refused")
    func failoverName() {
        let found = problems(
            object(
                "prod/db",
                type: "secretsmanager",
                "  objectAlias: db\n  failoverObject: {objectName: \"prod/*\"}\n"
            ),
            ["failoverRegion": "us-west-2"]
        )
        #expect(found.map(\.code) == [.invalidWildcard])
        #expect(found.first?.field == "failoverObject.objectName")
    }

    @Test("two wildcards of one pattern are duplicates; a listed object beside a wildcard is planned")
    func duplicates() throws {
        let twice = problems(object("/app/*", type: "ssmparameter") + object("/app/*", type: "ssmparameter"))
        #expect(twice.map(\.code) == [.duplicateObject])
        let plan = try makePlan(object("/app/*", type: "ssmparameter") + object("/app/db", type: "ssmparameter"))
        #expect(plan.files.map(\.path) == ["_app_db"])
    }
}

struct FileClaimsTests {
    @Test("a file and a file inside it collide however the path is written; a combining mark after / hides nothing")
    func directories() {
        var claims = FileClaims<Int>()
        #expect(claims.claim("a", by: 1) == nil)
        guard case .fileAsDirectory(let parent, let owner)? = claims.claim("a/\u{301}b", by: 2) else {
            Issue.record("the file inside a file was not refused")
            return
        }
        #expect(parent == "a" && owner == 1)
        #expect(claims.claim("c/d", by: 3) == nil)
        guard case .directoryOfFile(let other)? = claims.claim("c", by: 4) else {
            Issue.record("a directory of a file was not refused")
            return
        }
        #expect(other == 3)
        guard case .sameFile(1)? = claims.claim("a", by: 5) else {
            Issue.record("the same file was not refused")
            return
        }
    }
}

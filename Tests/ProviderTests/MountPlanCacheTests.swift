// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Testing

@testable import Provider

/// The plans of recent classes, accepted or rejected, keyed by the exact bytes of every parameter.
struct MountPlanCacheTests {
    private static func attributes(_ objects: String, _ parameters: [String: String] = [:]) throws -> MountAttributes {
        var all = parameters
        all[MountAttributes.objectsKey] = objects
        all[MountAttributes.regionKey] = all[MountAttributes.regionKey] ?? "us-east-1"
        return try MountAttributes(parameters: all)
    }

    @Test("a remembered plan is the plan MountPlan builds, and the second request finds it")
    func remembered() throws {
        let cache = MountPlanCache()
        let attributes = try Self.attributes(smObject("a", alias: "one") + ssmObject("/b"))
        let first = try cache.plan(attributes: attributes, permission: "416")
        let second = try cache.plan(attributes: attributes, permission: "416")
        let fresh = try MountPlan(attributes: attributes, permission: "416")
        for plan in [first, second] {
            #expect(plan.files.map(\.path) == fresh.files.map(\.path))
            #expect(plan.files.map(\.mode) == fresh.files.map(\.mode))
        }
        #expect(cache.count == 1)
        #expect(cache.remembers(attributes: attributes, permission: "416"))
    }

    @Test(
        "every parameter the plan is built from is part of what is remembered",
        arguments: [
            ("permission", [String: String](), "384"),
            ("region", ["region": "eu-west-1"], "420"),
            ("failoverRegion", ["failoverRegion": "eu-west-1"], "420"),
            ("pathTranslation", ["pathTranslation": "-"], "420"),
            ("usePodIdentity", ["usePodIdentity": "true"], "420"),
            ("preferredAddressType", ["usePodIdentity": "true", "preferredAddressType": "ipv6"], "420"),
            ("assumeRoleArn", ["assumeRoleArn": "arn:aws:iam::123456789012:role/app"], "420"),
            (
                "assumeRoleExternalId",
                ["assumeRoleArn": "arn:aws:iam::123456789012:role/app", "assumeRoleExternalId": "tenant-42"], "420"
            ),
            (
                "assumeRoleDurationSeconds",
                ["assumeRoleArn": "arn:aws:iam::123456789012:role/app", "assumeRoleDurationSeconds": "900"], "420"
            ),
        ]
    )
    func keyed(field: String, parameters: [String: String], permission: String) throws {
        let cache = MountPlanCache()
        let objects = ssmObject("/app/db")
        // Only `field` differs between the two classes.
        var base = parameters
        base[field] = nil
        _ = try cache.plan(attributes: Self.attributes(objects, base), permission: "420")
        let changed = try Self.attributes(objects, parameters)
        let fresh = try MountPlan(attributes: changed, permission: permission)
        let plan = try cache.plan(attributes: changed, permission: permission)
        #expect(cache.count == 2, "\(field) must tell plans apart")
        #expect(plan.files.map(\.path) == fresh.files.map(\.path))
        #expect(plan.region == fresh.region && plan.failoverRegion == fresh.failoverRegion)
        #expect(plan.authentication == fresh.authentication)
        #expect(plan.assumeRole == fresh.assumeRole)
    }

    @Test("F8: canonically equivalent classes are two entries, each with its own file names")
    func exactBytes() throws {
        let cache = MountPlanCache()
        let composed = try Self.attributes(smObject("db", alias: "caf\u{E9}"))
        let decomposed = try Self.attributes(smObject("db", alias: "cafe\u{301}"))
        let first = try cache.plan(attributes: composed, permission: "420")
        let second = try cache.plan(attributes: decomposed, permission: "420")
        #expect(cache.count == 2)
        #expect(Array(first.files[0].path.utf8) == Array("caf\u{E9}".utf8))
        #expect(Array(second.files[0].path.utf8) == Array("cafe\u{301}".utf8))
    }

    @Test("F4: a rejected class is remembered: a retry gets the same error without validating again")
    func rejected() throws {
        let cache = MountPlanCache()
        let attributes = try Self.attributes("- objectName: a\n  objectType: s3\n")
        var messages: [String] = []
        for _ in 0..<2 {
            let error = try #require(throws: ProviderError.self) {
                try cache.plan(attributes: attributes, permission: "420") {
                    messages.append("validated")
                    return false
                }
            }
            #expect(error.code == .invalidRequest)
            #expect(error.message.contains("Invalid objectType: s3"))
        }
        #expect(messages == ["validated"])
        #expect(cache.count == 1)
    }

    @Test("F4: validation cut short by the deadline fails as a deadline and is not remembered")
    func interrupted() throws {
        let cache = MountPlanCache()
        let attributes = try Self.attributes((0..<50).map { smObject("o\($0)") }.joined())
        var asked = 0
        let error = try #require(throws: ProviderError.self) {
            try cache.plan(attributes: attributes, permission: "420") {
                asked += 1
                return asked > 10
            }
        }
        #expect(error.code == .deadlineExceeded)
        #expect(asked == 11)
        #expect(cache.count == 0)
        #expect(try cache.plan(attributes: attributes, permission: "420").objects.count == 50)
    }

    @Test("F4: a class over the limits is refused before its objects are validated, naming the flag")
    func overLimits() throws {
        let cache = MountPlanCache(
            limits: MountPlanLimits(maximumObjects: 5, maximumJMESPathEntries: 3, maximumFiles: 6)
        )
        let cases: [(String, String)] = [
            ((0..<6).map { smObject("o\($0)") }.joined(), "--max-objects-per-class"),
            (smObject("j", jmesPath: (0..<4).map { ("a", "a\($0)") }), "--max-jmespath-entries-per-class"),
            (
                smObject("k", jmesPath: (0..<3).map { ("a", "a\($0)") }) + smObject("l") + smObject("m")
                    + smObject("n"),
                "--max-files-per-mount"
            ),
        ]
        for (objects, flag) in cases {
            var validated = 0
            let error = try #require(throws: ProviderError.self) {
                try cache.plan(attributes: Self.attributes(objects), permission: "420") {
                    validated += 1
                    return false
                }
            }
            #expect(error.message.contains(flag), "\(error.message)")
            #expect(validated == 0, "objects were validated one by one")
        }
    }

    @Test("at capacity the least recently used plan goes first; weight bounds what is kept")
    func leastRecentlyUsed() throws {
        let cache = MountPlanCache(capacity: 2)
        let first = try Self.attributes(smObject("first"))
        let second = try Self.attributes(smObject("second"))
        let third = try Self.attributes(smObject("third"))
        _ = try cache.plan(attributes: first, permission: "420")
        _ = try cache.plan(attributes: second, permission: "420")
        _ = try cache.plan(attributes: first, permission: "420")
        _ = try cache.plan(attributes: third, permission: "420")
        #expect(cache.count == 2)
        #expect(cache.remembers(attributes: first, permission: "420"))
        #expect(!cache.remembers(attributes: second, permission: "420"))
        #expect(cache.remembers(attributes: third, permission: "420"))
        let light = MountPlanCache(maximumWeight: 10)
        _ = try light.plan(attributes: first, permission: "420")
        #expect(light.count == 0)
    }
}

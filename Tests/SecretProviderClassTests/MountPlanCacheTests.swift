// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import SecretProviderClass

struct MountPlanCacheTests {
    private static func attributes(_ objects: String, _ parameters: [String: String] = [:]) throws -> MountAttributes {
        var all = parameters
        all[MountAttributes.objectsKey] = objects
        return try MountAttributes(parameters: all)
    }

    @Test("a remembered plan is the plan MountPlan builds, and the second request finds it")
    func remembered() throws {
        let cache = MountPlanCache()
        let attributes = try Self.attributes(object("a", "  objectAlias: one\n") + object("/b", type: "ssmparameter"))
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
        ]
    )
    func keyed(field: String, parameters: [String: String], permission: String) throws {
        let cache = MountPlanCache()
        let objects = object("/app/db")
        _ = try cache.plan(attributes: Self.attributes(objects), permission: "420")
        let changed = try Self.attributes(objects, parameters)
        let plan = try cache.plan(attributes: changed, permission: permission)
        let fresh = try MountPlan(attributes: changed, permission: permission)
        #expect(cache.count == 2, "\(field) must tell plans apart")
        #expect(plan.files.map(\.path) == fresh.files.map(\.path))
        #expect(plan.files.map(\.mode) == fresh.files.map(\.mode))
        #expect(plan.region == fresh.region && plan.failoverRegion == fresh.failoverRegion)
        #expect(plan.authentication == fresh.authentication)
    }

    @Test("a rejected class is checked again each time and never remembered")
    func rejected() throws {
        let cache = MountPlanCache()
        let attributes = try Self.attributes(object("a", type: "s3"))
        for _ in 0..<2 {
            let error = try #require(throws: SecretProviderClassError.self) {
                try cache.plan(attributes: attributes, permission: "420")
            }
            #expect(error.problems.count == 1)
        }
        #expect(cache.count == 0)
    }

    @Test("at capacity the least recently used plan goes first")
    func leastRecentlyUsed() throws {
        let cache = MountPlanCache(capacity: 2)
        let first = try Self.attributes(object("first"))
        let second = try Self.attributes(object("second"))
        let third = try Self.attributes(object("third"))
        _ = try cache.plan(attributes: first, permission: "420")
        _ = try cache.plan(attributes: second, permission: "420")
        _ = try cache.plan(attributes: first, permission: "420")
        _ = try cache.plan(attributes: third, permission: "420")
        #expect(cache.count == 2)
        #expect(cache.remembers(attributes: first, permission: "420"))
        #expect(!cache.remembers(attributes: second, permission: "420"))
        #expect(cache.remembers(attributes: third, permission: "420"))
    }

    @Test("an objects text above the size limit, or a cache of capacity 0, keeps nothing")
    func notKept() throws {
        let attributes = try Self.attributes(object("a-long-enough-name"))
        let small = MountPlanCache(maximumObjectsBytes: 10)
        let none = MountPlanCache(capacity: 0)
        for cache in [small, none] {
            let plan = try cache.plan(attributes: attributes, permission: "420")
            #expect(plan.files.map(\.path) == ["a-long-enough-name"])
            #expect(cache.count == 0)
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import SecretProviderClass
import Testing

@testable import Provider

/// One wildcard's listing over pages: only what it means, each name once, within its bounds; and its place in the
/// value cache.
struct WildcardListingTests {
    static func wildcard(_ pattern: String) throws -> ObjectWildcard {
        let type = pattern.hasPrefix("/") ? "ssmparameter" : "secretsmanager"
        let object = "- {objectName: \"\(pattern)\", objectType: \(type)}"
        return try #require(try makePlan(object).plan.objects.first?.wildcard)
    }

    static let limits = ListingLimits(maximumMatches: 3, maximumBytes: 100)

    /// Lists `pattern` over `pages` (each page's token is its position + 1, the last has none, unless given).
    static func run(
        _ pattern: String,
        _ pages: [ListingPage],
        budget: ListingBudget = ListingBudget(bytes: 100),
        limits: ListingLimits = Self.limits
    ) async throws -> RegionResult {
        var listing = WildcardListing(
            try Self.wildcard(pattern),
            limits: limits,
            pageSize: 10,
            region: "us-east-1",
            budget: budget
        )
        return await listing.run(denied: "denied: needs ssm:GetParametersByPath") { token in
            let index = token.flatMap { Int($0) } ?? 0
            guard index < pages.count else { throw AWSError.fake(.accessDenied) }
            return pages[index]
        }
    }

    static func page(_ names: [String], size: Int = 1, next: String? = nil) -> ListingPage {
        ListingPage(
            values: names.map { MatchedValue(name: $0, bytes: Array(repeating: 0x41, count: size), version: "1") },
            nextToken: next
        )
    }

    @Test("names the wildcard does not mean are dropped; a name twice counts once; matches come out by name bytes")
    func filtering() async throws {
        let result = try await Self.run(
            "prod/*",
            [
                Self.page(["prod/b", "PROD/a", "team/prod/c"], next: "1"),
                Self.page(["prod/a", "prod/b", "production"]),
            ]
        )
        let value = try result.get()
        #expect(value.matches.map { $0.name } == ["prod/a", "prod/b"])
        #expect(value.bytes.isEmpty && value.version.isEmpty && value.region == "us-east-1")
    }

    /// (pages, the words of the failure).
    static let boundRows: [([ListingPage], String)] = [
        (
            [Self.page(["/a/1", "/a/2"], next: "1"), Self.page(["/a/3", "/a/4"])],
            "lists too much: it matches more than 3 objects; raise --max-wildcard-matches (3)"
        ),
        ([Self.page(["/a/1", "/a/2"], size: 60)], "more than 100 bytes of names and values in all"),
        ([Self.page((0..<13).map { "/b/\($0)" })], "lists too much: AWS answered with more than 12 objects for it"),
        ((0..<12).map { Self.page([], next: "\($0 + 1)") }, "lists too much: AWS answered with more than 11 pages"),
    ]

    @Test("a listing past a bound fails as a client fault naming the bound and the flag", arguments: Self.boundRows)
    func bounded(pages: [ListingPage], message: String) async throws {
        let result = try await Self.run("/a/*", pages)
        guard case .failure(let failure) = result else {
            Issue.record("the listing succeeded")
            return
        }
        #expect(failure.isClientFault && failure.code == .invalidRequest)
        #expect(failure.message.contains(message), "\(failure.message)")
    }

    @Test("one budget bounds every listing of a mount together")
    func sharedBudget() async throws {
        let budget = ListingBudget(bytes: 100)
        let first = try await Self.run("/a/*", [Self.page(["/a/1", "/a/2"], size: 36)], budget: budget)
        #expect((try? first.get())?.matches.count == 2)
        let second = try await Self.run("/b/*", [Self.page(["/b/1"], size: 36)], budget: budget)
        guard case .failure(let failure) = second else {
            Issue.record("the second listing passed the mount's budget")
            return
        }
        #expect(failure.message.contains("raise --max-mount-bytes"))
        #expect(failure.isOwnLimit, "a mount sharing the fetch fetches again within its own budget")
        #expect(budget.isSpent)
    }

    @Test("a page token AWS sent before fails the listing (not a client fault) instead of passing a partial set")
    func repeatedToken() async throws {
        let result = try await Self.run("/a/*", [Self.page(["/a/1"], next: "1"), Self.page(["/a/2"], next: "1")])
        guard case .failure(let failure) = result else {
            Issue.record("the listing succeeded")
            return
        }
        #expect(!failure.isClientFault && failure.code == .fetchFailed)
        #expect(failure.message.contains("sent a page token it had sent before"))
    }

    @Test("an object that matches but cannot be read fails the listing naming it; one that does not match is ignored")
    func unreadable() async throws {
        let refused = FetchFailure(region: "us-east-1", code: .permissionDenied, isClientFault: true, message: "no")
        var page = Self.page(["prod/a"])
        page.unreadable = [("other/x", refused)]
        #expect((try? await Self.run("prod/*", [page]).get())?.matches.count == 1)
        page.unreadable.append(("prod/b", refused))
        guard case .failure(let failure) = try await Self.run("prod/*", [page]) else {
            Issue.record("the listing succeeded")
            return
        }
        #expect(failure.code == .permissionDenied)
        #expect(failure.message == "the wildcard prod/* matches prod/b, which could not be read: no")
    }

    @Test("a refused call fails with the message naming what a wildcard needs")
    func denied() async throws {
        guard case .failure(let failure) = try await Self.run("/a/*", []) else {
            Issue.record("the listing succeeded")
            return
        }
        #expect(failure.code == .permissionDenied && failure.isClientFault)
        #expect(failure.message == "denied: needs ssm:GetParametersByPath")
    }

    @Test("a listing is cached whole, each match charged its bytes, name, version and overhead")
    func cached() throws {
        let reference = try makePlan("- {objectName: /a/*, objectType: ssmparameter}").plan.objects[0].primary
        let key = ValueKey(identity: ValueCacheTests.identity, region: "us-east-1", reference: reference)
        let listing = FetchedValue(
            bytes: [],
            version: "",
            region: "us-east-1",
            matches: [MatchedValue(name: "/a/x", bytes: Array("secret".utf8), version: "3")]
        )
        let cache = ValueCache(ttl: .seconds(30), maximumBytes: 1 << 20)
        guard case .claimed(let claim) = cache.lookup(key, freshAfter: nil) else {
            Issue.record("not missing")
            return
        }
        cache.complete(key, claim: claim, with: .success(listing))
        guard case .cached(let value) = cache.lookup(key, freshAfter: nil) else {
            Issue.record("not cached")
            return
        }
        #expect(value.matches.map(\.name) == ["/a/x"])
        #expect(value.matches.first?.bytes == Array("secret".utf8) && value.matches.first?.version == "3")
        let charge = key.textBytes + ValueCache.entryOverhead + 6 + 4 + 1 + ValueCache.matchOverhead
        #expect(ListingBudget(bytes: 10).charge(listing), "the budget charges the name and the value: 4 + 6")
        #expect(!ListingBudget(bytes: 9).charge(listing))
        #expect(ValueCache.charge(listing, for: key) == charge)
        #expect(cache.size.bytes == charge)
    }

    @Test(
        "a secret ID names a secret by its name, its ARN or its partial ARN",
        arguments: [
            ("prod/a", "prod/a"),
            ("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/a-AbCdEf", "prod/a"),
            ("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/a", "prod/a"),
        ]
    )
    func secretNames(secretId: String, name: String) {
        #expect(SecretsManagerFetcher.secretName(of: secretId) == name)
    }
}

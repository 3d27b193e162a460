// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

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

    @Test("names the wildcard does not mean are dropped; a name twice counts once; matches come out by name bytes")
    func filtering() throws {
        var listing = WildcardListing(try Self.wildcard("prod/*"), limits: Self.limits, region: "us-east-1")
        for name in ["prod/b", "PROD/a", "team/prod/c", "prod/a", "prod/b", "production"] {
            try listing.add(name, bytes: Array("v".utf8), version: "1")
        }
        let value = listing.value
        #expect(value.matches.map(\.name) == ["prod/a", "prod/b"])
        #expect(value.bytes.isEmpty && value.version.isEmpty && value.region == "us-east-1")
    }

    /// (what is added, the words of the failure).
    static let bounds: [([(String, Int)], String)] = [
        ([("/a/1", 1), ("/a/2", 1), ("/a/3", 1), ("/a/4", 1)], "it matches more than 3 objects; raise --max-wildcard"),
        ([("/a/1", 60), ("/a/2", 60)], "its matches' values are more than 100 bytes; raise --max-mount-bytes"),
        ((0..<13).map { ("/b/\($0)", 1) }, "AWS answered with more than 12 objects for it"),
    ]

    @Test("a listing past a bound fails as a client fault naming the bound and the flag", arguments: Self.bounds)
    func bounded(added: [(String, Int)], message: String) throws {
        var listing = WildcardListing(try Self.wildcard("/a/*"), limits: Self.limits, region: "us-east-1")
        let failure = #expect(throws: FetchFailure.self) {
            for (name, size) in added {
                try listing.add(name, bytes: Array(repeating: 0x41, count: size), version: "1")
            }
        }
        #expect(failure?.isClientFault == true)
        #expect(failure?.code == .invalidRequest)
        #expect(failure?.message.contains("the wildcard /a/* lists too much: \(message)") == true, "\(failure!)")
    }

    @Test("a token AWS sent before ends the listing instead of looping")
    func tokens() throws {
        var listing = WildcardListing(try Self.wildcard("/a/*"), limits: Self.limits, region: "us-east-1")
        #expect(listing.next("t1") == "t1")
        #expect(listing.next("t2") == "t2")
        #expect(listing.next("t1") == nil)
        #expect(listing.next("") == nil)
        #expect(listing.next(nil) == nil)
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

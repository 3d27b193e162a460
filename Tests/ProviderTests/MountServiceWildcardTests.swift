// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import ProviderTestSupport
import Testing

@testable import Provider

/// Wildcards: `GetParametersByPath` and `BatchGetSecretValue` by name filter, every page, each match written as if
/// listed, within the bounds; failover, the cache and reconciliation as for single objects.
@Suite("MountService wildcards")
struct MountServiceWildcardTests {
    let harness = MountHarness()

    var ssm: FakeParameterStore { self.harness.aws.ssm("us-east-1") }
    var sm: FakeSecretsManager { self.harness.aws.sm("us-east-1") }

    func request(_ objects: String, translation: String? = nil, failover: Bool = false) -> MountRequest {
        var builder = MountRequestBuilder(objects: objects)
        if let translation {
            builder.extra["pathTranslation"] = translation
        }
        if failover {
            builder.failoverRegion = "us-west-2"
        }
        return builder.build()
    }

    /// 25 parameters under /app: 18 directly, 7 one level deeper; one outside.
    func seedParameters(_ store: FakeParameterStore? = nil) {
        let store = store ?? self.ssm
        for index in 0..<18 {
            store.put("/app/p\(index)", "value-\(index)")
        }
        for index in 0..<7 {
            store.put("/app/nested/n\(index)", "nested-\(index)")
        }
        store.put("/other/x", "outside")
    }

    @Test("* lists one level, ** every level; every page is read and each match is a file named as if listed")
    func parameterLevels() async throws {
        self.seedParameters()
        let one = try await self.harness.mount(self.request(ssmObject("/app/*")))
        #expect(one.objectVersions.count == 18)
        #expect(self.harness.volume.text("_app_p3") == "value-3")
        #expect(self.harness.volume.text("_app_nested_n0") == nil)
        #expect(self.ssm.pathPages.map(\.path) == ["/app", "/app"], "18 parameters are two pages of 10")
        #expect(self.ssm.pathPages.allSatisfy { !$0.recursive })
        #expect(self.ssm.batches.isEmpty, "no GetParameters")

        let harness = MountHarness(driverWritesSecrets: true)
        self.seedParameters(harness.aws.ssm("us-east-1"))
        let all = try await harness.mount(self.request(ssmObject("/app/**"), translation: "False"))
        #expect(all.objectVersions.count == 25)
        #expect(Set(all.files.map(\.path)).isSuperset(of: ["app/p0", "app/nested/n6"]))
        #expect(all.objectVersions.contains(ObjectVersion(id: "app/nested/n6", version: "1")))
        #expect(harness.aws.ssm("us-east-1").pathPages.count == 3)
        #expect(harness.aws.ssm("us-east-1").pathPages.allSatisfy { $0.recursive })
    }

    @Test("only names that start with the exact prefix match, whatever AWS's broader filter answers")
    func exactSecretPrefix() async throws {
        for index in 0..<45 {
            self.sm.put("prod/app/s\(index)", "secret-\(index)", version: "v\(index)")
        }
        for name in ["PROD/APP/upper", "Prod/App/mixed", "team/prod/app/word", "prod/application", "prod/app"] {
            self.sm.put(name, "not-matched", version: "x")
        }
        let result = try await self.harness.mount(self.request(smObject("prod/app/*")))
        #expect(result.objectVersions.count == 45)
        #expect(self.harness.volume.files().count == 45)
        #expect(self.harness.volume.text("prod_app_s44") == "secret-44")
        let pages = self.sm.calls.filter { $0.operation == .filteredBatch }
        #expect(pages.count == 3, "50 answers are three pages of 20")
        #expect(self.sm.count(.getSecretValue) == 0 && self.sm.count(.batchGetSecretValue) == 0)
    }

    @Test("a wildcard beside listed objects; a second mount within the cache window makes no call")
    func withListedObjectsAndCache() async throws {
        self.seedParameters()
        self.sm.put("db", "db-value", version: "d1")
        let objects = ssmObject("/app/*") + smObject("db") + ssmObject("/other/x", alias: "x")
        let first = try await self.harness.mount(self.request(objects))
        #expect(first.objectVersions.count == 20)
        let calls = self.harness.aws.totalCalls
        _ = try await self.harness.mount(self.request(objects))
        #expect(self.harness.aws.totalCalls == calls, "the listing is cached by identity, region and pattern")
    }

    /// (objects, pathTranslation, what the message says).
    static let failures: [(String, String?, String)] = [
        (ssmObject("/none/*"), nil, "the wildcard /none/* matches nothing; a wildcard must match at least one"),
        (ssmObject("/app/*") + ssmObject("/app/p1"), nil, "the file _app_p1 is also written by the own file"),
        (ssmObject("/app/**") + ssmObject("/app/nested", alias: "_app_nested_n2"), nil, "also written"),
        (ssmObject("/app/**") + ssmObject("/x", alias: "app/nested"), "False", "which is a file of the own file"),
    ]

    @Test("no match, and matches that collide with listed objects, fail the mount naming both", arguments: failures)
    func failing(objects: String, translation: String?, message: String) async throws {
        self.seedParameters()
        self.ssm.put("/app/nested", "plain")
        self.ssm.put("/x", "plain")
        let error = try await self.harness.failure(self.request(objects, translation: translation))
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.message.contains("nothing was written"))
        #expect(self.harness.volume.writes.isEmpty)
    }

    @Test("matches that collide with each other fail naming both")
    func matchesCollide() async throws {
        self.ssm.put("/app/a_b", "one")
        self.ssm.put("/app/a/b", "two")
        let error = try await self.harness.failure(self.request(ssmObject("/app/**")))
        #expect(error.message.contains("ssmparameter /app/a_b (matched by /app/**, objects[0])"), "\(error.message)")
        #expect(error.message.contains("the file _app_a_b is also written by ssmparameter /app/a/b"))
    }

    @Test("more matches than --max-wildcard-matches fail with the count and the flag")
    func tooMany() async throws {
        let harness = MountHarness(maximumWildcardMatches: 10)
        self.seedParameters(harness.aws.ssm("us-east-1"))
        let error = try await harness.failure(self.request(ssmObject("/app/*")))
        #expect(error.code == .invalidRequest)
        #expect(error.message.contains("it matches more than 10 objects; raise --max-wildcard-matches (10)"))
        #expect(harness.aws.ssm("us-east-1").pathPages.count == 2, "listing stops at the page that passes the bound")
    }

    @Test("a refused listing names the permissions a wildcard needs, and nothing falls back")
    func denied() async throws {
        self.seedParameters()
        self.ssm.failListing(with: .fake(.accessDenied))
        let ssmError = try await self.harness.failure(self.request(ssmObject("/app/*")))
        #expect(ssmError.code == .permissionDenied)
        #expect(ssmError.message.contains("a wildcard needs ssm:GetParametersByPath on arn:aws:ssm:us-east-1:"))
        #expect(ssmError.message.contains(":parameter/app (and kms:Decrypt"))

        self.sm.put("prod/a", "v", version: "v1")
        self.sm.fail(.filteredBatch, with: .fake(.accessDenied))
        let smError = try await self.harness.failure(self.request(smObject("prod/*")))
        #expect(smError.message.contains("secretsmanager:ListSecrets and secretsmanager:BatchGetSecretValue on \"*\""))
        #expect(self.sm.count(.getSecretValue) == 0 && self.sm.count(.batchGetSecretValue) == 0)
    }

    @Test("a matching secret that cannot be read fails the listing, naming it")
    func unreadableMatch() async throws {
        self.sm.put("prod/a", "v", version: "v1")
        self.sm.put("prod/b", "v", version: "v1")
        self.sm.fail(.getSecretValue, secretId: "prod/b", with: .fake(.clientFault, "DecryptionFailure"))
        let error = try await self.harness.failure(self.request(smObject("prod/*")))
        #expect(
            error.message.contains("the wildcard prod/* matches prod/b, which could not be read"),
            "\(error.message)"
        )
    }

    @Test("the primary's listing fails with a server error: the failover region's matches are used")
    func failover() async throws {
        let west = self.harness.aws.ssm("us-west-2")
        self.seedParameters()
        west.put("/app/west", "west-value")
        self.ssm.failListing(with: .fake(.serverFault))
        let result = try await self.harness.mount(self.request(ssmObject("/app/*"), failover: true))
        #expect(result.objectVersions == [ObjectVersion(id: "_app_west", version: "1")])
        #expect(self.harness.volume.text("_app_west") == "west-value")

        self.ssm.failListing(with: .fake(.accessDenied))
        let error = try await self.harness.failure(self.request(ssmObject("/app/*"), failover: true))
        #expect(error.code == .permissionDenied, "a client fault fails even when the other region answers")
    }

    @Test("reconciliation lists again: added, changed and deleted matches reach the mount; no change writes nothing")
    func reconcile() async throws {
        self.ssm.put("/app/a", "a1")
        self.ssm.put("/app/b", "b1")
        _ = try await self.harness.mount(self.request(ssmObject("/app/*")))
        self.harness.clock.advance(by: .seconds(1))
        #expect(await self.harness.reconciler.pass() == [MountRequestBuilder.target: .unchanged])
        #expect(self.harness.volume.writes.count == 1)

        self.ssm.put("/app/c", "c1")
        self.harness.clock.advance(by: .seconds(1))
        #expect(await self.harness.reconciler.pass() == [MountRequestBuilder.target: .changed])
        #expect(self.harness.volume.text("_app_c") == "c1")

        self.ssm.delete("/app/b")
        self.harness.clock.advance(by: .seconds(1))
        // The in-memory volume keeps files a write no longer has (the plain layout); the generation layout drops
        // them at the switch. Either way the mount's versions no longer list b.
        _ = await self.harness.reconciler.pass()
        #expect(self.harness.registry.registrations().first?.versions.keys.sorted() == ["_app_a", "_app_c"])

        self.ssm.put("/app/a", "a2")
        self.harness.clock.advance(by: .seconds(1))
        #expect(await self.harness.reconciler.pass() == [MountRequestBuilder.target: .changed])
        #expect(self.harness.volume.writes.last?.map(\.path) == ["_app_a"])
        #expect(self.harness.volume.text("_app_a") == "a2")
        #expect(self.ssm.pathPages.count == 5, "one listing page per mount and pass")

        self.ssm.delete("/app/a")
        self.ssm.delete("/app/c")
        self.harness.clock.advance(by: .seconds(1))
        #expect(await self.harness.reconciler.pass() == [MountRequestBuilder.target: .failed])
        #expect(self.harness.volume.text("_app_c") == "c1", "a wildcard that matches nothing keeps the files")
    }

    @Test("a match that starts colliding during reconciliation fails the check, though every version looks the same")
    func reconcileCollision() async throws {
        self.ssm.put("/app_x", "listed")
        self.ssm.put("/app/y", "matched")
        _ = try await self.harness.mount(self.request(ssmObject("/app_x") + ssmObject("/app/*")))
        self.ssm.delete("/app/y")
        self.ssm.put("/app/x", "now _app_x too")  // version 1, as /app_x and /app/y were
        self.harness.clock.advance(by: .seconds(1))
        #expect(await self.harness.reconciler.pass() == [MountRequestBuilder.target: .failed])
        #expect(self.harness.volume.text("_app_x") == "listed")
    }
}

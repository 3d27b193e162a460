// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import AWSSigV4
import ProviderTestSupport
import Synchronization
import Testing

/// One retry quota per scope, region and service (F6 of the 2026-12 review: one quota for the whole node let one
/// tenant's failing calls switch off every other tenant's retries).
struct RetryQuotasTests {
    static let tenantA = RetryQuotaScope(["irsa", "team-a", "app", "arn:aws:iam::111122223333:role/a"])
    static let tenantB = RetryQuotaScope(["irsa", "team-b", "app", "arn:aws:iam::111122223333:role/b"])

    @Test("two scopes have independent quotas; one scope, region and service shares one")
    func independentScopes() {
        let quotas = RetryQuotas()
        let drained = quotas.bucket(for: Self.tenantA, service: .secretsManager, region: "us-east-1")
        while drained.acquire(afterTimeout: false) != nil {}
        #expect(quotas.bucket(for: Self.tenantA, service: .secretsManager, region: "us-east-1") === drained)
        #expect(quotas.bucket(for: Self.tenantA, service: .secretsManager, region: "us-east-1").available == 0)
        #expect(quotas.bucket(for: Self.tenantB, service: .secretsManager, region: "us-east-1").available == 500)
        #expect(quotas.bucket(for: Self.tenantA, service: .secretsManager, region: "us-west-2").available == 500)
        #expect(quotas.bucket(for: Self.tenantA, service: .ssm, region: "us-east-1").available == 500)
        #expect(quotas.count == 4)
    }

    static let differentScopes: [(RetryQuotaScope, RetryQuotaScope)] = [
        // Canonically equivalent (NFC and NFD), but not the same bytes.
        (RetryQuotaScope(["caf\u{E9}"]), RetryQuotaScope(["cafe\u{301}"])),
        // The same characters, split differently.
        (RetryQuotaScope(["ab", "c"]), RetryQuotaScope(["a", "bc"])),
        (RetryQuotaScope(["a", ""]), RetryQuotaScope(["a"])),
        (RetryQuotaScope([]), RetryQuotaScope([""])),
    ]

    @Test("scopes compare by their parts' exact bytes", arguments: Self.differentScopes)
    func scopesCompareByBytes(first: RetryQuotaScope, second: RetryQuotaScope) {
        #expect(first != second)
        let quotas = RetryQuotas()
        #expect(
            quotas.bucket(for: first, service: .sts, region: "us-east-1")
                !== quotas.bucket(for: second, service: .sts, region: "us-east-1")
        )
    }

    @Test("regions compare by their exact bytes")
    func regionsCompareByBytes() {
        let quotas = RetryQuotas()
        let composed = quotas.bucket(for: .shared, service: .sts, region: "r\u{E9}gion-1")
        #expect(quotas.bucket(for: .shared, service: .sts, region: "re\u{301}gion-1") !== composed)
    }

    @Test("bounded: full quotas are dropped first, then the least recently used")
    func bounded() {
        let quotas = RetryQuotas(capacity: 3)
        let scopes = (0..<6).map { RetryQuotaScope(["tenant-\($0)"]) }
        func bucket(_ index: Int) -> RetryTokenBucket {
            quotas.bucket(for: scopes[index], service: .secretsManager, region: "us-east-1")
        }
        let spent = [bucket(0), bucket(1)]
        for quota in spent {
            _ = quota.acquire(afterTimeout: false)
        }
        _ = bucket(2)  // full
        _ = bucket(3)  // makes room: the full quota 2 goes, the spent 0 and 1 stay
        #expect(quotas.count == 3)
        #expect(bucket(0) === spent[0])
        #expect(bucket(1) === spent[1])
        _ = bucket(3).acquire(afterTimeout: false)
        _ = bucket(0)  // 0 is now more recently used than 1
        _ = bucket(4)  // nothing is full: the least recently used, 1, goes
        #expect(quotas.count == 3)
        #expect(bucket(0) === spent[0])
        #expect(bucket(1).available == 500)
        for index in 0..<6 {
            _ = bucket(index)
            #expect(quotas.count <= 3)
        }
    }

    @Test("one tenant's failing calls leave another tenant's retries (through the runtime and its clients)")
    func tenantsThroughTheRuntime() async throws {
        let bRequests = Counter()
        let transport = FakeTransport { request, _ in
            let authorization = request.headers.first { $0.name == "Authorization" }?.value ?? ""
            if authorization.contains("AKIDTENANTA") {
                return Fixtures.jsonError("InternalServiceError", status: 500)
            }
            // Tenant B: one transient 500, then its value.
            return bRequests.increment() == 1
                ? Fixtures.jsonError("InternalServiceError", status: 500)
                : Fixtures.secretAnswer
        }
        let clock = ManualClock(sleepsAdvance: true)
        let runtime = AWSClientRuntime(
            configuration: AWSClientConfiguration(userAgent: Fixtures.userAgent),
            transport: transport,
            retryStrategy: RetryStrategy(random: { 0.5 }),
            clock: clock.timeSource
        )
        func client(_ accessKey: String, _ scope: RetryQuotaScope) throws -> SecretsManagerClient {
            let credentials = AWSCredentials(accessKeyId: accessKey, secretAccessKey: "secret-key-of-\(accessKey)")
            return try SecretsManagerClient(
                region: "us-east-1",
                credentials: StaticCredentialProvider(credentials: credentials),
                runtime: runtime,
                retryQuota: scope
            )
        }
        // Tenant A: 60 calls that fail, each from a client of its own (the provider makes clients per mount).
        for _ in 0..<60 {
            await #expect(throws: AWSError.self) {
                try await client("AKIDTENANTA", Self.tenantA)
                    .getSecretValue(.init(secretId: "a"), deadline: Fixtures.deadline(clock, .seconds(3600)))
            }
        }
        // 60 first attempts and 100 retries: tenant A's quota (500 tokens, 5 a retry) ran dry.
        #expect(transport.requests.count == 160)
        let value = try await client("AKIDTENANTB", Self.tenantB)
            .getSecretValue(.init(secretId: "b"), deadline: Fixtures.deadline(clock, .seconds(3600)))
        #expect(value.contents == .string("hunter2"))
        #expect(bRequests.count == 2)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSSigV4
import Foundation
import Testing

@Suite("SigningKeyCache")
struct SigningKeyCacheTests {
    private static let request = SigV4Request(
        method: "GET",
        headers: [.init(name: "Host", value: "example.amazonaws.com")]
    )
    private static let day: TimeInterval = 86_400

    private static func sign(
        with cache: SigningKeyCache,
        service: String = "service",
        credentials: AWSCredentials = SigV4TestData.credentials(),
        date: Date = SigV4TestData.date
    ) throws -> String {
        let signer = try SigV4Signer(region: "us-east-1", service: service, keyCache: cache)
        return try signer.sign(Self.request, credentials: credentials, date: date).artifacts.signature
    }

    private static func summary(of cache: SigningKeyCache) -> String {
        let statistics = cache.statistics
        return "hits: \(statistics.hits), misses: \(statistics.misses), count: \(statistics.count)"
    }

    @Test("reuses the key for the same day, region, service and secret")
    func reusesKey() throws {
        let cache = SigningKeyCache()
        let first = try Self.sign(with: cache)
        let second = try Self.sign(with: cache, date: SigV4TestData.date.addingTimeInterval(3600))

        #expect(first == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        #expect(second != first)
        #expect(Self.summary(of: cache) == "hits: 1, misses: 1, count: 1")
    }

    @Test("derives a new key for another day, service or secret")
    func derivesPerScope() throws {
        let cache = SigningKeyCache()
        _ = try Self.sign(with: cache)
        _ = try Self.sign(with: cache, date: SigV4TestData.date.addingTimeInterval(Self.day))
        _ = try Self.sign(with: cache, service: "sts")
        let otherSecret = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "another-secret")
        let signature = try Self.sign(with: cache, credentials: otherSecret)

        #expect(signature != "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        #expect(Self.summary(of: cache) == "hits: 0, misses: 4, count: 4")
    }

    @Test("holds at most its capacity, dropping the least recently used key")
    func boundsSize() throws {
        let cache = SigningKeyCache(capacity: 2)
        for offset in 0..<3 {
            _ = try Self.sign(with: cache, date: SigV4TestData.date.addingTimeInterval(Double(offset) * Self.day))
        }
        #expect(Self.summary(of: cache) == "hits: 0, misses: 3, count: 2")

        // Day 2 is still cached; day 0 was dropped.
        _ = try Self.sign(with: cache, date: SigV4TestData.date.addingTimeInterval(2 * Self.day))
        _ = try Self.sign(with: cache)
        #expect(Self.summary(of: cache) == "hits: 1, misses: 4, count: 2")
    }

    @Test("treats a capacity below 1 as 1")
    func clampsCapacity() {
        #expect(SigningKeyCache(capacity: 0).capacity == 1)
    }

    @Test("gives the same signatures when shared by concurrent tasks")
    func isSafeConcurrently() async throws {
        let cache = SigningKeyCache(capacity: 4)
        let expected = try (0..<4).map { day in
            try Self.sign(with: SigningKeyCache(), date: SigV4TestData.date.addingTimeInterval(Double(day) * Self.day))
        }
        let results = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try (0..<100).map { index in
                        let date = SigV4TestData.date.addingTimeInterval(Double(index % 4) * Self.day)
                        return try Self.sign(with: cache, date: date)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }

        for signatures in results {
            #expect(signatures == (0..<100).map { expected[$0 % 4] })
        }
        let statistics = cache.statistics
        #expect(statistics.hits + statistics.misses == 800)
        #expect(statistics.count == 4)
        // Each key is derived once, or a few times when tasks miss together; never once per signature.
        #expect(statistics.misses < 100)
    }
}

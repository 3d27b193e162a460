// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Crypto
import Synchronization

/// A small, thread-safe cache of derived SigV4 signing keys.
///
/// A signing key depends only on the secret access key, the date, the region and the service, so it stays valid for
/// a whole UTC day. Deriving it costs four HMACs; the cache turns repeated signing on the same day into one lookup.
/// Entries are keyed by a SHA-256 fingerprint of the secret, never by the secret itself, and the least recently used
/// entry is dropped once ``capacity`` is reached.
///
/// Share one cache between the signers of different services to bound the memory of all of them together.
public final class SigningKeyCache: Sendable {
    /// Lookup counters and the current size, for tests and diagnostics.
    package struct Statistics: Sendable {
        /// Lookups answered from the cache.
        package var hits = 0
        /// Lookups that had to derive the key.
        package var misses = 0
        /// Keys held now.
        package var count = 0
    }

    private struct Scope: Hashable, Sendable {
        var secretFingerprint: SHA256.Digest
        var date: String
        var region: String
        var service: String
    }

    private struct State: Sendable {
        /// Least recently used first.
        var entries: [(scope: Scope, key: SymmetricKey)] = []
        var statistics = Statistics()
    }

    /// The most keys held at once.
    public let capacity: Int
    private let state = Mutex(State())

    /// Creates an empty cache.
    ///
    /// - Parameter capacity: The most keys held at once; at least 1. One key is needed per credential, region,
    ///   service and day in use, so the default suits a process that talks to a few services in a few regions.
    public init(capacity: Int = 16) {
        self.capacity = max(1, capacity)
    }

    /// The signing key for the credential scope `date/region/service/aws4_request`, derived on a miss.
    func signingKey(secretAccessKey: String, date: Substring, region: String, service: String) -> SymmetricKey {
        let scope = Scope(
            secretFingerprint: SHA256.hash(data: Array(secretAccessKey.utf8)),
            date: String(date),
            region: region,
            service: service
        )
        let cached = self.state.withLock { state -> SymmetricKey? in
            guard let index = state.entries.firstIndex(where: { $0.scope == scope }) else {
                state.statistics.misses += 1
                return nil
            }
            state.statistics.hits += 1
            let entry = state.entries.remove(at: index)
            state.entries.append(entry)
            return entry.key
        }
        if let cached {
            return cached
        }
        // Derive outside the lock; two threads missing together both derive the same key, which is harmless.
        let key = Self.deriveSigningKey(secretAccessKey: secretAccessKey, date: date, region: region, service: service)
        self.state.withLock { state in
            guard !state.entries.contains(where: { $0.scope == scope }) else { return }
            if state.entries.count >= self.capacity {
                state.entries.removeFirst()
            }
            state.entries.append((scope, key))
            state.statistics.count = state.entries.count
        }
        return key
    }

    /// The current counters.
    package var statistics: Statistics {
        self.state.withLock { $0.statistics }
    }

    /// Derives the signing key (SigV4 task 3): the HMAC-SHA256 chain `AWS4<secret>` → date → region → service →
    /// `aws4_request`.
    static func deriveSigningKey(
        secretAccessKey: String,
        date: some StringProtocol,
        region: String,
        service: String
    ) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(secretAccessKey)".utf8))
        for part in [String(date), region, service, "aws4_request"] {
            key = SymmetricKey(data: Hashing.hmac(part, key: key))
        }
        return key
    }
}

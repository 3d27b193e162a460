// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Coordination
import Synchronization

/// Whose retry quota a client's calls spend: the caller names it when it makes a client (the provider names the
/// mount's identity). Calls of one scope, region and service share one quota; no other calls touch it.
///
/// Scopes compare by the exact bytes of their parts, never by Unicode canonical equivalence: two parts that differ
/// only in normalization (NFC and NFD) are two scopes.
public struct RetryQuotaScope: Sendable, Hashable {
    /// Each part's UTF-8 bytes after its length, so that no two lists of parts give the same bytes.
    private let bytes: [UInt8]

    /// A scope named by `parts`, for example an identity's kind, namespace, service account and role.
    public init(_ parts: [String]) {
        var bytes: [UInt8] = []
        for part in parts {
            let utf8 = Array(part.utf8)
            withUnsafeBytes(of: UInt64(utf8.count).littleEndian) { bytes += $0 }
            bytes += utf8
        }
        self.bytes = bytes
    }

    /// The scope of callers that act for one identity only, such as tests and tools.
    public static let shared = Self([])
}

/// The retry quotas of one ``AWSClientRuntime``: one ``RetryTokenBucket`` per scope, region and service, as each AWS
/// SDK client has its own, made full on first use. One identity's failing calls empty its own quota, never another
/// identity's, and never the same identity's quota in another region or for another service.
///
/// Clients are made per mount, so the quotas are kept apart from them and bounded: at most `capacity`. To make room
/// for a new one, every quota that is full again goes first (a full quota is the same as a new one), then the least
/// recently used one. A quota dropped while a call still holds it only means that call's refund is lost.
public final class RetryQuotas: Sendable {
    private struct Key: Hashable {
        let scope: RetryQuotaScope
        let service: [UInt8]
        let region: [UInt8]
    }

    /// The most quotas kept.
    public let capacity: Int
    private let makeBucket: @Sendable () -> RetryTokenBucket
    private let buckets: Mutex<LeastRecentlyUsed<Key, RetryTokenBucket>>

    /// Creates an empty set of quotas.
    ///
    /// - Parameters:
    ///   - capacity: The most quotas kept, at least 1.
    ///   - makeBucket: Makes a new, full quota; the standard retry mode's by default.
    public init(
        capacity: Int = 1024,
        makeBucket: @escaping @Sendable () -> RetryTokenBucket = { RetryTokenBucket() }
    ) {
        let capacity = max(1, capacity)
        self.capacity = capacity
        self.makeBucket = makeBucket
        self.buckets = Mutex(LeastRecentlyUsed(capacity: capacity))
    }

    /// The quota of calls of `scope` to `service` in `region`, made on first use.
    public func bucket(for scope: RetryQuotaScope, service: AWSService, region: String) -> RetryTokenBucket {
        let key = Key(scope: scope, service: Array(service.signingName.utf8), region: Array(region.utf8))
        return self.buckets.withLock { buckets in
            if let bucket = buckets.value(for: key) {
                return bucket
            }
            let bucket = self.makeBucket()
            // A full quota is the same as a new one: those go before the least recently used.
            buckets.insert(bucket, for: key) { _, other in other.available >= other.capacity }
            return bucket
        }
    }

    /// How many quotas are kept.
    public var count: Int {
        self.buckets.withLock { $0.count }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

package import AWSSigV4
package import Coordination

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Caches temporary credentials until shortly before they expire, with one fetch in flight at a time.
///
/// However many callers ask at once, at most one fetch runs and the others wait for its result (the package's one
/// single flight, ``SingleFlightCache``, with its cancellation rule). A failed fetch is not cached: the next caller
/// starts a new one. Credentials are refreshed ``refreshMargin`` before they expire, or halfway through their
/// lifetime if that is shorter, so that a request never starts with credentials about to lapse. Credentials without
/// an expiry are kept for ever.
package struct ExpiringCredentialCache: Sendable {
    private enum Slot: Hashable {
        case credentials
    }

    /// How long before expiry credentials are refreshed (at most half their lifetime).
    package let refreshMargin: Duration
    private let cache: SingleFlightCache<Slot, AWSCredentials>
    private let fetch: @Sendable () async throws -> AWSCredentials

    /// Creates an empty cache.
    ///
    /// - Parameters:
    ///   - refreshMargin: How long before expiry to refresh.
    ///   - clock: The wall clock that expiry is compared with.
    ///   - fetch: Fetches new credentials; it should give up by itself after a bounded time.
    package init(
        refreshMargin: Duration = .seconds(300),
        clock: TimeSource,
        fetch: @escaping @Sendable () async throws -> AWSCredentials
    ) {
        self.refreshMargin = refreshMargin
        self.fetch = fetch
        let margin =
            Double(refreshMargin.components.seconds) + Double(refreshMargin.components.attoseconds) / 1e18
        self.cache = SingleFlightCache(clock: clock) { credentials in
            guard let expiration = credentials.expiration else { return .never }
            let lifetime = expiration.timeIntervalSince(clock.date())
            return .date(expiration.addingTimeInterval(-min(margin, max(0, lifetime / 2))))
        }
    }

    /// The cached credentials while they are fresh, otherwise those of the fetch in flight or of a new fetch.
    ///
    /// - Throws: The fetch's error, or `CancellationError`.
    package func credentials() async throws -> AWSCredentials {
        try await self.cache.value(for: .credentials, fetch: self.fetch)
    }
}

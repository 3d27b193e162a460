// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import AWSClient
import Crypto
import SecretProviderClass
import Synchronization

/// Keeps one credential source per (identity, region, token), so repeated mounts of a pod reuse its credentials
/// instead of calling STS or the Pod Identity agent each time.
///
/// Each source fetches lazily, caches until shortly before expiry and lets one refresh run at a time; this cache only
/// decides which source a mount uses. Keys hold a SHA-256 digest of the token, never the token. Pod Identity
/// credentials work in every region, so they are keyed without one. The cache holds at most `capacity` sources and
/// forgets the least recently used first, and any unused for `idleLifetime`.
public final class CredentialCache: Sendable {
    private struct Key: Hashable {
        let identity: MountIdentity
        let region: String?
        let tokenDigest: [UInt8]
    }

    private struct Entry {
        let provider: any CredentialProvider
        var lastUsed: ContinuousClock.Instant
    }

    private let factory: any AWSServiceFactory
    private let capacity: Int
    private let idleLifetime: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let entries = Mutex([Key: Entry]())

    /// Creates an empty cache.
    ///
    /// - Parameters:
    ///   - factory: Makes the credential sources.
    ///   - capacity: The most sources kept.
    ///   - idleLifetime: How long an unused source is kept.
    ///   - now: The clock, injectable for tests.
    public init(
        factory: any AWSServiceFactory,
        capacity: Int = 4096,
        idleLifetime: Duration = .seconds(3600),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.factory = factory
        self.capacity = max(1, capacity)
        self.idleLifetime = idleLifetime
        self.now = now
    }

    /// The credential source for `identity` in `region`, made on first use.
    ///
    /// - Parameters:
    ///   - identity: Who the mount acts as.
    ///   - region: The region of the calls (STS is called there for IRSA).
    ///   - token: The service account token for the identity's audience.
    /// - Throws: The factory's error, for example an invalid region.
    public func provider(for identity: MountIdentity, region: String, token: String) throws -> any CredentialProvider {
        let key = Key(
            identity: identity,
            region: Self.isRegional(identity) ? region : nil,
            tokenDigest: Array(SHA256.hash(data: Array(token.utf8)))
        )
        let instant = self.now()
        if let provider = self.entries.withLock({ entries -> (any CredentialProvider)? in
            entries[key]?.lastUsed = instant
            return entries[key]?.provider
        }) {
            return provider
        }
        let made: any CredentialProvider
        switch identity.method {
        case .irsa(let roleArn):
            made = try self.factory.webIdentityCredentials(roleArn: roleArn, region: region, token: token)
        case .podIdentity(let preference):
            made = try self.factory.podIdentityCredentials(addressPreference: Self.preference(preference), token: token)
        }
        return self.entries.withLock { entries in
            // Another mount may have made one meanwhile: keep the first, so both share its fetch.
            if let existing = entries[key] {
                return existing.provider
            }
            self.evict(&entries, at: instant)
            entries[key] = Entry(provider: made, lastUsed: instant)
            return made
        }
    }

    /// How many sources are cached; for tests and metrics.
    public var count: Int {
        self.entries.withLock { $0.count }
    }

    private func evict(_ entries: inout [Key: Entry], at instant: ContinuousClock.Instant) {
        entries = entries.filter { instant - $0.value.lastUsed < self.idleLifetime }
        while entries.count >= self.capacity, let oldest = entries.min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
            entries[oldest.key] = nil
        }
    }

    private static func isRegional(_ identity: MountIdentity) -> Bool {
        if case .irsa = identity.method { true } else { false }
    }

    private static func preference(_ type: PreferredAddressType) -> PodIdentityCredentialProvider.AddressPreference {
        switch type {
        case .ipv4: .ipv4
        case .ipv6: .ipv6
        case .auto: .auto
        }
    }
}

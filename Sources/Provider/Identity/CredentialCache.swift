// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import AWSClient
public import Coordination
import SecretProviderClass
import Synchronization

/// Keeps one credential source per identity (and region for IRSA), so the pods of one service account share their
/// credentials instead of calling STS or the Pod Identity agent once per pod.
///
/// Each source fetches lazily, caches until shortly before expiry and lets one refresh run at a time; this cache only
/// decides which source a mount uses. A source fetches with the freshest service account token its pods presented
/// (the one expiring last), so a stale token from an old mount never replaces a newer one. Sharing across the pods of
/// one service account is what the identity rule allows: kubelet gives that service account's token only to its pods,
/// and values are cached per identity the same way. Pod Identity credentials work in every region, so they are keyed
/// without one. The cache holds at most `capacity` sources and forgets the least recently used first, and any unused
/// for `idleLifetime`.
///
/// A mount that assumes a role (``MountIdentity/assumeRole``) gets a chained source, keyed by the whole identity and
/// the region: it assumes the role (STS in the region, then in the mount's other regions when that fails) with the
/// pod's own source, the one the same identity without the role gets. So the mounts of one class share one
/// `AssumeRole`, and a class assuming another role with the same service account shares only the pod's credentials.
public final class CredentialCache: Sendable {
    private struct Key: Hashable {
        let identity: MountIdentity
        let region: String?
    }

    private struct Entry {
        let provider: any CredentialProvider
        let token: LatestToken
        var lastUsed: ContinuousClock.Instant
    }

    private let factory: any AWSServiceFactory
    private let idleLifetime: Duration
    private let clock: TimeSource
    private let entries: Mutex<LeastRecentlyUsed<Key, Entry>>

    /// Creates an empty cache.
    ///
    /// - Parameters:
    ///   - factory: Makes the credential sources.
    ///   - capacity: The most sources kept.
    ///   - idleLifetime: How long an unused source is kept.
    ///   - clock: The clock idleness is measured on.
    public init(
        factory: any AWSServiceFactory,
        capacity: Int = 4096,
        idleLifetime: Duration = .seconds(3600),
        clock: TimeSource = .system
    ) {
        self.factory = factory
        self.idleLifetime = idleLifetime
        self.clock = clock
        self.entries = Mutex(LeastRecentlyUsed(capacity: max(1, capacity)))
    }

    /// The credential source for `identity` in `region`, made on first use.
    ///
    /// - Parameters:
    ///   - identity: Who the mount acts as.
    ///   - region: The region of the calls (STS is called there for IRSA and for an assumed role).
    ///   - otherRegions: The mount's other regions, whose STS is asked for an assumed role when `region`'s fails.
    ///   - token: The service account token for the identity's audience.
    ///   - expiry: When `token` expires, if known; the source keeps the token that expires last.
    /// - Throws: The factory's error, for example an invalid region.
    public func provider(
        for identity: MountIdentity,
        region: String,
        otherRegions: [String] = [],
        token: String,
        expiry: ContinuousClock.Instant? = nil
    ) throws -> any CredentialProvider {
        guard let assumeRole = identity.assumeRole else {
            return try self.cached(identity, region: region, token: token, expiry: expiry) { latest in
                switch identity.method {
                case .irsa(let roleArn):
                    try self.factory.webIdentityCredentials(
                        roleArn: roleArn,
                        region: region,
                        identity: identity,
                        token: latest.current
                    )
                case .podIdentity(let preference):
                    try self.factory.podIdentityCredentials(
                        addressPreference: Self.preference(preference),
                        identity: identity,
                        token: latest.current
                    )
                }
            }
        }
        // Asked on every mount, not only when the chained source is made: the pod's source takes the newest token
        // and stays in use as long as the chained one.
        let base = try self.provider(for: identity.base, region: region, token: token, expiry: expiry)
        return try self.cached(identity, region: region, token: token, expiry: expiry) { _ in
            try self.factory.assumeRoleCredentials(
                assumeRole,
                regions: [region] + otherRegions.filter { $0 != region },
                base: base,
                identity: identity
            )
        }
    }

    /// The cached source of `identity` in `region`, or the one `make` makes with the token holder it will read.
    private func cached(
        _ identity: MountIdentity,
        region: String,
        token: String,
        expiry: ContinuousClock.Instant?,
        make: (LatestToken) throws -> any CredentialProvider
    ) throws -> any CredentialProvider {
        let key = Key(identity: identity, region: Self.isRegional(identity) ? region : nil)
        let instant = self.clock.now()
        if let provider = self.entries.withLock({ entries in
            entries.update(key) { entry -> any CredentialProvider in
                entry.lastUsed = instant
                entry.token.offer(token, expiry: expiry)
                return entry.provider
            }
        }) {
            return provider
        }
        let latest = LatestToken(token, expiry: expiry)
        let made = try make(latest)
        return self.entries.withLock { entries in
            // Another mount may have made one meanwhile: keep the first, so both share its fetch.
            if let existing = entries.peek(key) {
                existing.token.offer(token, expiry: expiry)
                return existing.provider
            }
            entries.removeAll { _, entry in instant - entry.lastUsed >= self.idleLifetime }
            entries.insert(Entry(provider: made, token: latest, lastUsed: instant), for: key)
            return made
        }
    }

    /// How many sources are cached; for tests and metrics.
    public var count: Int {
        self.entries.withLock { $0.count }
    }

    private static func isRegional(_ identity: MountIdentity) -> Bool {
        if identity.assumeRole != nil { return true }
        if case .irsa = identity.method { return true } else { return false }
    }

    private static func preference(_ type: PreferredAddressType) -> PodIdentityCredentialProvider.AddressPreference {
        switch type {
        case .ipv4: .ipv4
        case .ipv6: .ipv6
        case .auto: .auto
        }
    }
}

/// The service account token a shared credential source fetches with: the one, of those offered, that expires last
/// (the newest offered when expiries are unknown).
final class LatestToken: Sendable {
    private let state: Mutex<(token: String, expiry: ContinuousClock.Instant?)>

    init(_ token: String, expiry: ContinuousClock.Instant?) {
        self.state = Mutex((token, expiry))
    }

    /// Takes `token` unless the one held is known to expire later.
    func offer(_ token: String, expiry: ContinuousClock.Instant?) {
        self.state.withLock { state in
            if let held = state.expiry, let expiry, expiry < held { return }
            state = (token, expiry)
        }
    }

    /// Reads the token at the moment of a fetch.
    var current: @Sendable () -> String {
        { self.state.withLock { $0.token } }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Coordination
import SecretProviderClass

/// The fetchers of one region.
struct RegionFetchers: Sendable {
    let secretsManager: SecretsManagerFetcher
    let parameterStore: ParameterStoreFetcher
    let certificates: CertificateFetcher
}

/// Fetches every object of a mount in every region at once, through the per-node cache, then applies the failover
/// contract to each object. What the caller already knows (the pinned versions the volume holds) is not fetched.
///
/// Values the cache holds cost no call; values another mount is fetching are waited for; the rest are fetched in
/// as few calls as the services allow (current Secrets Manager versions by `BatchGetSecretValue` of up to 20, SSM
/// parameters by `GetParameters` of up to 10, the rest one call each), at most `maximumConcurrency` calls at once.
/// A wildcard is one value too: its listing (every page), cached by identity, region and pattern. A certificate's
/// value is its export, found by its serial (``certificate(_:_:freshAfter:)``).
struct ObjectFetcher: Sendable {
    let maximumConcurrency: Int
    let listingLimits: ListingLimits
    let cache: ValueCache
    let identity: MountIdentity

    private enum Work: Sendable {
        case secret(ValueKey)
        case currentSecrets(region: String, [ValueKey])
        case parameters(region: String, [ParameterSelector], [ValueKey])
        case listing(ValueKey, ObjectWildcard)
    }

    /// The value, or the failures that decided against it, of each object by index.
    ///
    /// - Parameters:
    ///   - plan: The mount plan with its regions.
    ///   - fetchers: The fetchers of each region of the plan.
    ///   - known: Results the caller already has (the pinned versions the volume holds), by key: not fetched.
    ///   - freshAfter: If set, values by stage or label must have been fetched at or after this instant.
    ///   - deadline: When the RPC's deadline passes.
    func fetchAll(
        _ plan: ResolvedMountPlan,
        fetchers: [String: RegionFetchers],
        known: [ValueKey: RegionResult],
        freshAfter: ContinuousClock.Instant?,
        deadline: ContinuousClock.Instant
    ) async -> [Int: ObjectOutcome] {
        var keys: [ValueKey] = []
        var seen: Set<ValueKey> = []
        for object in plan.plan.objects {
            for source in plan.sources(of: object) {
                let key = ValueKey(identity: self.identity, region: source.region, reference: source.reference)
                if known[key] == nil, seen.insert(key).inserted {
                    keys.append(key)
                }
            }
        }
        let context = Context(
            fetchers: fetchers,
            cache: self.cache,
            listingLimits: self.listingLimits,
            budget: ListingBudget(bytes: self.listingLimits.maximumBytes),
            deadline: deadline
        )
        // Certificates go through their own two steps (``certificate(_:_:freshAfter:)``); the rest are batched.
        let certificates = keys.filter { $0.reference.type == .acmCertificate }
        let batched = keys.filter { $0.reference.type != .acmCertificate }
        var (results, shared) = await self.resolve(batched, context, freshAfter: freshAfter)
        // A shared fetch cut short by the other mount's deadline or listing budget, or abandoned on its cancellation:
        // fetch again while time is left.
        let cutShort = batched.filter { key in
            guard shared.contains(key), case .failure(let failure)? = results[key] else { return false }
            return failure.code == .deadlineExceeded || failure.isOwnLimit
        }
        if !cutShort.isEmpty, !Task.isCancelled, ContinuousClock.now < deadline {
            let retried = await self.resolve(cutShort, context, freshAfter: freshAfter).results
            results.merge(retried) { _, again in again }
        }
        let exports = await concurrentMap(certificates, limit: self.maximumConcurrency) { key in
            (key, await Self.certificate(key, context, freshAfter: freshAfter))
        }
        results.merge(exports) { _, export in export }

        var merged: [Int: ObjectOutcome] = [:]
        for object in plan.plan.objects {
            let perRegion = plan.sources(of: object).map { source in
                let key = ValueKey(identity: self.identity, region: source.region, reference: source.reference)
                return known[key] ?? results[key] ?? .failure(Self.noAnswer(source.region))
            }
            merged[object.index] = FailoverPolicy.merge(primary: perRegion[0], failover: perRegion.dropFirst().first)
        }
        return merged
    }

    struct Context: Sendable {
        let fetchers: [String: RegionFetchers]
        /// The per-node cache, for the two steps of certificates.
        let cache: ValueCache
        let listingLimits: ListingLimits
        /// What the mount's listings may hold in all.
        let budget: ListingBudget
        let deadline: ContinuousClock.Instant

        /// An empty listing of `wildcard` in `region`, within the mount's bounds.
        func listing(_ wildcard: ObjectWildcard, region: String, pageSize: Int) -> WildcardListing {
            WildcardListing(
                wildcard,
                limits: self.listingLimits,
                pageSize: pageSize,
                region: region,
                budget: self.budget
            )
        }
    }

    /// The result of each key, and which keys were answered by another mount's fetch.
    private func resolve(
        _ keys: [ValueKey],
        _ context: Context,
        freshAfter: ContinuousClock.Instant?
    ) async -> (results: [ValueKey: RegionResult], shared: Set<ValueKey>) {
        var results: [ValueKey: RegionResult] = [:]
        var claims: [(ValueKey, Flight<RegionResult>)] = []
        var waits: [(ValueKey, Flight<RegionResult>)] = []
        for (key, lookup) in zip(keys, self.cache.lookup(keys, freshAfter: freshAfter)) {
            switch lookup {
            case .cached(let value): results[key] = Self.charged(.success(value), to: context)
            case .shared(let fetch): waits.append((key, fetch))
            case .claimed(let fetch): claims.append((key, fetch))
            }
        }
        let work = self.work(for: claims.map(\.0), context)
        let outcomes = await concurrentMap(work, limit: self.maximumConcurrency) { item in
            await Self.run(item, context)
        }
        for outcome in outcomes {
            results.merge(outcome) { first, _ in first }
        }
        // Every claim is completed before waiting on others' fetches, so two mounts never wait on each other.
        for (key, claim) in claims {
            let result = results[key] ?? .failure(Self.noAnswer(key.region))
            results[key] = result
            self.cache.complete(key, claim: claim, with: result)
        }
        for (key, flight) in waits {
            switch try? await flight.wait() {
            case .finished(let result)?:
                results[key] = Self.charged(result, to: context)
            case .abandoned?, nil:
                // This mount was cancelled, or the other one was (then this one fetches again while time is left).
                results[key] = .failure(FetchFailure(CancellationError(), region: key.region))
            }
        }
        return (results, Set(waits.map(\.0)))
    }

    /// `result`, once a listing the cache or another mount's fetch answered is charged to this mount's listing
    /// budget (a listing this mount fetches is charged page by page); the budget's failure when it is spent.
    private static func charged(_ result: RegionResult, to context: Context) -> RegionResult {
        guard case .success(let value) = result, !value.matches.isEmpty, !context.budget.charge(value) else {
            return result
        }
        var failure = WildcardListing.overBudget(context.listingLimits, region: value.region)
        failure.isOwnLimit = false  // This mount's own answer, not one to fetch again.
        return .failure(failure)
    }

    /// The calls that fetch `claimed`.
    private func work(for claimed: [ValueKey], _ context: Context) -> [Work] {
        var work: [Work] = []
        var current: [String: [ValueKey]] = [:]
        var parameters: [String: [ValueKey]] = [:]
        for key in claimed {
            if let wildcard = key.reference.wildcard {
                work.append(.listing(key, wildcard))
                continue
            }
            switch key.reference.type {
            case .secretsManager:
                if SecretsManagerFetcher.readsCurrent(key.reference) {
                    current[key.region, default: []].append(key)
                } else {
                    work.append(.secret(key))
                }
            case .ssmParameter:
                parameters[key.region, default: []].append(key)
            case .acmCertificate:
                break  // Never claimed here: fetched by certificate(_:_:freshAfter:).
            }
        }
        let batchLimit = SecretsManagerClient.batchLimit
        for (region, keys) in current.sorted(by: { $0.key < $1.key }) {
            for start in stride(from: 0, to: keys.count, by: batchLimit) {
                work.append(.currentSecrets(region: region, Array(keys[start..<min(start + batchLimit, keys.count)])))
            }
        }
        for (region, keys) in parameters.sorted(by: { $0.key < $1.key }) {
            guard let fetcher = context.fetchers[region]?.parameterStore else { continue }
            for batch in fetcher.batches(of: keys.map(\.reference)) {
                let answered = keys.filter { batch.contains(ParameterStoreFetcher.selector(for: $0.reference)) }
                work.append(.parameters(region: region, batch, answered))
            }
        }
        return work
    }

    private static func run(_ item: Work, _ context: Context) async -> [ValueKey: RegionResult] {
        switch item {
        case .listing(let key, let wildcard):
            guard let fetchers = context.fetchers[key.region] else { return [:] }
            guard !context.budget.isSpent else {
                return [key: .failure(WildcardListing.overBudget(context.listingLimits, region: key.region))]
            }
            let deadline = context.deadline
            switch key.reference.type {
            case .ssmParameter:
                let listing = context.listing(wildcard, region: key.region, pageSize: ParameterStoreClient.pageLimit)
                return [key: await fetchers.parameterStore.list(listing, deadline: deadline)]
            case .secretsManager:
                let listing = context.listing(
                    wildcard,
                    region: key.region,
                    pageSize: SecretsManagerClient.filterPageLimit
                )
                return [key: await fetchers.secretsManager.list(listing, deadline: deadline)]
            case .acmCertificate:
                return [:]  // Certificates have no wildcards (the class's rules refuse them).
            }

        case .secret(let key):
            guard let fetcher = context.fetchers[key.region]?.secretsManager else { return [:] }
            return [key: await fetcher.fetch(key.reference, deadline: context.deadline)]
        case .currentSecrets(let region, let keys):
            guard let fetcher = context.fetchers[region]?.secretsManager else { return [:] }
            let answers = await fetcher.fetchCurrent(keys.map(\.reference), deadline: context.deadline)
            return Dictionary(keys.compactMap { key in answers[key.reference.name].map { (key, $0) } }) { a, _ in a }
        case .parameters(let region, let batch, let keys):
            guard let fetcher = context.fetchers[region]?.parameterStore else { return [:] }
            let answers = await fetcher.fetch(batch, deadline: context.deadline)
            return Dictionary(
                keys.compactMap { key in answers[ParameterStoreFetcher.selector(for: key.reference)].map { (key, $0) } }
            ) { first, _ in first }
        }
    }

    static func noAnswer(_ region: String) -> FetchFailure {
        FetchFailure(region: region, code: .fetchFailed, isClientFault: false, message: "no answer was received")
    }
}

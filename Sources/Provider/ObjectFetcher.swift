// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Logging
import SecretProviderClass

/// The fetchers of one region.
struct RegionFetchers: Sendable {
    let secretsManager: SecretsManagerFetcher
    let parameterStore: ParameterStoreFetcher
}

/// Fetches every object of a mount in every region at once, at most `maximumConcurrency` calls at a time, then
/// applies the failover contract to each object.
struct ObjectFetcher: Sendable {
    let maximumConcurrency: Int

    private enum Work: Sendable {
        case secret(index: Int, region: String, reference: ObjectReference, path: String)
        case parameters(region: String, batch: [ParameterSelector])
    }

    private enum Outcome: Sendable {
        case secret(index: Int, region: String, RegionResult)
        case parameters(region: String, [ParameterSelector: RegionResult])
    }

    /// The value, or the failures that decided against it, of each object by index.
    ///
    /// - Parameters:
    ///   - plan: The mount plan with its regions.
    ///   - fetchers: The fetchers of each region of the plan.
    ///   - mountedVersions: The driver's `current_object_version`, by file name.
    ///   - deadline: When the RPC's deadline passes.
    func fetchAll(
        _ plan: ResolvedMountPlan,
        fetchers: [String: RegionFetchers],
        mountedVersions: [String: String],
        deadline: ContinuousClock.Instant
    ) async -> [Int: ObjectOutcome] {
        var work: [Work] = []
        var parameterReferences: [String: [Int: ObjectReference]] = [:]
        for object in plan.plan.objects {
            for (region, reference) in plan.sources(of: object) {
                switch reference.type {
                case .secretsManager:
                    let path = object.file.path
                    work.append(.secret(index: object.index, region: region, reference: reference, path: path))
                case .ssmParameter:
                    parameterReferences[region, default: [:]][object.index] = reference
                }
            }
        }
        var results: [RegionKey: RegionResult] = [:]
        for (region, references) in parameterReferences.sorted(by: { $0.key < $1.key }) {
            guard let fetcher = fetchers[region]?.parameterStore else { continue }
            work += fetcher.plan(references).map { .parameters(region: region, batch: $0) }
        }

        let outcomes = await self.run(work, fetchers: fetchers, mountedVersions: mountedVersions, deadline: deadline)
        for outcome in outcomes {
            switch outcome {
            case .secret(let index, let region, let result):
                results[RegionKey(index: index, region: region)] = result
            case .parameters(let region, let answers):
                for (index, reference) in parameterReferences[region] ?? [:] {
                    if let selector = ParameterStoreFetcher.selector(for: reference), let answer = answers[selector] {
                        results[RegionKey(index: index, region: region)] = answer
                    }
                }
            }
        }

        var merged: [Int: ObjectOutcome] = [:]
        for object in plan.plan.objects {
            let perRegion = plan.sources(of: object).map { source in
                results[RegionKey(index: object.index, region: source.region)]
                    ?? .failure(
                        FetchFailure(
                            region: source.region,
                            code: .fetchFailed,
                            isClientFault: false,
                            message: "no answer was received"
                        )
                    )
            }
            merged[object.index] = FailoverPolicy.merge(primary: perRegion[0], failover: perRegion.dropFirst().first)
        }
        return merged
    }

    private func run(
        _ work: [Work],
        fetchers: [String: RegionFetchers],
        mountedVersions: [String: String],
        deadline: ContinuousClock.Instant
    ) async -> [Outcome] {
        await withTaskGroup(of: Outcome?.self) { group in
            var outcomes: [Outcome] = []
            var pending = work.makeIterator()
            func startNext() -> Bool {
                guard let item = pending.next() else { return false }
                group.addTask {
                    switch item {
                    case .secret(let index, let region, let reference, let path):
                        guard let fetcher = fetchers[region]?.secretsManager else { return nil }
                        let result = await fetcher.fetch(
                            reference,
                            path: path,
                            mountedVersion: mountedVersions[path],
                            deadline: deadline
                        )
                        return .secret(index: index, region: region, result)
                    case .parameters(let region, let batch):
                        guard let fetcher = fetchers[region]?.parameterStore else { return nil }
                        return .parameters(region: region, await fetcher.fetch(batch, deadline: deadline))
                    }
                }
                return true
            }
            for _ in 0..<max(1, self.maximumConcurrency) {
                guard startNext() else { break }
            }
            while let outcome = await group.next() {
                if let outcome {
                    outcomes.append(outcome)
                }
                _ = startNext()
            }
            return outcomes
        }
    }
}

/// One object in one region.
private struct RegionKey: Hashable {
    let index: Int
    let region: String
}

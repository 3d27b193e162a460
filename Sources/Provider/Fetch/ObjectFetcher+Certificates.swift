// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Coordination
import SecretProviderClass

extension ObjectFetcher {
    /// An ACM certificate's export, in two steps through the cache:
    ///
    /// 1. Its serial, from `DescribeCertificate`, kept under `key` (the ARN without a version) for the freshness
    ///    window like a label's version: a rotation check asks again.
    /// 2. The export of that serial, which never changes, kept like a pinned version under the ARN at the serial
    ///    (also with `--cache-ttl` 0): a check that finds the same serial costs one `DescribeCertificate` and no
    ///    export. An export found to hold another serial (the two calls crossed a renewal) answers this mount but is
    ///    not kept under the wrong serial.
    ///
    /// A new serial's export drops the exports of the certificate's other serials from the cache, and a certificate
    /// that can no longer be mounted (revoked, expired, not exportable) drops them all: no superseded key stays in
    /// memory.
    static func certificate(
        _ key: ValueKey,
        _ context: Context,
        freshAfter: ContinuousClock.Instant?
    ) async -> RegionResult {
        guard let fetcher = context.fetchers[key.region]?.certificates else {
            return .failure(Self.noAnswer(key.region))
        }
        let described = await Self.cached(key, context, freshAfter: freshAfter) {
            (await fetcher.serial(of: key.reference, deadline: context.deadline), true)
        }
        let serial: String
        switch described {
        case .success(let value):
            serial = value.version
        case .failure(let failure):
            if failure.isClientFault {
                context.cache.removeAll { Self.isExport($0, of: key, otherThan: nil) }
            }
            return .failure(failure)
        }
        let exportKey = ValueKey(
            identity: key.identity,
            region: key.region,
            reference: key.reference.pinned(to: serial)
        )
        let exported = await Self.cached(exportKey, context, freshAfter: nil) {
            let result = await fetcher.export(key.reference, deadline: context.deadline)
            guard case .success(let value) = result else { return (result, true) }
            return (result, value.version == serial)
        }
        if case .success(let value) = exported, value.version == serial {
            context.cache.removeAll { Self.isExport($0, of: key, otherThan: serial) }
        }
        return exported
    }

    /// Whether `other` is an export of `key`'s certificate, for the same identity in the same region, at a serial
    /// other than `serial` (any serial when nil).
    private static func isExport(_ other: ValueKey, of key: ValueKey, otherThan serial: String?) -> Bool {
        guard let version = other.reference.version, version != serial else { return false }
        return other.identity == key.identity && other.region == key.region
            && other.reference.type == .acmCertificate
            && ExactText(other.reference.name) == ExactText(key.reference.name)
    }

    /// `key`'s value from the cache, from another mount's fetch of it, or from `fetch` (which says whether its
    /// result may be kept). A shared fetch that the other mount abandoned, or cut short by its deadline, is made
    /// again once while this mount's time is left.
    private static func cached(
        _ key: ValueKey,
        _ context: Context,
        freshAfter: ContinuousClock.Instant?,
        fetch: () async -> (RegionResult, keeps: Bool)
    ) async -> RegionResult {
        var attempts = 0
        while true {
            attempts += 1
            switch context.cache.lookup(key, freshAfter: freshAfter) {
            case .cached(let value):
                return .success(value)
            case .claimed(let flight):
                let (result, keeps) = await fetch()
                context.cache.complete(key, claim: flight, with: result, keeps: keeps)
                return result
            case .shared(let flight):
                let result: RegionResult
                switch try? await flight.wait() {
                case .finished(let answer)?: result = answer
                case .abandoned?, nil: result = .failure(FetchFailure(CancellationError(), region: key.region))
                }
                guard case .failure(let failure) = result, failure.code == .deadlineExceeded, attempts < 2,
                    !Task.isCancelled, ContinuousClock.now < context.deadline
                else {
                    return result
                }
            }
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Coordination
import SecretProviderClass

extension ObjectFetcher {
    /// An ACM certificate's export (the value kept for the freshness window under `key`, like a label's): its serial
    /// from `DescribeCertificate`, then the export of that serial, which never changes, so it is kept in the cache
    /// like a pinned version and exported again only when the serial changes. A check of a certificate that was not
    /// renewed costs one `DescribeCertificate`.
    static func certificate(_ key: ValueKey, _ context: Context) async -> RegionResult {
        guard let fetcher = context.fetchers[key.region]?.certificates else {
            return .failure(Self.noAnswer(key.region))
        }
        let serial: String
        switch await fetcher.serial(of: key.reference, deadline: context.deadline) {
        case .success(let value): serial = value.version
        case .failure(let failure): return .failure(failure)
        }
        let exportKey = ValueKey(
            identity: key.identity,
            region: key.region,
            reference: key.reference.pinned(to: serial)
        )
        switch context.cache.lookup(exportKey, freshAfter: nil) {
        case .cached(let value):
            return .success(value)
        case .shared(let flight):
            switch try? await flight.wait() {
            case .finished(let result)?:
                return result
            case .abandoned?, nil:
                return .failure(FetchFailure(CancellationError(), region: key.region))
            }
        case .claimed(let flight):
            let result = await fetcher.export(key.reference, deadline: context.deadline)
            context.cache.complete(exportKey, claim: flight, with: result)
            return result
        }
    }
}

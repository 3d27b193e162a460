// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass

/// One object of a mount with what fetching it gave.
struct ResolvedObject: Sendable {
    /// The object: one the class lists, or one a wildcard matched.
    let object: PlannedObject
    /// Its value, or why there is none.
    let outcome: ObjectOutcome
}

/// Turns each wildcard's listing into the objects it matched, so that everything after fetching (the rotation
/// check, rendering, the object versions) treats a match exactly as an object the class lists by that name.
enum WildcardExpansion {
    /// Every object of `objects` with its outcome, in order; a listed wildcard is replaced by one object per match
    /// (``PlannedObject/match(_:)``), in name order, each fetched at its match's value.
    ///
    /// A wildcard that matched nothing fails (a mistyped pattern must not mount an empty volume), and so does a
    /// match whose name cannot name a file; a wildcard whose listing failed keeps its failures.
    static func expand(_ objects: [PlannedObject], results: [Int: ObjectOutcome]) -> [ResolvedObject] {
        var resolved: [ResolvedObject] = []
        resolved.reserveCapacity(objects.count)
        for object in objects {
            let outcome = results[object.index] ?? .failed([])
            guard let wildcard = object.wildcard, case .fetched(let listing) = outcome else {
                resolved.append(ResolvedObject(object: object, outcome: outcome))
                continue
            }
            let region = listing.region
            guard !listing.matches.isEmpty else {
                let failure = FetchFailure(
                    region: region,
                    code: .notFound,
                    isClientFault: true,
                    message: "the wildcard \(UserText.shown(wildcard.pattern)) matches nothing; a wildcard must match "
                        + "at least one object, so that a mistyped pattern never mounts an empty volume"
                )
                resolved.append(ResolvedObject(object: object, outcome: .failed([failure])))
                continue
            }
            for match in listing.matches {
                switch object.match(match.name) {
                case .success(let matched):
                    let value = FetchedValue(bytes: match.bytes, version: match.version, region: region)
                    resolved.append(ResolvedObject(object: matched, outcome: .fetched(value)))
                case .failure(let problem):
                    let failure = FetchFailure(
                        region: region,
                        code: .invalidRequest,
                        isClientFault: true,
                        message: "the wildcard matches \(UserText.shown(match.name)), which cannot name a file: "
                            + problem.message
                    )
                    resolved.append(ResolvedObject(object: object, outcome: .failed([failure])))
                }
            }
        }
        return resolved
    }
}

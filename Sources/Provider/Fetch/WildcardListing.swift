// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass

/// The bounds of one wildcard's listing.
struct ListingLimits: Sendable {
    /// The most objects one wildcard may match (`--max-wildcard-matches`).
    let maximumMatches: Int
    /// The most bytes of values one listing may hold (the mount's `--max-mount-bytes`).
    let maximumBytes: Int

    /// The most objects AWS may answer one listing with, matching or not: four times ``maximumMatches``, since
    /// Secrets Manager's `name` filter also finds names that only share the prefix as a word or in another case.
    var maximumCandidates: Int {
        self.maximumMatches.multipliedReportingOverflow(by: 4).overflow ? .max : self.maximumMatches * 4
    }
}

/// One wildcard's matches, collected over AWS's pages: only the names the wildcard means (AWS's answer may be
/// broader), each once, within the listing's bounds.
struct WildcardListing {
    private let wildcard: ObjectWildcard
    private let limits: ListingLimits
    private let region: String
    private var matches: [ExactText: MatchedValue] = [:]
    private var bytes = 0
    private var candidates = 0
    private var tokens: Set<String> = []

    /// An empty listing of `wildcard` in `region`.
    init(_ wildcard: ObjectWildcard, limits: ListingLimits, region: String) {
        self.wildcard = wildcard
        self.limits = limits
        self.region = region
    }

    /// Adds one object AWS answered with, when the wildcard matches its name.
    /// - Throws: A client fault when the listing passes a bound: the matches, their bytes, or AWS's answers.
    mutating func add(_ name: String, bytes: [UInt8], version: String) throws(FetchFailure) {
        self.candidates += 1
        if self.candidates > self.limits.maximumCandidates {
            throw self.tooMany(
                "AWS answered with more than \(self.limits.maximumCandidates) objects for it (four times the most "
                    + "matches)",
                remedy: self.raiseMatches
            )
        }
        guard self.wildcard.matches(name), self.matches[ExactText(name)] == nil else {
            return
        }
        if self.matches.count == self.limits.maximumMatches {
            throw self.tooMany(
                "it matches more than \(self.limits.maximumMatches) objects",
                remedy: self.raiseMatches
            )
        }
        self.bytes += bytes.count
        if self.bytes > self.limits.maximumBytes {
            throw self.tooMany(
                "its matches' values are more than \(self.limits.maximumBytes) bytes",
                remedy: "raise --max-mount-bytes or narrow the pattern"
            )
        }
        self.matches[ExactText(name)] = MatchedValue(name: name, bytes: bytes, version: version)
    }

    /// The token of the next page to ask for: nil when AWS sent none, or one it sent before (which would loop).
    mutating func next(_ token: String?) -> String? {
        guard let token, !token.isEmpty, self.tokens.insert(token).inserted else {
            return nil
        }
        return token
    }

    /// The listing as a value: the matches in name order, by bytes.
    var value: FetchedValue {
        let sorted = self.matches.values.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return FetchedValue(bytes: [], version: "", region: self.region, matches: sorted)
    }

    private var raiseMatches: String {
        "raise --max-wildcard-matches (\(self.limits.maximumMatches)) or narrow the pattern"
    }

    private func tooMany(_ reason: String, remedy: String) -> FetchFailure {
        FetchFailure(
            region: self.region,
            code: .invalidRequest,
            isClientFault: true,
            message: "the wildcard \(UserText.shown(self.wildcard.pattern)) lists too much: \(reason); \(remedy)"
        )
    }
}

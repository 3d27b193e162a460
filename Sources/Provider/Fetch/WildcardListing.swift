// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import SecretProviderClass
import Synchronization

/// The bounds of one wildcard's listing.
struct ListingLimits: Sendable {
    /// The most objects one wildcard may match (`--max-wildcard-matches`).
    let maximumMatches: Int
    /// The most bytes of names and values all listings of one mount may hold (the mount's `--max-mount-bytes`).
    let maximumBytes: Int

    /// The most objects AWS may answer one listing with, matching or not, readable or not: four times
    /// ``maximumMatches``, since Secrets Manager's `name` filter also finds names that only share the prefix as a word
    /// or in another case.
    var maximumCandidates: Int {
        self.maximumMatches.multipliedReportingOverflow(by: 4).overflow ? .max : self.maximumMatches * 4
    }

    /// The most pages one listing may take at `pageSize` objects a page: what ``maximumCandidates`` fill, and ten
    /// more for the short or empty pages AWS may send.
    func maximumPages(pageSize: Int) -> Int {
        self.maximumCandidates / pageSize + 10
    }
}

/// The bytes of names and values all wildcard listings of one mount may hold, charged as pages arrive (and for
/// listings the cache or another mount's fetch answered), so that many patterns cannot together hold more than one
/// mount may write.
final class ListingBudget: Sendable {
    private let remaining: Mutex<Int>

    /// A budget of `bytes`.
    init(bytes: Int) {
        self.remaining = Mutex(bytes)
    }

    /// Charges `bytes`; false once the budget is spent (then it stays spent).
    func charge(_ bytes: Int) -> Bool {
        self.remaining.withLock { remaining in
            remaining -= bytes
            return remaining >= 0
        }
    }

    /// Charges every match of a listing; false once the budget is spent.
    func charge(_ listing: FetchedValue) -> Bool {
        self.charge(listing.matches.reduce(0) { $0 + Self.charge(of: $1.name, $1.bytes) })
    }

    /// Whether the budget is spent.
    var isSpent: Bool {
        self.remaining.withLock { $0 < 0 }
    }

    /// What one match costs: its name and its value.
    static func charge(of name: String, _ bytes: [UInt8]) -> Int {
        name.utf8.count + bytes.count
    }
}

/// One page of a listing, as a fetcher reads AWS's answer.
struct ListingPage {
    /// The objects the page holds, with their current values.
    var values: [MatchedValue]
    /// The objects AWS found but could not read (such as a secret whose key the role may not use), with why.
    var unreadable: [(name: String, failure: FetchFailure)] = []
    /// The next page's token; nil on the last page.
    var nextToken: String?
}

/// One wildcard's matches, collected over AWS's pages: only the names the wildcard means (AWS's answer may be
/// broader), each once, within the listing's bounds and the mount's budget.
struct WildcardListing {
    /// The wildcard listed.
    let wildcard: ObjectWildcard
    /// Its bounds.
    let limits: ListingLimits
    /// The objects of a full page.
    let pageSize: Int
    /// The region asked.
    let region: String
    /// The mount's budget, shared by its listings.
    let budget: ListingBudget
    private var matches: [ExactText: MatchedValue] = [:]
    private var candidates = 0
    private var pages = 0
    private var tokens: Set<String> = []

    /// An empty listing.
    init(_ wildcard: ObjectWildcard, limits: ListingLimits, pageSize: Int, region: String, budget: ListingBudget) {
        self.wildcard = wildcard
        self.limits = limits
        self.pageSize = pageSize
        self.region = region
        self.budget = budget
    }

    /// Reads every page (`page(token)`) into the listing.
    ///
    /// - Parameters:
    ///   - denied: The message of a refused call: the permissions a wildcard needs. Nothing falls back to other calls.
    ///   - page: One call: the page after the given token (nil for the first).
    /// - Returns: The matches in name order, or the failure: AWS's, a bound, a matching object that could not be read,
    ///   or a page token sent twice.
    mutating func run(denied: String, page: (String?) async throws -> ListingPage) async -> RegionResult {
        var token: String?
        do {
            repeat {
                self.pages += 1
                if self.pages > self.limits.maximumPages(pageSize: self.pageSize) {
                    throw self.tooMuch(
                        "AWS answered with more than \(self.limits.maximumPages(pageSize: self.pageSize)) pages",
                        remedy: self.raiseMatches
                    )
                }
                let answer = try await page(token)
                try self.add(answer)
                token = try self.next(answer.nextToken)
            } while token != nil
        } catch let error as AWSError where error.code == .accessDenied {
            return .failure(
                FetchFailure(region: self.region, code: .permissionDenied, isClientFault: true, message: denied)
            )
        } catch {
            return .failure(FetchFailure(error, region: self.region))
        }
        let sorted = self.matches.values.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return .success(FetchedValue(bytes: [], version: "", region: self.region, matches: sorted))
    }

    /// Adds one page: its matching values, and the failure of a matching object that could not be read.
    private mutating func add(_ page: ListingPage) throws(FetchFailure) {
        self.candidates += page.values.count + page.unreadable.count
        if self.candidates > self.limits.maximumCandidates {
            throw self.tooMuch(
                "AWS answered with more than \(self.limits.maximumCandidates) objects for it (four times the most "
                    + "matches)",
                remedy: self.raiseMatches
            )
        }
        if let unread = page.unreadable.first(where: { self.wildcard.matches($0.name) }) {
            throw FetchFailure(
                region: self.region,
                code: unread.failure.code,
                isClientFault: unread.failure.isClientFault,
                message:
                    "the wildcard \(UserText.shown(self.wildcard.pattern)) matches \(UserText.shown(unread.name)), "
                    + "which could not be read: \(unread.failure.message)"
            )
        }
        for value in page.values where self.wildcard.matches(value.name) && self.matches[ExactText(value.name)] == nil {
            if self.matches.count == self.limits.maximumMatches {
                throw self.tooMuch(
                    "it matches more than \(self.limits.maximumMatches) objects",
                    remedy: self.raiseMatches
                )
            }
            guard self.budget.charge(ListingBudget.charge(of: value.name, value.bytes)) else {
                throw Self.overBudget(self.limits, region: self.region)
            }
            self.matches[ExactText(value.name)] = value
        }
    }

    /// The token of the next page to ask for; nil after the last page.
    /// - Throws: A failure (not a client fault) when AWS sends a token it sent before: the listing would loop, and
    ///   stopping there would pass a partial set for the whole one.
    private mutating func next(_ token: String?) throws(FetchFailure) -> String? {
        guard let token, !token.isEmpty else {
            return nil
        }
        guard self.tokens.insert(token).inserted else {
            throw FetchFailure(
                region: self.region,
                code: .fetchFailed,
                isClientFault: false,
                message: "listing the wildcard \(UserText.shown(self.wildcard.pattern)) failed: AWS sent a page token "
                    + "it had sent before, so the listing would never end"
            )
        }
        return token
    }

    /// The failure of a mount whose listings hold more than its budget.
    static func overBudget(_ limits: ListingLimits, region: String) -> FetchFailure {
        var failure = FetchFailure(
            region: region,
            code: .invalidRequest,
            isClientFault: true,
            message: "the mount's wildcards list more than \(limits.maximumBytes) bytes of names and values in all, "
                + "more than a mount may write; raise --max-mount-bytes or narrow the patterns"
        )
        failure.isOwnLimit = true
        return failure
    }

    private var raiseMatches: String {
        "raise --max-wildcard-matches (\(self.limits.maximumMatches)) or narrow the pattern"
    }

    private func tooMuch(_ reason: String, remedy: String) -> FetchFailure {
        FetchFailure(
            region: self.region,
            code: .invalidRequest,
            isClientFault: true,
            message: "the wildcard \(UserText.shown(self.wildcard.pattern)) lists too much: \(reason); \(remedy)"
        )
    }
}

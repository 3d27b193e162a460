// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient

/// The value of one object from one region, or what a wildcard listed there.
struct FetchedValue: Sendable {
    /// The raw bytes: `SecretString` as UTF-8, the `SecretBinary` bytes, or the parameter's value; empty for a
    /// listing.
    var bytes: [UInt8]
    /// The Secrets Manager `VersionId` or the SSM version number; empty for a listing.
    var version: String
    /// The region it came from.
    var region: String
    /// For a wildcard: every object it matched with its current value, in name order (by bytes).
    var matches: [MatchedValue] = []

}

/// One object a wildcard matched.
struct MatchedValue: Sendable {
    /// The object's name (a parameter's name, a secret's name).
    var name: String
    /// Its current value's bytes.
    var bytes: [UInt8]
    /// Its current version.
    var version: String
}

/// Why one object could not be fetched in one region.
struct FetchFailure: Error, Sendable {
    /// The region asked.
    var region: String
    /// The mount error code this failure calls for.
    var code: ProviderError.Code
    /// A client fault (4xx other than throttling) fails the mount even when the other region answers.
    var isClientFault: Bool
    /// What went wrong, naming the operation and the resource; no secret value or token.
    var message: String
    /// The failure comes from the mount that fetched (its listing budget ran out), not from AWS: a mount that shared
    /// the fetch fetches again, as after the other mount's deadline.
    var isOwnLimit = false

    /// The failure for an error thrown while fetching in `region`.
    init(_ error: any Error, region: String) {
        self.region = region
        switch error {
        case let error as AWSError:
            self.isClientFault = error.isClientFault
            self.message = error.message
            self.code =
                switch error.code {
                case .accessDenied, .credentials: .permissionDenied
                case .notFound: .notFound
                case .timeout: .deadlineExceeded
                default: .fetchFailed
                }
        case let error as FetchFailure:
            self = error
        case is CancellationError:
            self.isClientFault = false
            self.code = .deadlineExceeded
            self.message = "the request was cancelled or its deadline passed"
        default:
            self.isClientFault = false
            self.code = .fetchFailed
            self.message = "\(error)"
        }
    }

    /// A failure with a message of its own.
    init(region: String, code: ProviderError.Code, isClientFault: Bool, message: String) {
        self.region = region
        self.code = code
        self.isClientFault = isClientFault
        self.message = message
    }
}

/// The outcome of one object in one region.
typealias RegionResult = Result<FetchedValue, FetchFailure>

/// The outcome of one object over its regions.
enum ObjectOutcome: Sendable {
    /// The value the mount uses.
    case fetched(FetchedValue)
    /// The failures that decided against the object, with their regions.
    case failed([FetchFailure])
}

/// The failover contract: which region's answer a mount uses.
enum FailoverPolicy {
    /// Both regions were asked. Both succeed → the primary's value; the primary fails with a non-client error and
    /// the failover succeeds → the failover's value; a client fault from either region, or failures in both, fail
    /// the object (with every failure that decided it).
    static func merge(primary: RegionResult, failover: RegionResult?) -> ObjectOutcome {
        guard let failover else {
            switch primary {
            case .success(let value): return .fetched(value)
            case .failure(let failure): return .failed([failure])
            }
        }
        let clientFaults = [primary, failover].compactMap { result -> FetchFailure? in
            if case .failure(let failure) = result, failure.isClientFault { return failure }
            return nil
        }
        if !clientFaults.isEmpty {
            return .failed(clientFaults)
        }
        switch (primary, failover) {
        case (.success(let value), _), (.failure, .success(let value)):
            return .fetched(value)
        case (.failure(let first), .failure(let second)):
            return .failed([first, second])
        }
    }
}

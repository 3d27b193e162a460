// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Testing

@testable import Provider

/// What one region answered, in the terms of the failover contract.
enum RegionAnswer: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case success, clientFault, serverFault, throttled

    var testDescription: String { self.rawValue }

    func result(in region: String) -> RegionResult {
        switch self {
        case .success:
            .success(FetchedValue(bytes: Array("value-\(region)".utf8), version: "v-\(region)", region: region))
        case .clientFault:
            .failure(FetchFailure(AWSError.fake(.notFound, "no such secret in \(region)"), region: region))
        case .serverFault:
            .failure(FetchFailure(AWSError.fake(.serverFault, "500 in \(region)"), region: region))
        case .throttled:
            .failure(FetchFailure(AWSError.fake(.throttled, "slow down in \(region)"), region: region))
        }
    }
}

/// What the contract decides.
enum MergeExpectation: Sendable, Equatable {
    case primaryValue, failoverValue
    /// Failed, with the failures of these regions, in this order.
    case failed([String])
}

@Suite("FailoverPolicy.merge")
struct FailoverPolicyTests {
    static let primary = "us-east-1"
    static let failover = "us-west-2"

    /// Every combination of the two regions' answers, from the user guide's contract.
    static let table: [(RegionAnswer, RegionAnswer, MergeExpectation)] = [
        (.success, .success, .primaryValue),
        (.success, .clientFault, .failed([failover])),
        (.success, .serverFault, .primaryValue),
        (.success, .throttled, .primaryValue),
        (.clientFault, .success, .failed([primary])),
        (.clientFault, .clientFault, .failed([primary, failover])),
        (.clientFault, .serverFault, .failed([primary])),
        (.clientFault, .throttled, .failed([primary])),
        (.serverFault, .success, .failoverValue),
        (.serverFault, .clientFault, .failed([failover])),
        (.serverFault, .serverFault, .failed([primary, failover])),
        (.serverFault, .throttled, .failed([primary, failover])),
        (.throttled, .success, .failoverValue),
        (.throttled, .clientFault, .failed([failover])),
        (.throttled, .serverFault, .failed([primary, failover])),
        (.throttled, .throttled, .failed([primary, failover])),
    ]

    @Test("two regions", arguments: Self.table)
    func twoRegions(primary: RegionAnswer, failover: RegionAnswer, expected: MergeExpectation) {
        let outcome = FailoverPolicy.merge(
            primary: primary.result(in: Self.primary),
            failover: failover.result(in: Self.failover)
        )
        #expect(Self.describe(outcome) == expected)
    }

    @Test("one region: its answer decides", arguments: RegionAnswer.allCases)
    func oneRegion(answer: RegionAnswer) {
        let outcome = FailoverPolicy.merge(primary: answer.result(in: Self.primary), failover: nil)
        #expect(Self.describe(outcome) == (answer == .success ? .primaryValue : .failed([Self.primary])))
    }

    @Test("the failover value keeps its own region and version")
    func failoverValueCarriesItsRegion() throws {
        let outcome = FailoverPolicy.merge(
            primary: RegionAnswer.serverFault.result(in: Self.primary),
            failover: RegionAnswer.success.result(in: Self.failover)
        )
        guard case .fetched(let value) = outcome else {
            Issue.record("expected a value, got \(outcome)")
            return
        }
        #expect(value.region == Self.failover)
        #expect(value.version == "v-us-west-2")
        #expect(value.bytes == Array("value-us-west-2".utf8))
    }

    /// How each AWS error code maps to a mount code and to the contract's client fault.
    static let classification: [(AWSError.Code, ProviderError.Code, Bool)] = [
        (.accessDenied, .permissionDenied, true),
        (.credentials, .permissionDenied, true),
        (.notFound, .notFound, true),
        (.clientFault, .fetchFailed, true),
        (.invalidRequest, .fetchFailed, true),
        (.invalidConfiguration, .fetchFailed, true),
        (.throttled, .fetchFailed, false),
        (.serverFault, .fetchFailed, false),
        (.network, .fetchFailed, false),
        (.invalidResponse, .fetchFailed, false),
        (.timeout, .deadlineExceeded, false),
    ]

    @Test("FetchFailure classifies AWS errors", arguments: Self.classification)
    func classifiesAWSErrors(code: AWSError.Code, expected: ProviderError.Code, isClientFault: Bool) {
        let failure = FetchFailure(AWSError.fake(code, "detail"), region: "eu-west-1")
        #expect(failure.code == expected)
        #expect(failure.isClientFault == isClientFault)
        #expect(failure.region == "eu-west-1")
        #expect(failure.message.contains("detail"))
    }

    @Test("FetchFailure: cancellation is a deadline, other errors a fetch failure, failures pass through")
    func classifiesOtherErrors() {
        let cancelled = FetchFailure(CancellationError(), region: "eu-west-1")
        #expect(cancelled.code == .deadlineExceeded)
        #expect(!cancelled.isClientFault)

        struct Odd: Error {}
        let odd = FetchFailure(Odd(), region: "eu-west-1")
        #expect(odd.code == .fetchFailed)
        #expect(!odd.isClientFault)

        let own = FetchFailure(region: "us-east-1", code: .writeFailed, isClientFault: false, message: "own")
        let passed = FetchFailure(own, region: "eu-west-1")
        #expect(passed.region == "us-east-1")
        #expect(passed.code == .writeFailed)
        #expect(passed.message == "own")
    }

    static func describe(_ outcome: ObjectOutcome) -> MergeExpectation? {
        switch outcome {
        case .fetched(let value):
            return value.region == Self.primary ? .primaryValue : value.region == Self.failover ? .failoverValue : nil
        case .failed(let failures):
            return .failed(failures.map(\.region))
        }
    }
}

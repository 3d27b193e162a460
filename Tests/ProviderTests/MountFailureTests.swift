// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import PodVolume
import SecretProviderClass
import Testing

@testable import Provider

@Suite("MountFailure")
struct MountFailureTests {
    static func objects(_ count: Int) throws -> [PlannedObject] {
        try makePlan((0..<count).map { smObject("secret-\($0)") }.joined()).plan.objects
    }

    static func failure(_ code: ProviderError.Code, region: String = "us-east-1", _ message: String = "why")
        -> FetchFailure
    {
        FetchFailure(region: region, code: code, isClientFault: false, message: message)
    }

    /// The codes of the failed objects → the mount's code: what the user must fix first.
    static let precedence: [([ProviderError.Code], ProviderError.Code)] = [
        ([.fetchFailed, .notFound], .notFound),
        ([.notFound, .permissionDenied], .permissionDenied),
        ([.fetchFailed, .deadlineExceeded, .permissionDenied, .notFound], .permissionDenied),
        ([.deadlineExceeded, .invalidRequest], .invalidRequest),
        ([.notFound, .invalidRequest], .notFound),
        ([.fetchFailed, .deadlineExceeded], .deadlineExceeded),
        ([.writeFailed, .fetchFailed], .fetchFailed),
        ([.kubernetesFailed, .writeFailed], .writeFailed),
        ([.kubernetesFailed], .kubernetesFailed),
        ([.fetchFailed], .fetchFailed),
    ]

    @Test("the mount's code is the most relevant of its objects'", arguments: Self.precedence)
    func precedenceAcrossObjects(codes: [ProviderError.Code], expected: ProviderError.Code) throws {
        let objects = try Self.objects(codes.count)
        let entries = zip(objects, codes).map { MountFailure.entry($0, failures: [Self.failure($1)]) }
        #expect(MountFailure.error(entries, objectCount: codes.count).code == expected)
    }

    @Test(
        "an object's code is the most relevant of its regions'",
        arguments: Self.precedence.filter { $0.0.count == 2 }
    )
    func precedenceAcrossRegions(codes: [ProviderError.Code], expected: ProviderError.Code) throws {
        let object = try Self.objects(1)[0]
        let entry = MountFailure.entry(
            object,
            failures: [Self.failure(codes[0], region: "us-east-1"), Self.failure(codes[1], region: "us-west-2")]
        )
        #expect(entry.code == expected)
        #expect(entry.reasons == ["us-east-1: why", "us-west-2: why"])
    }

    @Test("the message counts the failed objects and lists each with its file, regions and causes")
    func message() throws {
        let objects = try Self.objects(5)
        let error = MountFailure.error(
            [
                MountFailure.entry(
                    objects[1],
                    failures: [
                        Self.failure(.fetchFailed, region: "us-east-1", "ServiceUnavailable"),
                        Self.failure(.fetchFailed, region: "us-west-2", "ThrottlingException"),
                    ]
                ),
                MountFailure.entry(
                    objects[3],
                    render: RenderFailure("jmesPath \"x\" finds nothing"),
                    region: "us-west-2"
                ),
            ],
            objectCount: 5
        )
        #expect(error.code == .invalidRequest)
        let lines = error.message.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "failed to mount 2 of 5 objects; nothing was written:",
                "- secretsmanager secret-1 (file secret-1): us-east-1: ServiceUnavailable; "
                    + "us-west-2: ThrottlingException",
                "- secretsmanager secret-3 (file secret-3): us-west-2: jmesPath \"x\" finds nothing",
            ]
        )
    }

    static let volumeCodes: [(VolumeError.Code, ProviderError.Code)] = [
        (.invalidTarget, .invalidRequest),
        (.invalidPath, .writeFailed),
        (.writeFailed, .writeFailed),
        (.readFailed, .writeFailed),
    ]

    @Test("volume errors", arguments: Self.volumeCodes)
    func volumeErrors(code: VolumeError.Code, expected: ProviderError.Code) {
        let error = MountFailure.error(VolumeError(code: code, message: "cannot write \"db\": No space left on device"))
        #expect(error.code == expected)
        #expect(error.message == "cannot write \"db\": No space left on device")
        #expect(error.cause is VolumeError)
    }

    @Test("SecretProviderClass errors are invalid requests with their own message")
    func secretProviderClassErrors() throws {
        do {
            _ = try makePlan("- objectName: db\n")
            Issue.record("the plan was accepted")
        } catch let error as SecretProviderClassError {
            let mapped = MountFailure.error(error)
            #expect(mapped.code == .invalidRequest)
            #expect(mapped.message == error.message)
            #expect(mapped.message.contains("objectType"))
        }
    }

    @Test("ProviderError describes itself as code: \"message\" (cause: …)")
    func description() {
        struct Cause: Error, CustomStringConvertible {
            var description: String { "the cause" }
        }
        #expect(ProviderError(code: .notFound, message: "gone").description == #"notFound: "gone""#)
        #expect(
            ProviderError(code: .writeFailed, message: "m", cause: Cause()).description
                == #"writeFailed: "m" (cause: the cause)"#
        )
    }
}

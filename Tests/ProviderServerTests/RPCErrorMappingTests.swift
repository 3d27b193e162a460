// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import GRPCCore
import Provider
import Testing

@testable import ProviderServer

struct RPCErrorMappingTests {
    private struct UnclassifiedError: Error {}

    static let cases: [(name: String, error: any Error, expected: RPCError.Code)] = [
        ("invalid SecretProviderClass", ProviderError(code: .invalidRequest, message: "x"), .invalidArgument),
        ("access denied", ProviderError(code: .permissionDenied, message: "x"), .permissionDenied),
        ("missing secret", ProviderError(code: .notFound, message: "x"), .notFound),
        ("deadline", ProviderError(code: .deadlineExceeded, message: "x"), .deadlineExceeded),
        ("AWS failure", ProviderError(code: .fetchFailed, message: "x"), .internalError),
        ("Kubernetes failure", ProviderError(code: .kubernetesFailed, message: "x"), .internalError),
        ("write failure", ProviderError(code: .writeFailed, message: "x"), .internalError),
        ("cancellation", CancellationError(), .cancelled),
        ("a cancelled RPC", RPCCancellation.Cancelled(summary: nil), .cancelled),
        ("unavailable is never passed on", RPCError(code: .unavailable, message: "x"), .internalError),
        ("other RPC errors pass through", RPCError(code: .permissionDenied, message: "x"), .permissionDenied),
        ("unclassified errors are internal", UnclassifiedError(), .internalError),
    ]

    @Test("Errors map to status codes, never UNAVAILABLE", arguments: Self.cases)
    func mapping(name: String, error: any Error, expected: RPCError.Code) {
        let mapped = RPCErrorMapping.rpcError(for: error)
        #expect(mapped.code == expected, "\(name)")
        #expect(mapped.code != .unavailable)
    }

    static let timeouts: [(String, Duration?)] = [
        ("1H", .seconds(3600)), ("2M", .seconds(120)), ("110S", .seconds(110)), ("300m", .milliseconds(300)),
        ("99999999u", .microseconds(99_999_999)), ("5n", .nanoseconds(5)),
        ("", nil), ("S", nil), ("123456789S", nil), ("10s", nil), ("-1S", nil), ("1.5S", nil),
    ]

    @Test("grpc-timeout headers are parsed as the gRPC spec defines them", arguments: Self.timeouts)
    func timeout(header: String, expected: Duration?) {
        #expect(GRPCTimeout.parse(header) == expected)
    }

    @Test("A provider error keeps its message for the pod event")
    func message() {
        let mapped = RPCErrorMapping.rpcError(for: ProviderError(code: .notFound, message: "Mount is missing"))
        #expect(mapped.message == "Mount is missing")
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import GRPCCore
import Provider
import Testing

@testable import ProviderServer

struct RPCErrorMappingTests {
    private struct UnclassifiedError: Error {}

    static let cases: [(name: String, error: any Error, expected: RPCError.Code)] = [
        ("not implemented", ProviderError(code: .notImplemented, message: "x"), .unimplemented),
        ("cancellation", CancellationError(), .cancelled),
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

    @Test("A provider error keeps its message for the pod event")
    func message() {
        let mapped = RPCErrorMapping.rpcError(for: ProviderError(code: .notImplemented, message: "Mount is missing"))
        #expect(mapped.message == "Mount is missing")
    }
}

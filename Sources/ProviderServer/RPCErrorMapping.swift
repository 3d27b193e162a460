// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import GRPCCore
import Provider

/// The one place where errors become gRPC status codes.
///
/// `unavailable` is never returned: the driver retries it up to three times, which would multiply AWS calls for a
/// failure that retrying cannot fix. Anything unclassified becomes `internal`, never `unknown`.
enum RPCErrorMapping {
    /// The status code for a provider error code.
    static func statusCode(for code: ProviderError.Code) -> RPCError.Code {
        switch code {
        case .invalidRequest:
            return .invalidArgument
        case .permissionDenied:
            return .permissionDenied
        case .notFound:
            return .notFound
        case .deadlineExceeded:
            return .deadlineExceeded
        default:
            // Kubernetes, AWS and write failures: never UNAVAILABLE, which the driver would retry at once.
            return .internalError
        }
    }

    /// Converts any error thrown while serving an RPC into the `RPCError` sent to the driver.
    static func rpcError(for error: any Error) -> RPCError {
        switch error {
        case let error as ProviderError:
            return RPCError(code: self.statusCode(for: error.code), message: error.message, cause: error)
        case is CancellationError, is RPCCancellation.Cancelled:
            return RPCError(code: .cancelled, message: "The request was cancelled or its deadline passed.")
        case let error as RPCError where error.code != .unavailable:
            return error
        default:
            return RPCError(code: .internalError, message: "Internal error: \(error)")
        }
    }
}

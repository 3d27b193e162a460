// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import Logging
import Synchronization

/// What the one log line of a request says besides the RPC itself (pod, namespace, object count, files written),
/// filled in by ``MountService`` as it learns it. The gRPC layer makes one per request and binds it to ``current``
/// for the request's task; never holds a secret value or token.
public final class RequestSummary: Sendable {
    /// The summary of the request the current task serves, if any.
    @TaskLocal public static var current: RequestSummary?

    private let fields = Mutex(Logger.Metadata())

    /// Creates an empty summary.
    public init() {}

    /// The fields recorded so far.
    public var metadata: Logger.Metadata {
        self.fields.withLock { $0 }
    }

    /// Records `value` under `key`, replacing an earlier one.
    func record(_ key: String, _ value: String) {
        self.fields.withLock { $0[key] = "\(value)" }
    }
}

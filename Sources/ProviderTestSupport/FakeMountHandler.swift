// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import Logging
public import Provider
import Synchronization

/// A mount handler whose behaviour is a closure, recording every request and deadline it receives.
public final class FakeMountHandler: MountHandling {
    private let behaviour: @Sendable (MountRequest) async throws -> MountResult
    private let received = Mutex<[(request: MountRequest, deadline: ContinuousClock.Instant?)]>([])

    /// Creates a handler that answers with `behaviour`.
    public init(behaviour: @escaping @Sendable (MountRequest) async throws -> MountResult) {
        self.behaviour = behaviour
    }

    /// The requests received so far, in order.
    public var requests: [MountRequest] {
        self.received.withLock { $0.map(\.request) }
    }

    /// The deadlines passed with the requests, in order.
    public var deadlines: [ContinuousClock.Instant?] {
        self.received.withLock { $0.map(\.deadline) }
    }

    /// Records the request, then runs the behaviour.
    public func mount(
        _ request: MountRequest,
        deadline: ContinuousClock.Instant?,
        logger: Logger
    ) async throws -> MountResult {
        self.received.withLock { $0.append((request, deadline)) }
        return try await self.behaviour(request)
    }
}

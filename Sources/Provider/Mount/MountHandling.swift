// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import Logging

/// Something that can serve a mount request; the gRPC layer depends on this seam, tests on fakes of it.
public protocol MountHandling: Sendable {
    /// Mounts the objects of one pod volume.
    ///
    /// The result, and the ``ProviderError`` once the request has been read, carry its ``RequestSummary`` for the
    /// request's log line.
    ///
    /// - Parameters:
    ///   - request: The driver's request.
    ///   - deadline: When the driver stops waiting, if it said; work past it is wasted.
    ///   - logger: The RPC's logger.
    /// - Throws: ``ProviderError`` naming the field or object at fault.
    func mount(_ request: MountRequest, deadline: ContinuousClock.Instant?, logger: Logger) async throws -> MountResult
}

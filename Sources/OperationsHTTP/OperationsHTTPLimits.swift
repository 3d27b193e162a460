// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// What one operations endpoint allows its clients. Any pod that reaches the endpoint is a client, so neither the time
/// a connection is kept nor the number of connections is left to the client.
public struct OperationsHTTPLimits: Sendable, Hashable {
    /// The time a client has, from connecting, to send its whole request (head and body); once the request is in,
    /// the answer has as long again. A deadline, not an idle timer: a connection that sends nothing, or sends its
    /// request a byte at a time, is closed when its time is up.
    public var readTimeout: Duration

    /// The most connections open at once, and an eighth of it (at least one) from one client address. A connection
    /// beyond either is closed as soon as it is accepted, never queued, so a client holding connections open costs at
    /// most its share of descriptors and buffers, and cannot lock the kubelet's probes or Prometheus out alone.
    public var maximumConnections: Int

    /// Five seconds to send a request, 64 connections.
    public static let defaults = Self(readTimeout: .seconds(5), maximumConnections: 64)

    /// Creates limits.
    ///
    /// - Parameters:
    ///   - readTimeout: The time to send the request, and again to receive the answer; more than zero.
    ///   - maximumConnections: The most connections open at once; at least 1.
    public init(readTimeout: Duration, maximumConnections: Int) {
        self.readTimeout = readTimeout
        self.maximumConnections = maximumConnections
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import OperationsHTTP
import Testing

/// The operations endpoints' limits (F3 of the 2026-12 review: idle connections were kept for ever, without limit).
@Suite("OperationsHTTPLimits")
struct OperationsHTTPLimitsTests {
    static let routes: [String: OperationsHTTPServer.Handler] = ["/healthz": { .text(200, "ok\n") }]

    @Test("a connection that sends nothing is closed at the read timeout")
    func silentConnection() async throws {
        let limits = OperationsHTTPLimits(readTimeout: .seconds(1), maximumConnections: 8)
        try await ServerHarness.withServer(Self.routes, limits: limits) { _, port in
            let opened = ContinuousClock.now
            let connection = try await RawConnection.open(port: port)
            #expect(try await connection.isClosed(within: .seconds(30)))
            // When the server closed it, not when the test noticed: not before the timeout, and not long after.
            let closed = try #require(connection.closed)
            #expect(closed - opened >= .milliseconds(900))
            #expect(closed - opened < .seconds(10))
            await connection.close()
        }
    }

    @Test("a request head sent a byte at a time is closed at the deadline, although bytes keep arriving")
    func slowHead() async throws {
        let limits = OperationsHTTPLimits(readTimeout: .milliseconds(500), maximumConnections: 8)
        try await ServerHarness.withServer(Self.routes, limits: limits) { _, port in
            let connection = try await RawConnection.open(port: port)
            let opened = ContinuousClock.now
            #expect(await connection.send("GET /healthz HTTP/1.1\r\nHost: test\r\nX-Slow: "))
            // An idle timer would never fire: a byte arrives every 100 ms.
            while !connection.isClosed && ContinuousClock.now - opened < .seconds(30) {
                _ = await connection.send("a")
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(connection.isClosed)
            #expect(connection.closed.map { $0 - opened < .seconds(10) } == true)
            await connection.close()
        }
    }

    @Test("a request sent in time is answered, and the connection then closes")
    func timelyRequest() async throws {
        // A read timeout far longer than the exchange needs, even on a loaded machine: the close comes from the
        // answer, well before the timeout would.
        let limits = OperationsHTTPLimits(readTimeout: .seconds(30), maximumConnections: 8)
        try await ServerHarness.withServer(Self.routes, limits: limits) { base, port in
            let connection = try await RawConnection.open(port: port)
            let sent = ContinuousClock.now
            #expect(await connection.send("GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n"))
            #expect(try await connection.isClosed(within: .seconds(30)))
            #expect(connection.closed.map { $0 - sent < .seconds(15) } == true)
            await connection.close()
            #expect(try await ServerHarness.get(base + "/healthz") == (200, "ok\n"))
        }
    }

    @Test("connections over the maximum are closed at once; a place that frees up is taken again")
    func maximumConnections() async throws {
        let limits = OperationsHTTPLimits(readTimeout: .seconds(60), maximumConnections: 2)
        try await ServerHarness.withServer(Self.routes, limits: limits) { _, port in
            let opened = [
                try await RawConnection.open(port: port, from: "127.0.0.2"),
                try await RawConnection.open(port: port, from: "127.0.0.3"),
                try await RawConnection.open(port: port, from: "127.0.0.4"),
            ]
            // Which of the three gets no place depends on the order the server admits them; exactly one is closed.
            let refused = try await Self.waitForClosed(opened)
            #expect(opened.filter(\.isClosed).count == 1)
            let held = opened.filter { !$0.isClosed }
            await held[0].close()
            // The server frees the place when it sees the close; a new client gets in once it has.
            let again = try await Self.admitted(port: port, from: "127.0.0.5")
            #expect(!again.isClosed)
            #expect(!held[1].isClosed)
            for connection in [again, refused] + held {
                await connection.close()
            }
        }
    }

    @Test("one client gets an eighth of the places; other clients, such as the kubelet's probes, still get in")
    func perClientShare() async throws {
        let limits = OperationsHTTPLimits(readTimeout: .seconds(60), maximumConnections: 16)
        try await ServerHarness.withServer(Self.routes, limits: limits) { base, port in
            var held: [RawConnection] = []
            for _ in 0..<3 {
                held.append(try await RawConnection.open(port: port, from: "127.0.0.5"))
            }
            // Exactly one of the three is closed at once (which one depends on the order the server accepts them).
            _ = try await Self.waitForClosed(held)
            #expect(held.filter(\.isClosed).count == 1)
            let other = try await RawConnection.open(port: port, from: "127.0.0.6")
            #expect(try await !other.isClosed(within: .milliseconds(300)))
            #expect(try await ServerHarness.get(base + "/healthz") == (200, "ok\n"))
            for connection in held + [other] {
                await connection.close()
            }
        }
    }

    /// The first of `connections` the server closes, once it has; then a pause in which a wrongly refused second one
    /// would be closed too (the server refuses a connection as it accepts it).
    private static func waitForClosed(_ connections: [RawConnection]) async throws -> RawConnection {
        let closed = try await ServerHarness.waitFor { connections.first(where: \.isClosed) }
        try await Task.sleep(for: .milliseconds(300))
        return closed
    }

    /// A connection from `source` that the server keeps (refused ones are closed at once), opened again until one is.
    private static func admitted(port: Int, from source: String) async throws -> RawConnection {
        let end = ContinuousClock.now + .seconds(60)
        while true {
            let connection = try await RawConnection.open(port: port, from: source)
            if try await !connection.isClosed(within: .milliseconds(500)) || ContinuousClock.now >= end {
                return connection
            }
        }
    }
}

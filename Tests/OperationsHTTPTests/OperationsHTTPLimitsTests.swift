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
            #expect(try await !connection.isClosed(within: .milliseconds(200)))
            #expect(try await connection.isClosed(within: .seconds(10)))
            #expect(ContinuousClock.now - opened >= .milliseconds(900))
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
            while !connection.isClosed && ContinuousClock.now - opened < .seconds(10) {
                _ = await connection.send("a")
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(connection.isClosed)
            #expect(ContinuousClock.now - opened < .seconds(5))
            await connection.close()
        }
    }

    @Test("a request sent in time is answered, and the connection then closes")
    func timelyRequest() async throws {
        let limits = OperationsHTTPLimits(readTimeout: .milliseconds(500), maximumConnections: 8)
        try await ServerHarness.withServer(Self.routes, limits: limits) { base, port in
            let connection = try await RawConnection.open(port: port)
            #expect(await connection.send("GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n"))
            #expect(try await connection.isClosed(within: .seconds(5)))
            await connection.close()
            #expect(try await ServerHarness.get(base + "/healthz") == (200, "ok\n"))
        }
    }

    @Test("connections over the maximum are closed at once; a place that frees up is taken again")
    func maximumConnections() async throws {
        let limits = OperationsHTTPLimits(readTimeout: .seconds(60), maximumConnections: 2)
        try await ServerHarness.withServer(Self.routes, limits: limits) { _, port in
            let first = try await RawConnection.open(port: port, from: "127.0.0.2")
            try await Task.sleep(for: .milliseconds(200))  // Admitted before the others arrive.
            let others = [
                try await RawConnection.open(port: port, from: "127.0.0.3"),
                try await RawConnection.open(port: port, from: "127.0.0.4"),
            ]
            // The server admits connections on several threads, so which of the two gets the last place may vary;
            // exactly one of them is closed at once.
            let end = ContinuousClock.now + .seconds(5)
            while others.filter(\.isClosed).isEmpty && ContinuousClock.now < end {
                try await Task.sleep(for: .milliseconds(10))
            }
            try await Task.sleep(for: .milliseconds(300))
            #expect(others.filter(\.isClosed).count == 1)
            #expect(!first.isClosed)
            for connection in others where !connection.isClosed {
                await connection.close()
            }
            try await Task.sleep(for: .milliseconds(300))  // The server sees the close.
            let again = try await RawConnection.open(port: port, from: "127.0.0.5")
            #expect(try await !again.isClosed(within: .milliseconds(500)))
            for connection in [first, again] + others {
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
            let end = ContinuousClock.now + .seconds(5)
            while held.filter(\.isClosed).isEmpty && ContinuousClock.now < end {
                try await Task.sleep(for: .milliseconds(10))
            }
            try await Task.sleep(for: .milliseconds(300))
            #expect(held.filter(\.isClosed).count == 1)
            let other = try await RawConnection.open(port: port, from: "127.0.0.6")
            #expect(try await !other.isClosed(within: .milliseconds(300)))
            #expect(try await ServerHarness.get(base + "/healthz") == (200, "ok\n"))
            for connection in held + [other] {
                await connection.close()
            }
        }
    }
}

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
        let limits = OperationsHTTPLimits(readTimeout: .milliseconds(300), maximumConnections: 8)
        try await ServerHarness.withServer(Self.routes, limits: limits) { _, port in
            let connection = try await RawConnection.open(port: port)
            let opened = ContinuousClock.now
            #expect(try await !connection.isClosed(within: .milliseconds(100)))
            #expect(try await connection.isClosed(within: .seconds(10)))
            #expect(ContinuousClock.now - opened >= .milliseconds(250))
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

    @Test("connections over the maximum are closed at once; under it a GET is answered")
    func maximumConnections() async throws {
        let limits = OperationsHTTPLimits(readTimeout: .seconds(60), maximumConnections: 2)
        try await ServerHarness.withServer(Self.routes, limits: limits) { base, port in
            let first = try await RawConnection.open(port: port)
            #expect(try await ServerHarness.get(base + "/healthz") == (200, "ok\n"))
            let more = [try await RawConnection.open(port: port), try await RawConnection.open(port: port)]
            // Of the two newer ones, exactly one got the last place; the other was closed at once.
            try await Task.sleep(for: .seconds(1))
            #expect(!first.isClosed)
            #expect(more.filter(\.isClosed).count == 1)
            await #expect(throws: (any Error).self) { try await ServerHarness.get(base + "/healthz") }
            // A place that frees up is taken again.
            for connection in more {
                await connection.close()
            }
            var answer: (Int, String)?
            let end = ContinuousClock.now + .seconds(10)
            while answer == nil && ContinuousClock.now < end {
                answer = try? await ServerHarness.get(base + "/healthz")
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(answer.map { $0 == (200, "ok\n") } == true)
            #expect(!first.isClosed)
            await first.close()
        }
    }
}

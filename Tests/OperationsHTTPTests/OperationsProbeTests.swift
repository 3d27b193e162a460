// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import OperationsHTTP
import Synchronization
import Testing

/// The client of the `probe` command, which the chart's exec probes run when health listens on 127.0.0.1 only.
@Suite("OperationsProbe")
struct OperationsProbeTests {
    static let routes: [String: OperationsHTTPServer.Handler] = [
        "/healthz": { .text(200, "ok\n") },
        "/readyz": { .text(503, "not ready: the socket does not answer\n") },
        "/large": { HTTPReply(status: 200, body: Array(repeating: UInt8(ascii: "x"), count: 100_000)) },
    ]

    @Test(
        "a server on every interface is reached on the loopback address; others as they are",
        arguments: [
            (":8989", "127.0.0.1:8989"), ("0.0.0.0:1", "127.0.0.1:1"), ("[::]:2", "[::1]:2"),
            ("127.0.0.1:3", "127.0.0.1:3"), ("[::1]:4", "[::1]:4"), ("localhost:5", "localhost:5"),
        ]
    )
    func connectAddress(listen: String, connect: String) throws {
        let address = try #require(ListenAddress(listen))
        #expect(OperationsProbe.connectAddress(for: address).description == connect)
    }

    @Test(
        "success is 200 to 399, as for the kubelet's httpGet",
        arguments: [
            (199, false), (200, true), (204, true), (302, true), (399, true), (400, false), (404, false), (503, false),
        ]
    )
    func success(status: Int, expected: Bool) {
        #expect(OperationsProbe.isSuccess(status) == expected)
    }

    @Test("answers are read with their status and body, the body up to its limit")
    func answers() async throws {
        try await ServerHarness.withServer(Self.routes) { _, port in
            let address = try #require(ListenAddress(":\(port)"))
            let healthy = try await OperationsProbe.get("/healthz", from: address, timeout: .seconds(5))
            #expect(healthy.status == 200)
            #expect(healthy.body == Array("ok\n".utf8))
            let unready = try await OperationsProbe.get("/readyz", from: address, timeout: .seconds(5))
            #expect(unready.status == 503)
            #expect(String(decoding: unready.body, as: UTF8.self) == "not ready: the socket does not answer\n")
            let large = try await OperationsProbe.get("/large", from: address, timeout: .seconds(5))
            #expect(large.body.count == OperationsProbe.maximumBodyBytes)
        }
    }

    @Test("an answer later than the timeout is an error, when the timeout is up")
    func timeout() async throws {
        // The answer comes only once the probe has given up.
        let (release, releaser) = AsyncStream.makeStream(of: Void.self)
        let routes: [String: OperationsHTTPServer.Handler] = [
            "/slow": {
                for await _ in release { break }
                return .text(200, "late\n")
            }
        ]
        try await ServerHarness.withServer(routes) { _, port in
            let address = try #require(ListenAddress("127.0.0.1:\(port)"))
            let started = ContinuousClock.now
            await #expect(throws: OperationsHTTPError.self) {
                try await OperationsProbe.get("/slow", from: address, timeout: .milliseconds(300))
            }
            let elapsed = ContinuousClock.now - started
            releaser.yield()
            #expect(elapsed >= .milliseconds(300))
            #expect(elapsed < .seconds(10))
        }
    }

    @Test("nothing listening is an error naming the address")
    func nothingListening() async throws {
        // A port that was just free: a server listened there and has stopped.
        let freed = Mutex(0)
        try await ServerHarness.withServer([:]) { _, bound in freed.withLock { $0 = bound } }
        let port = freed.withLock { $0 }
        let address = ListenAddress(host: "127.0.0.1", port: port)
        let error = await #expect(throws: OperationsHTTPError.self) {
            try await OperationsProbe.get("/healthz", from: address, timeout: .seconds(2))
        }
        #expect(error?.message.contains("127.0.0.1:\(port)") == true)
    }
}

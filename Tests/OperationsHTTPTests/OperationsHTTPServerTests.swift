// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import NIOHTTP1
import OperationsHTTP
import Testing

@Suite("ListenAddress")
struct ListenAddressTests {
    @Test(
        "Go host:port forms",
        arguments: [
            (":8989", "0.0.0.0", 8989), ("127.0.0.1:0", "127.0.0.1", 0), ("[::1]:8095", "::1", 8095),
            ("localhost:80", "localhost", 80),
        ] as [(String, String, Int)]
    )
    func parses(text: String, host: String, port: Int) throws {
        let address = try #require(ListenAddress(text))
        #expect(address.host == host)
        #expect(address.port == port)
    }

    @Test("Malformed addresses are refused", arguments: ["8989", ":", ":http", ":70000", "::1:80", "[]:80", "[::1:80"])
    func refuses(text: String) {
        #expect(ListenAddress(text) == nil)
    }
}

@Suite("OperationsHTTPServer")
struct OperationsHTTPServerTests {
    @Test("known paths run their handler; others are 404; methods other than GET and HEAD are 405")
    func routes() async throws {
        try await ServerHarness.withServer([
            "/healthz": { .text(200, "ok\n") }, "/readyz": { .text(503, "not ready\n") },
        ]) { base, _ in
            let healthz = try await ServerHarness.get(base + "/healthz")
            let readyz = try await ServerHarness.get(base + "/readyz")
            let query = try await ServerHarness.get(base + "/healthz?verbose=1")
            let unknown = try await ServerHarness.get(base + "/metrics")
            let post = try await ServerHarness.get(base + "/healthz", method: .POST)
            let head = try await ServerHarness.get(base + "/healthz", method: .HEAD)
            #expect(healthz == (200, "ok\n"))
            #expect(readyz == (503, "not ready\n"))
            #expect(query == (200, "ok\n"))
            #expect(unknown.0 == 404)
            #expect(post.0 == 405)
            #expect(head == (200, ""))
        }
    }

    @Test("a port in use is an error naming the address")
    func portInUse() async throws {
        try await ServerHarness.withServer(["/healthz": { .text(200, "ok\n") }]) { _, port in
            let second = OperationsHTTPServer(
                name: "second",
                address: ListenAddress("127.0.0.1:\(port)")!,
                routes: [:],
                logger: ServerHarness.silent
            )
            let error = await #expect(throws: OperationsHTTPError.self) { try await second.run() }
            #expect(error?.message.contains("cannot listen on 127.0.0.1:\(port)") == true)
        }
    }
}

@Suite("ProcessMetrics")
struct ProcessMetricsTests {
    @Test("the standard process metrics are exposed with their types")
    func exposition() {
        let text = ProcessMetrics().exposition()
        for name in [
            "process_cpu_seconds_total", "process_resident_memory_bytes", "process_virtual_memory_bytes",
            "process_open_fds", "process_max_fds", "process_start_time_seconds",
        ] {
            #expect(text.contains("# TYPE \(name) "), "\(name) missing")
            #expect(text.contains("\n\(name) "), "\(name) has no sample")
        }
    }
}

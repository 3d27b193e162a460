// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The project's test rig (fake AWS with SigV4 checking, fake Kubernetes API, fake EKS Pod Identity agent), started
/// once per test process from `Tests/rig/rig.py` on free loopback ports.
///
/// The rig asks Linux to stop it when the test process exits, so it is never left running.
///
/// ```swift
/// let rig = try await TestRig.shared()
/// let endpoint = rig.aws   // "http://127.0.0.1:PORT"
/// ```
public struct TestRig: Sendable, Decodable {
    /// The fake AWS endpoint, for every service and region.
    public let aws: String
    /// Static credentials accepted by the fake AWS.
    public let accessKeyId: String
    /// The secret of ``accessKeyId``.
    public let secretAccessKey: String
    /// The account of every identity in the rig.
    public let account: String
    /// A role for IRSA tests (any web identity token may assume it).
    public let irsaRoleArn: String
    /// A role for EKS Pod Identity tests.
    public let podIdentityRoleArn: String
    /// The fake Kubernetes API server.
    public let kubernetes: String
    /// The bearer token the fake Kubernetes API accepts.
    public let kubernetesToken: String
    /// The fake Pod Identity agent's credentials URL on IPv4 loopback.
    public let podIdentity: String
    /// The same agent on IPv6 loopback, when the machine has it.
    public let podIdentityIpv6: String?

    private static let startup = StartupTask()

    /// The rig of this test process, started on first use.
    ///
    /// - Throws: ``TestRigError`` when python3 or the rig cannot start.
    public static func shared() async throws -> TestRig {
        try await self.startup.rig()
    }

    /// Sends a control request (such as `POST /__faults`) to one of the rig's fakes and returns the JSON answer.
    ///
    /// Each request goes on a connection of its own (`Connection: close`, no shared session): a kept-alive control
    /// connection could be reused just as the rig closes it, and a non-idempotent `POST` cannot be retried safely.
    public func control(
        _ base: String,
        _ method: String,
        _ path: String,
        json: [String: any Sendable]? = nil
    ) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.setValue("close", forHTTPHeaderField: "Connection")
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let (data, _) = try await session.data(for: request)
        return (try JSONSerialization.jsonObject(with: data.isEmpty ? Data("{}".utf8) : data) as? [String: Any]) ?? [:]
    }
}

/// Why the rig could not start.
public struct TestRigError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
}

/// The rig's process id, for the exit handler that stops it.
private let rigProcessID = Atomic<Int32>(0)

/// Starts the rig once; later callers wait for the same start.
private actor StartupTask {
    private var started: Task<TestRig, any Error>?
    /// The write end of the rig's standard input, open for as long as this process lives: when the process ends,
    /// however it ends, the rig reads end-of-file and stops.
    private var lifeline: Pipe?

    func rig() async throws -> TestRig {
        if let started {
            return try await started.value
        }
        let lifeline = Pipe()
        self.lifeline = lifeline
        let task = Task { try Self.launch(lifeline: lifeline) }
        self.started = task
        return try await task.value
    }

    private static func launch(lifeline: Pipe) throws -> TestRig {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("Tests/rig/rig.py").path, "--stop-on-stdin-eof"]
        process.standardInput = lifeline
        let output = Pipe()
        process.standardOutput = output
        // Not the test process's own stderr: a rig that outlived the tests would keep `swift test` waiting for it.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("test-rig-\(getpid()).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        do {
            try process.run()
            rigProcessID.store(process.processIdentifier, ordering: .releasing)
            // Stop the rig when the test process exits, whatever else happens to its pipes.
            atexit {
                let pid = rigProcessID.load(ordering: .acquiring)
                if pid > 0 {
                    kill(pid, SIGKILL)
                }
            }
        } catch {
            throw TestRigError(description: "cannot start python3 Tests/rig/rig.py: \(error)")
        }
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 0x0A {
            line.append(first)
        }
        guard !line.isEmpty else {
            throw TestRigError(
                description: "the test rig exited before describing itself (see \(log.path)); run `make deps`"
            )
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(TestRig.self, from: line)
    }
}

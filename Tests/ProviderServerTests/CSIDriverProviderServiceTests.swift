// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import CSIProviderAPI
import Foundation
import GRPCCore
import PodVolume
import Provider
import ProviderServer
import ProviderTestSupport
import ServiceLifecycle
import Testing

struct CSIDriverProviderServiceTests {
    private static let emptyResult = MountResult(objectVersions: [], files: [])
    private static let unusedHandler = FakeMountHandler { _ in Self.emptyResult }

    @Test("Version answers the API version, runtime name and semver over the Unix socket")
    func version() async throws {
        let response = try await ProviderHarness.withProvider(handler: Self.unusedHandler) { socketPath in
            try await ProviderHarness.withClient(socketPath: socketPath) { client in
                var request = V1alpha1_VersionRequest()
                request.version = "v1alpha1"
                return try await client.version(request)
            }
        }
        #expect(response.version == "v1alpha1")
        #expect(response.runtimeName == "secrets-store-csi-driver-provider-aws")
        #expect(response.runtimeVersion.split(separator: ".").count == 3)
    }

    @Test("A mount error reaches the driver with the status code of its provider error code and its message")
    func mountError() async throws {
        let handler = FakeMountHandler { _ in
            throw ProviderError(code: .notFound, message: "secretsmanager db-password: not found in us-east-1")
        }
        let error = try await ProviderHarness.withProvider(handler: handler) { socketPath in
            try await ProviderHarness.withClient(socketPath: socketPath) { client in
                await #expect(throws: RPCError.self) { try await client.mount(V1alpha1_MountRequest()) }
            }
        }
        #expect(error?.code == .notFound)
        #expect(error?.message == "secretsmanager db-password: not found in us-east-1")
    }

    @Test("Mount passes every request field to the handler and returns its versions and files")
    func mountRoundTrip() async throws {
        let handler = FakeMountHandler { _ in
            MountResult(
                objectVersions: [ObjectVersion(id: "db-password", version: "v1")],
                files: [VolumeFile(path: "db-password", mode: 0o640, contents: Array("s3cret".utf8))]
            )
        }
        let response = try await ProviderHarness.withProvider(handler: handler) { socketPath in
            try await ProviderHarness.withClient(socketPath: socketPath) { client in
                var request = V1alpha1_MountRequest()
                request.attributes = #"{"objects":"- objectName: a"}"#
                request.secrets = "null"
                request.targetPath = "/var/lib/kubelet/pods/uid/volumes/kubernetes.io~csi/v/mount"
                request.permission = "420"
                var current = V1alpha1_ObjectVersion()
                current.id = "db-password"
                current.version = "v0"
                request.currentObjectVersion = [current]
                return try await client.mount(request)
            }
        }
        #expect(
            handler.requests == [
                MountRequest(
                    attributes: #"{"objects":"- objectName: a"}"#,
                    secrets: "null",
                    targetPath: "/var/lib/kubelet/pods/uid/volumes/kubernetes.io~csi/v/mount",
                    permission: "420",
                    currentObjectVersions: [ObjectVersion(id: "db-password", version: "v0")]
                )
            ]
        )
        #expect(response.objectVersion.map { [$0.id, $0.version] } == [["db-password", "v1"]])
        #expect(response.files.count == 1)
        #expect(response.files.first?.mode == 0o640)
        #expect(response.files.first.map { Array($0.contents) } == Array("s3cret".utf8))
    }

    @Test("A mount of no objects is answered OK with no object versions and no files, never refused")
    func emptyMount() async throws {
        // An empty repeated field is not on the wire at all (the driver reads it as absent), so what counts is that
        // the call succeeds.
        let response = try await ProviderHarness.withProvider(handler: FakeMountHandler { _ in Self.emptyResult }) {
            socketPath in
            try await ProviderHarness.withClient(socketPath: socketPath) { client in
                try await client.mount(V1alpha1_MountRequest())
            }
        }
        #expect(response.objectVersion.isEmpty)
        #expect(response.files.isEmpty)
    }

    @Test("One log line per Mount with the summary of its result or its error; files_written only on success")
    func mountLogLine() async throws {
        let (logger, records) = RecordingLogHandler.logger()
        let handler = FakeMountHandler { request in
            guard request.targetPath != "fails" else {
                let summary = RequestSummary(pod: "app-1", namespace: "prod", objects: 3)
                throw ProviderError(code: .notFound, message: "x", summary: summary)
            }
            let summary = RequestSummary(pod: "app-0", namespace: "prod", objects: 2, filesWritten: 1)
            return MountResult(objectVersions: [], files: [], summary: summary)
        }
        try await ProviderHarness.withProvider(handler: handler, logger: logger) { socketPath in
            try await ProviderHarness.withClient(socketPath: socketPath) { client in
                _ = try await client.mount(V1alpha1_MountRequest())
                var failing = V1alpha1_MountRequest()
                failing.targetPath = "fails"
                await #expect(throws: RPCError.self) { try await client.mount(failing) }
            }
        }
        // Every field but the duration, which varies.
        let lines = records.all.map(\.text).filter { $0.hasPrefix("RPC finished") }.map { line in
            line.split(separator: " ").filter { !$0.hasPrefix("grpc.duration_ms=") }.joined(separator: " ")
        }
        #expect(
            lines == [
                "RPC finished files_written=1 grpc.code=ok grpc.method=Mount namespace=prod objects=2 pod=app-0",
                "RPC finished grpc.code=notFound grpc.method=Mount namespace=prod objects=3 pod=app-1",
            ]
        )
    }

    @Test("Responses of more than 4 MiB reach a client that accepts them")
    func largeResponse() async throws {
        let contents = [UInt8](repeating: 0x61, count: 5 * 1024 * 1024)
        let handler = FakeMountHandler { _ in
            MountResult(
                objectVersions: [ObjectVersion(id: "big", version: "1")],
                files: [VolumeFile(path: "big", mode: 0o644, contents: contents)]
            )
        }
        let size = try await ProviderHarness.withProvider(handler: handler) { socketPath in
            try await ProviderHarness.withClient(socketPath: socketPath) { client in
                var options = CallOptions.defaults
                options.maxResponseMessageBytes = 8 * 1024 * 1024
                // The NIO client transport takes its receive limit from this option.
                options.maxRequestMessageBytes = 8 * 1024 * 1024
                let response = try await client.mount(V1alpha1_MountRequest(), options: options)
                return response.files.first?.contents.count
            }
        }
        #expect(size == contents.count)
    }

    @Test("The client's deadline reaches the handler")
    func deadlineReachesHandler() async throws {
        let handler = FakeMountHandler { _ in Self.emptyResult }
        let clock = ContinuousClock()
        let (called, answered) = try await ProviderHarness.withProvider(handler: handler) { socketPath in
            try await ProviderHarness.withClient(socketPath: socketPath) { client in
                var options = CallOptions.defaults
                options.timeout = .seconds(600)
                let called = clock.now
                _ = try await client.mount(V1alpha1_MountRequest(), options: options)
                return (called, clock.now)
            }
        }
        // The server turns the timeout into a deadline when the request arrives, between the call and its answer
        // (less the timeout header's rounding to a millisecond), however long the request took to get there.
        let deadline = try #require(handler.deadlines.first ?? nil)
        #expect(deadline >= called + .seconds(599) && deadline <= answered + .seconds(600))
    }

    @Test("A deadline that passes cancels the handler, and the client sees DEADLINE_EXCEEDED")
    func deadlineCancelsHandler() async throws {
        let (events, recorder) = AsyncStream.makeStream(of: String.self)
        let handler = FakeMountHandler { request in
            do {
                try await Task.sleep(for: .seconds(60))
            } catch {
                recorder.yield("\(request.attributes) cancelled")
                throw error
            }
            recorder.yield("\(request.attributes) finished")
            return Self.emptyResult
        }
        let attempt = try await ProviderHarness.withProvider(handler: handler) { socketPath in
            try await ProviderHarness.withClient(socketPath: socketPath) { client -> String? in
                // On a loaded machine a short deadline can pass before the request reaches the handler (the client
                // then gives up on its own); each attempt doubles it until one reaches the handler in time.
                for seconds in [1, 2, 4, 8, 16] as [Int64] {
                    var request = V1alpha1_MountRequest()
                    request.attributes = "attempt \(seconds)"
                    var options = CallOptions.defaults
                    options.timeout = .seconds(seconds)
                    let error = await #expect(throws: RPCError.self) {
                        try await client.mount(request, options: options)
                    }
                    #expect(error?.code == .deadlineExceeded)
                    if handler.requests.contains(where: { $0.attributes == request.attributes }) {
                        return request.attributes
                    }
                }
                return nil
            }
        }
        let reached = try #require(attempt, "no request reached the handler")
        // The provider has stopped, so every handler has ended. Each sleeps a minute unless cancelled: every one must
        // have been cancelled, none left to finish.
        recorder.finish()
        let outcomes = await events.reduce(into: [String]()) { $0.append($1) }
        #expect(outcomes.contains("\(reached) cancelled"))
        #expect(!outcomes.contains { $0.hasSuffix(" finished") })
    }

    @Test("Graceful shutdown lets an in-flight Mount finish")
    func gracefulShutdown() async throws {
        let directory = try ProviderHarness.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let started = AsyncStream<Void>.makeStream()
        let release = AsyncStream<Void>.makeStream()
        let handler = FakeMountHandler { _ in
            started.continuation.yield()
            // Held until the server is draining, so the Mount is in flight when graceful shutdown begins.
            for await _ in release.stream { break }
            return MountResult(objectVersions: [ObjectVersion(id: "a", version: "1")], files: [])
        }
        let versions = try await ProviderHarness.withProvider(handler: handler, directory: directory) { path, group in
            try await withThrowingTaskGroup(of: [String].self) { tasks in
                tasks.addTask {
                    try await ProviderHarness.withClient(socketPath: path) { client in
                        try await client.mount(V1alpha1_MountRequest()).objectVersion.map(\.id)
                    }
                }
                var iterator = started.stream.makeAsyncIterator()
                await iterator.next()
                await group.triggerGracefulShutdown()
                try await ProviderHarness.waitUntilRefused(path)
                release.continuation.yield()
                return try await tasks.next() ?? []
            }
        }
        #expect(versions == ["a"])
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("aws.sock").path))
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import CSIProviderAPI
import Foundation
import Provider
import ProviderTestSupport
import Testing

@testable import ProviderServer

struct ProviderSocketTests {
    private static let handler = FakeMountHandler { _ in MountResult(objectVersions: [], files: []) }

    @Test("The socket is created with mode 0600 and removed at shutdown")
    func modeAndRemoval() async throws {
        let directory = try ProviderHarness.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let socketPath = directory.appendingPathComponent("aws.sock").path
        let mode = try await ProviderHarness.withProvider(handler: Self.handler, directory: directory) { path in
            var status = stat()
            #expect(lstat(path, &status) == 0)
            #expect(status.st_mode & S_IFMT == S_IFSOCK)
            return status.st_mode & 0o777
        }
        #expect(mode == 0o600)
        #expect(!FileManager.default.fileExists(atPath: socketPath))
    }

    @Test("A stale socket file left by a dead process is replaced")
    func staleSocket() async throws {
        let directory = try ProviderHarness.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("aws.sock").path
        // A bound socket whose process never listened nor removed it, as after kill -9.
        let stale = try ProviderSocket.bindAndListen(at: path)
        close(stale.descriptor)
        #expect(FileManager.default.fileExists(atPath: path))
        let version = try await ProviderHarness.withProvider(handler: Self.handler, directory: directory) { path in
            try await ProviderHarness.withClient(socketPath: path) { try await $0.version(.init()).version }
        }
        #expect(version == "v1alpha1")
    }

    @Test("A file that is not a socket is never deleted; the error names the path")
    func regularFileInTheWay() throws {
        let directory = try ProviderHarness.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("aws.sock").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("keep".utf8)))
        let error = #expect(throws: ServerError.self) { try ProviderSocket.bindAndListen(at: path) }
        #expect(error?.code == .socketUnavailable)
        #expect(error?.message.contains(path) == true)
        #expect(FileManager.default.contents(atPath: path) == Data("keep".utf8))
    }

    @Test("A missing provider volume directory is reported, naming the flag")
    func missingDirectory() {
        let error = #expect(throws: ServerError.self) {
            try ProviderSocket.bindAndListen(at: "/nonexistent-\(UUID().uuidString)/aws.sock")
        }
        #expect(error?.message.contains("--provider-volume") == true)
    }

    @Test("A socket path too long for sockaddr_un is reported, not truncated")
    func pathTooLong() throws {
        let directory = try ProviderHarness.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent(String(repeating: "s", count: 120)).path
        let error = #expect(throws: ServerError.self) { try ProviderSocket.bindAndListen(at: path) }
        #expect(error?.message.contains("bytes long") == true)
    }

    @Test("Shutdown leaves a successor's socket in place")
    func successorSocketKept() throws {
        let directory = try ProviderHarness.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("aws.sock").path
        let first = try ProviderSocket.bindAndListen(at: path)
        close(first.descriptor)
        let second = try ProviderSocket.bindAndListen(at: path)
        defer { close(second.descriptor) }
        first.remove()
        #expect(FileManager.default.fileExists(atPath: path))
        second.remove()
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

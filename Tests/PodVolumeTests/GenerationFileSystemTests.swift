// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import PodVolume
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real full disk and a real read-only file system in the middle of a write, on a small tmpfs of its own (the
/// volume the driver mounts is a tmpfs too). Mounting needs root; elsewhere these tests are skipped.
struct GenerationFileSystemTests {
    /// Whether this process may mount a tmpfs (root, with `mount` installed).
    static let canMount: Bool = {
        guard geteuid() == 0, let scratch = try? ScratchDirectory() else { return false }
        defer { scratch.remove() }
        guard Self.run("/bin/mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", scratch.path) else { return false }
        return Self.run("/bin/umount", scratch.path)
    }()

    /// Runs a command; whether it exited with 0.
    @discardableResult
    static func run(_ command: String, _ arguments: String...) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Runs `body` with a scratch directory that is a tmpfs of `kibibytes` KiB.
    func withTmpfs(kibibytes: Int, _ body: (ScratchDirectory) throws -> Void) throws {
        try ScratchDirectory.with { scratch in
            try #require(Self.run("/bin/mount", "-t", "tmpfs", "-o", "size=\(kibibytes)k", "tmpfs", scratch.path))
            defer { Self.run("/bin/umount", scratch.path) }
            try body(scratch)
        }
    }

    static func files(_ version: String, bytes: Int) -> [VolumeFile] {
        ["username", "password", "db/host"].map {
            VolumeFile(
                path: $0,
                mode: 0o600,
                contents: Array("\(version) ".utf8) + [UInt8](repeating: 0x61, count: bytes)
            )
        }
    }

    @Test("A full disk while the new generation is built leaves the current one and no litter", .enabled(if: canMount))
    func fullDisk() throws {
        try self.withTmpfs(kibibytes: 64) { scratch in
            let writer = VolumeWriter()  // A tmpfs: the production check passes.
            try writer.write(Self.files("v1", bytes: 8 * 1024), into: scratch.path)
            let before = scratch.snapshot()
            let error = #expect(throws: VolumeError.self) {
                try writer.write(Self.files("v2", bytes: 40 * 1024), into: scratch.path)
            }
            #expect(error?.code == .writeFailed)
            #expect(error?.errno == ENOSPC, "\(error?.message ?? "")")
            #expect(scratch.snapshot() == before)
            #expect(scratch.contents("password")?.starts(with: Array("v1 ".utf8)) == true)
        }
    }

    @Test(
        "A file system turned read-only leaves the current generation, and the write says why",
        .enabled(if: canMount)
    )
    func readOnly() throws {
        try self.withTmpfs(kibibytes: 256) { scratch in
            let writer = VolumeWriter()
            try writer.write(Self.files("v1", bytes: 100), into: scratch.path)
            let before = scratch.snapshot()
            try #require(Self.run("/bin/mount", "-o", "remount,ro", scratch.path))
            let error = #expect(throws: VolumeError.self) {
                try writer.write(Self.files("v2", bytes: 100), into: scratch.path)
            }
            #expect(error?.errno == EROFS, "\(error?.message ?? "")")
            #expect(scratch.snapshot() == before)
            try #require(Self.run("/bin/mount", "-o", "remount,rw", scratch.path))
            #expect(try writer.write(Self.files("v2", bytes: 100), into: scratch.path).count == 3)
            #expect(scratch.generations().count == 1)
        }
    }
}

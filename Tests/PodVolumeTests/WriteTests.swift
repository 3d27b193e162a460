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

struct WriteTests {
    @Test(
        "Files get exactly their mode's nine permission bits",
        arguments: [
            (0o400, 0o400), (0o644, 0o644), (0o777, 0o777), (0, 0), (0o600, 0o600), (0o4755, 0o755), (0o1777, 0o777),
        ] as [(UInt16, UInt16)]
    )
    func exactModes(_ mode: UInt16, expected: UInt16) throws {
        try ScratchDirectory.with { scratch in
            try VolumeWriter(requiresMemoryFileSystem: false, layout: .plain).write(
                [VolumeFile(path: "file", mode: mode, contents: [1, 2, 3])],
                into: scratch.path
            )
            #expect(scratch.mode("file") == expected)
            #expect(scratch.contents("file") == [1, 2, 3])
        }
    }

    @Test("Modes do not depend on the umask, for files and created directories")
    func restrictiveUmask() throws {
        try ScratchDirectory.with { scratch in
            let target = scratch.path
            let probeMode = try withThreadUmask(0o777) { () throws -> UInt16 in
                // Proves the umask is in force on this thread: a plain create gets no permission bits at all.
                let probe = open("\(target)/probe", O_CREAT | O_WRONLY | O_CLOEXEC, 0o666)
                close(probe)
                try VolumeWriter(requiresMemoryFileSystem: false, layout: .plain).write(
                    [
                        VolumeFile(path: "open", mode: 0o777, contents: [1]),
                        VolumeFile(path: "readable", mode: 0o644, contents: [2]),
                        VolumeFile(path: "nested/deeper/owner-only", mode: 0o400, contents: [3]),
                    ],
                    into: target
                )
                var status = stat()
                lstat("\(target)/probe", &status)
                return UInt16(status.st_mode & 0o777)
            }
            #expect(probeMode == 0)
            #expect(scratch.mode("open") == 0o777)
            #expect(scratch.mode("readable") == 0o644)
            #expect(scratch.mode("nested/deeper/owner-only") == 0o400)
            #expect(scratch.mode("nested") == 0o755)
            #expect(scratch.mode("nested/deeper") == 0o755)
            // Other threads kept the process umask.
            let current = umask(0o022)
            umask(current)
            #expect(current != 0o777)
        }
    }

    @Test("Nested directories are created as real directories with mode 0755")
    func nestedDirectories() throws {
        try ScratchDirectory.with { scratch in
            try scratch.makeDirectory("existing")
            try VolumeWriter(requiresMemoryFileSystem: false, layout: .plain).write(
                [
                    VolumeFile(path: "a/b/c/file", mode: 0o644, contents: Array("deep".utf8)),
                    VolumeFile(path: "a/sibling", mode: 0o644, contents: Array("shallow".utf8)),
                    VolumeFile(path: "existing/file", mode: 0o644, contents: Array("in existing".utf8)),
                ],
                into: scratch.path
            )
            for directory in ["a", "a/b", "a/b/c"] {
                #expect(scratch.isDirectory(directory))
                #expect(scratch.mode(directory) == 0o755)
            }
            #expect(scratch.contents("a/b/c/file") == Array("deep".utf8))
            #expect(scratch.contents("a/sibling") == Array("shallow".utf8))
            #expect(scratch.contents("existing/file") == Array("in existing".utf8))
            #expect(scratch.temporaries().isEmpty)
        }
    }

    @Test("An overwrite replaces the file by rename: a new inode, and a reader of the old one is undisturbed")
    func overwriteIsAtomic() throws {
        try ScratchDirectory.with { scratch in
            let writer = VolumeWriter(requiresMemoryFileSystem: false, layout: .plain)
            try writer.write(
                [VolumeFile(path: "password", mode: 0o644, contents: Array("old-value".utf8))],
                into: scratch.path
            )
            let oldInode = try #require(scratch.status("password")).st_ino
            let reader = open(scratch.at("password"), O_RDONLY | O_CLOEXEC)
            try #require(reader >= 0)
            defer { close(reader) }

            try writer.write(
                [VolumeFile(path: "password", mode: 0o600, contents: Array("new".utf8))],
                into: scratch.path
            )
            #expect(try #require(scratch.status("password")).st_ino != oldInode)
            #expect(scratch.contents("password") == Array("new".utf8))
            #expect(scratch.mode("password") == 0o600)
            // The old file was never truncated or rewritten in place.
            var buffer = [UInt8](repeating: 0, count: 64)
            let count = read(reader, &buffer, buffer.count)
            #expect(Array(buffer.prefix(max(count, 0))) == Array("old-value".utf8))
            #expect(scratch.names() == ["password"])
        }
    }

    @Test("A symbolic link at a final name is replaced, never followed")
    func replacesLinkAtFinalName() throws {
        try ScratchDirectory.with { scratch in
            try scratch.makeDirectory("outside")
            try scratch.makeFile("outside/victim", "untouched")
            try scratch.makeDirectory("target")
            try scratch.makeLink("target/password", to: scratch.at("outside/victim"))
            try VolumeWriter(requiresMemoryFileSystem: false, layout: .plain).write(
                [VolumeFile(path: "password", mode: 0o644, contents: Array("new".utf8))],
                into: scratch.at("target")
            )
            #expect(try #require(scratch.status("target/password")).st_mode & S_IFMT == S_IFREG)
            #expect(scratch.contents("target/password") == Array("new".utf8))
            #expect(scratch.contents("outside/victim") == Array("untouched".utf8))
        }
    }

    @Test("No temporary file is left after a successful write")
    func noTemporariesAfterSuccess() throws {
        try ScratchDirectory.with { scratch in
            let files = ["one", "two", ".hidden", "dir/three"].map {
                VolumeFile(path: $0, mode: 0o644, contents: Array($0.utf8))
            }
            try VolumeWriter(requiresMemoryFileSystem: false, layout: .plain).write(files, into: scratch.path)
            try VolumeWriter(requiresMemoryFileSystem: false, layout: .plain).write(files, into: scratch.path)
            #expect(scratch.names() == [".hidden", "dir", "one", "two"])
            #expect(scratch.names("dir") == ["three"])
        }
    }

    @Test("An empty file list does nothing, without even checking the target")
    func emptyIsNoOp() throws {
        try VolumeWriter(targetPathRoot: "/nonexistent-root", requiresMemoryFileSystem: false, layout: .plain).write(
            [],
            into: "/nonexistent-root/x"
        )
        try ScratchDirectory.with { scratch in
            try VolumeWriter(requiresMemoryFileSystem: false, layout: .plain).write([], into: scratch.path)
            #expect(scratch.names().isEmpty)
        }
    }

    @Test("An empty file is written")
    func emptyContents() throws {
        try ScratchDirectory.with { scratch in
            try scratch.makeFile("was-full", "something")
            try VolumeWriter(requiresMemoryFileSystem: false, layout: .plain).write(
                [VolumeFile(path: "was-full", mode: 0o644, contents: [])],
                into: scratch.path
            )
            #expect(scratch.contents("was-full") == [])
            #expect(
                try VolumeWriter(requiresMemoryFileSystem: false, layout: .plain).read("was-full", in: scratch.path)
                    == []
            )
        }
    }

    @Test("1 MiB of binary content is written and read back byte for byte")
    func binaryMegabyte() throws {
        try ScratchDirectory.with { scratch in
            var generator = SystemRandomNumberGenerator()
            var contents = (0..<(1 << 20)).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            contents.replaceSubrange(0..<256, with: (0...255).map(UInt8.init))  // Every byte value, NUL included.
            let writer = VolumeWriter(requiresMemoryFileSystem: false, layout: .plain)
            try writer.write([VolumeFile(path: "blob/data.bin", mode: 0o400, contents: contents)], into: scratch.path)
            #expect(scratch.contents("blob/data.bin") == contents)
            #expect(try writer.read("blob/data.bin", in: scratch.path) == contents)
        }
    }

    @Test("Writing 200 files in one call works")
    func twoHundredFiles() throws {
        try ScratchDirectory.with { scratch in
            let files = (0..<200).map { index in
                VolumeFile(
                    path: index.isMultiple(of: 2) ? "file-\(index)" : "group-\(index % 7)/file-\(index)",
                    mode: 0o640,
                    contents: Array("value \(index)".utf8)
                )
            }
            let writer = VolumeWriter(requiresMemoryFileSystem: false, layout: .plain)
            try writer.write(files, into: scratch.path)
            for file in files {
                #expect(try writer.read(file.path, in: scratch.path) == file.contents)
                #expect(scratch.mode(file.path) == 0o640)
            }
            #expect(scratch.temporaries().isEmpty)
            #expect(scratch.snapshot().count == 200 + 7)
        }
    }

    @Test("Concurrent writes of the same files: each completes or fails at once on the lock; whole files, no litter")
    func concurrentWrites() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let target = scratch.path
        let versions = (0..<8).map { version in
            ["a", "b", "sub/c"].map { VolumeFile(path: $0, mode: 0o644, contents: Array("\($0) v\(version)".utf8)) }
        }
        let completed = await withTaskGroup(of: Bool.self) { group in
            for files in versions {
                group.addTask {
                    do {
                        try VolumeWriter(requiresMemoryFileSystem: false, layout: .plain).write(files, into: target)
                        return true
                    } catch {
                        #expect("\(error)".contains("another process holds the directory's lock"), "\(error)")
                        return false
                    }
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(completed >= 1)
        for path in ["a", "b", "sub/c"] {
            let contents = try #require(scratch.contents(path))
            #expect((0..<8).contains { contents == Array("\(path) v\($0)".utf8) })
        }
        #expect(scratch.temporaries().isEmpty)
    }
}

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

struct ReadTests {
    @Test("A regular file is read; a missing file or directory gives nil")
    func regularAndMissing() throws {
        try ScratchDirectory.with { scratch in
            try scratch.makeDirectory("db")
            try scratch.makeFile("db/password", "hunter2")
            let writer = VolumeWriter(requiresMemoryFileSystem: false)
            #expect(try writer.read("db/password", in: scratch.path) == Array("hunter2".utf8))
            #expect(try writer.read("db/missing", in: scratch.path) == nil)
            #expect(try writer.read("nope/missing", in: scratch.path) == nil)
        }
    }

    @Test("Files published through the driver's atomic writer layout (..data links) are read")
    func driverLayout() throws {
        try ScratchDirectory.with { scratch in
            let timestamped = "..2026_11_23_10_00_00.123456789"
            try scratch.makeDirectory("\(timestamped)/nested")
            try scratch.makeFile("\(timestamped)/password", "from-driver")
            try scratch.makeFile("\(timestamped)/nested/key", "nested-from-driver")
            try scratch.makeLink("..data", to: timestamped)
            try scratch.makeLink("password", to: "..data/password")
            try scratch.makeLink("nested", to: "..data/nested")
            let writer = VolumeWriter(targetPathRoot: "/tmp", requiresMemoryFileSystem: false)
            #expect(try writer.read("password", in: scratch.path) == Array("from-driver".utf8))
            #expect(try writer.read("nested/key", in: scratch.path) == Array("nested-from-driver".utf8))
            #expect(try writer.read("nested/absent", in: scratch.path) == nil)
        }
    }

    @Test("Links that climb with '..' but stay inside the target are followed")
    func climbingInside() throws {
        try ScratchDirectory.with { scratch in
            try scratch.makeDirectory("a/b")
            try scratch.makeFile("real", "value")
            try scratch.makeLink("a/b/up", to: "../../real")
            try scratch.makeLink("alias", to: "a/b/../../real")
            let writer = VolumeWriter(requiresMemoryFileSystem: false)
            #expect(try writer.read("a/b/up", in: scratch.path) == Array("value".utf8))
            #expect(try writer.read("alias", in: scratch.path) == Array("value".utf8))
        }
    }

    /// A link in the target and the fragment the refusal's message must contain.
    static let escapingLinks: [(link: String, destination: String, reason: String)] = [
        ("leak", "../outside/secret", "outside the target"),
        ("absolute", "/etc/hostname", "points to the absolute path \"/etc/hostname\""),
        ("deep/leak", "../../outside/secret", "outside the target"),
        ("sneaky", "deep/../../outside/secret", "outside the target"),
    ]

    @Test("A link leading outside the target is refused", arguments: Self.escapingLinks)
    func escapingLink(_ link: String, destination: String, reason: String) throws {
        try ScratchDirectory.with { scratch in
            try scratch.makeDirectory("target/deep")
            try scratch.makeDirectory("outside")
            try scratch.makeFile("outside/secret", "host secret")
            try scratch.makeLink("target/\(link)", to: destination)
            let error = #expect(throws: VolumeError.self) {
                try VolumeWriter(requiresMemoryFileSystem: false).read(link, in: scratch.at("target"))
            }
            #expect(error?.code == .invalidPath)
            #expect(error?.path == link)
            #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("host secret") == false)
        }
    }

    @Test("A link loop stops after the link limit")
    func linkLoop() throws {
        try ScratchDirectory.with { scratch in
            try scratch.makeLink("a", to: "b")
            try scratch.makeLink("b", to: "a")
            let error = #expect(throws: VolumeError.self) {
                try VolumeWriter(requiresMemoryFileSystem: false).read("a", in: scratch.path)
            }
            #expect(error?.code == .readFailed)
            #expect(error?.errno == ELOOP)
            #expect(error?.message.contains("more than \(VolumeWriter.maximumSymbolicLinks) symbolic links") == true)
        }
    }

    @Test("A file larger than the cap is refused without being read")
    func oversize() throws {
        try ScratchDirectory.with { scratch in
            let path = scratch.at("huge")
            let descriptor = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
            try #require(descriptor >= 0)
            // Sparse: takes no space.
            #expect(ftruncate(descriptor, off_t(VolumeWriter.maximumReadSize + 1)) == 0)
            close(descriptor)
            let error = #expect(throws: VolumeError.self) {
                try VolumeWriter(requiresMemoryFileSystem: false).read("huge", in: scratch.path)
            }
            #expect(error?.code == .readFailed)
            #expect(error?.errno == EFBIG)
            #expect(error?.message.contains("more than the limit of \(VolumeWriter.maximumReadSize)") == true)
        }
    }

    @Test("A directory, a FIFO or a path through a file cannot be read")
    func notRegularFiles() throws {
        try ScratchDirectory.with { scratch in
            try scratch.makeDirectory("dir")
            try scratch.makeFile("file", "x")
            try #require(mkfifo(scratch.at("pipe"), 0o644) == 0)
            try scratch.makeLink("self", to: ".")
            let writer = VolumeWriter(requiresMemoryFileSystem: false)

            let directory = #expect(throws: VolumeError.self) { try writer.read("dir", in: scratch.path) }
            #expect(directory?.code == .readFailed)
            #expect(directory?.errno == EISDIR)

            // Must not block waiting for a FIFO writer.
            let fifo = #expect(throws: VolumeError.self) { try writer.read("pipe", in: scratch.path) }
            #expect(fifo?.code == .readFailed)
            #expect(fifo?.message.contains("not a regular file") == true)

            let through = #expect(throws: VolumeError.self) { try writer.read("file/x", in: scratch.path) }
            #expect(through?.code == .invalidPath)
            #expect(through?.message.contains("\"file\" is not a directory") == true)

            let linkToTarget = #expect(throws: VolumeError.self) { try writer.read("self", in: scratch.path) }
            #expect(linkToTarget?.code == .readFailed)
        }
    }

    @Test("What write writes, read returns, including through the writer's own overwrite")
    func roundTrip() throws {
        try ScratchDirectory.with { scratch in
            let writer = VolumeWriter(requiresMemoryFileSystem: false)
            let files = [
                VolumeFile(path: "a", mode: 0o400, contents: Array("first".utf8)),
                VolumeFile(path: "d/b", mode: 0o644, contents: []),
            ]
            try writer.write(files, into: scratch.path)
            for file in files {
                #expect(try writer.read(file.path, in: scratch.path) == file.contents)
            }
        }
    }
}

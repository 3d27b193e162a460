// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import PodVolume

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The generation layout on a real file system: `..aws-gen-<id>/` holds the files, `..data` names it, every
/// top-level name is a link through `..data`, and a write switches all files at once.
struct GenerationWriteTests {
    let writer = VolumeWriter(requiresMemoryFileSystem: false)

    static func files(_ version: String, paths: [String] = ["username", "password", "db/host"]) -> [VolumeFile] {
        paths.map {
            VolumeFile(path: $0, mode: $0 == "password" ? 0o600 : 0o644, contents: Array("\($0) \(version)".utf8))
        }
    }

    @Test("The first write makes one generation, ..data and a relative link per top-level name")
    func layout() throws {
        try ScratchDirectory.with { scratch in
            let written = try self.writer.write(Self.files("v1"), into: scratch.path)
            #expect(written == ["username", "password", "db/host"])
            let generation = try #require(scratch.generations().first)
            #expect(scratch.generations().count == 1)
            #expect(scratch.names() == [generation, "..data", "db", "password", "username"].sorted())
            #expect(scratch.link("..data") == generation)
            #expect(scratch.link("username") == "..data/username")
            #expect(scratch.link("db") == "..data/db")  // A top-level directory is one link too.
            #expect(scratch.mode(generation) == 0o755)
            #expect(scratch.mode("\(generation)/password") == 0o600)
            #expect(scratch.mode("\(generation)/db") == 0o755)
            #expect(scratch.contents("db/host") == Array("db/host v1".utf8))
            #expect(try self.writer.read("db/host", in: scratch.path) == Array("db/host v1".utf8))
            #expect(scratch.temporaries().isEmpty)
        }
    }

    @Test("A change makes a new generation, switches ..data, removes the old one and the names that are gone")
    func rotation() throws {
        try ScratchDirectory.with { scratch in
            try self.writer.write(Self.files("v1", paths: ["username", "password", "old"]), into: scratch.path)
            let first = try #require(scratch.generations().first)
            let unchangedInode = try #require(scratch.status("\(first)/username")).st_ino
            let written = try self.writer.write(
                Self.files("v1", paths: ["username"]) + Self.files("v2", paths: ["password", "new/file"]),
                into: scratch.path
            )
            #expect(written == ["password", "new/file", "old"])
            let second = try #require(scratch.generations().first)
            #expect(scratch.generations() == [second] && second != first)
            #expect(scratch.link("..data") == second)
            #expect(scratch.names() == [second, "..data", "new", "password", "username"].sorted())
            #expect(scratch.contents("password") == Array("password v2".utf8))
            #expect(scratch.contents("username") == Array("username v1".utf8))
            #expect(scratch.contents("new/file") == Array("new/file v2".utf8))
            // The unchanged file is the same inode, linked into the new generation, not written again.
            #expect(try #require(scratch.status("\(second)/username")).st_ino == unchangedInode)
            #expect(try #require(scratch.status("\(second)/password")).st_nlink == 1)
        }
    }

    @Test("Unchanged files make no generation and touch nothing: same entries, inodes and times")
    func unchanged() throws {
        try ScratchDirectory.with { scratch in
            try self.writer.write(Self.files("v1"), into: scratch.path)
            let before = scratch.snapshot()
            let generation = try #require(scratch.generations().first)
            let modified = try #require(scratch.status(generation)).st_mtim.tv_nsec
            #expect(try self.writer.write(Self.files("v1"), into: scratch.path).isEmpty)
            #expect(scratch.snapshot() == before)
            #expect(try #require(scratch.status(generation)).st_mtim.tv_nsec == modified)
        }
    }

    @Test("A mode change alone is a change: a new generation with the new mode")
    func modeChange() throws {
        try ScratchDirectory.with { scratch in
            try self.writer.write([VolumeFile(path: "key", mode: 0o644, contents: [1])], into: scratch.path)
            #expect(
                try self.writer.write([VolumeFile(path: "key", mode: 0o400, contents: [1])], into: scratch.path) == [
                    "key"
                ]
            )
            let generation = try #require(scratch.generations().first)
            #expect(scratch.mode("\(generation)/key") == 0o400)
        }
    }

    @Test("Plain files and directories of an earlier layout become links in one write; other files stay")
    func migration() throws {
        try ScratchDirectory.with { scratch in
            let plain = VolumeWriter(requiresMemoryFileSystem: false, layout: .plain)
            try plain.write(
                Self.files("v1") + [VolumeFile(path: "stale", mode: 0o644, contents: [9])],
                into: scratch.path
            )
            let written = try self.writer.write(Self.files("v2"), into: scratch.path)
            #expect(written == ["username", "password", "db/host"])
            #expect(scratch.link("username") == "..data/username")
            #expect(scratch.link("db") == "..data/db")
            #expect(scratch.contents("db/host") == Array("db/host v2".utf8))
            #expect(scratch.contents("stale") == [9])  // Not this layout's: left as the earlier writer left it.
            #expect(scratch.temporaries().isEmpty)
            #expect(scratch.names().count == 6)  // The generation, ..data, three links and "stale".
        }
    }

    @Test("Links planted at names, at ..data and at ..data_tmp are replaced, never followed")
    func plantedLinks() throws {
        try ScratchDirectory.with { scratch in
            try scratch.makeDirectory("target")
            try scratch.makeDirectory("outside")
            try scratch.makeFile("outside/passwd", "root")
            try scratch.makeLink("target/password", to: scratch.at("outside/passwd"))
            try scratch.makeLink("target/db", to: scratch.at("outside"))
            try scratch.makeLink("target/..data", to: scratch.at("outside"))
            try scratch.makeLink("target/..data_tmp", to: scratch.at("outside"))
            let outside = scratch.snapshot("outside")
            try self.writer.write(Self.files("v1"), into: scratch.at("target"))
            #expect(scratch.snapshot("outside") == outside)
            let generation = try #require(scratch.generations("target").first)
            #expect(scratch.link("target/..data") == generation)
            #expect(scratch.link("target/password") == "..data/password")
            #expect(scratch.link("target/db") == "..data/db")
            #expect(scratch.status("target/..data_tmp") == nil)
            #expect(scratch.contents("target/db/host") == Array("db/host v1".utf8))
        }
    }

    @Test("A generation name planted as a link to a directory outside is never entered or emptied")
    func plantedGeneration() throws {
        try ScratchDirectory.with { scratch in
            try scratch.makeDirectory("target")
            try scratch.makeDirectory("outside")
            try scratch.makeFile("outside/username", "theirs")
            let planted = "..aws-gen-00000000000000aa"
            try scratch.makeLink("target/\(planted)", to: scratch.at("outside"))
            try scratch.makeLink("target/..data", to: planted)
            scratch.age("target/\(planted)", seconds: 600)
            let outside = scratch.snapshot("outside")
            try self.writer.write(Self.files("v1"), into: scratch.at("target"))
            try self.writer.write(Self.files("v2"), into: scratch.at("target"))
            #expect(scratch.snapshot("outside") == outside)
            #expect(scratch.link("target/..data") != planted)
            #expect(scratch.contents("target/username") == Array("username v2".utf8))
        }
    }

    @Test("A ..data that is a directory is refused before anything is written", arguments: [true, false])
    func dataDirectory(isDirectory: Bool) throws {
        try ScratchDirectory.with { scratch in
            if isDirectory {
                try scratch.makeDirectory("..data")
            } else {
                try scratch.makeFile("..data", "x")
            }
            let before = scratch.snapshot()
            let error = #expect(throws: VolumeError.self) {
                try self.writer.write(Self.files("v1"), into: scratch.path)
            }
            #expect(error?.code == .invalidPath)
            #expect(error?.message.contains("its \"..data\" is a \(isDirectory ? "directory" : "file")") == true)
            #expect(scratch.snapshot() == before)
        }
    }

    @Test("An empty write in this layout removes every file: a class with no objects left")
    func emptyWrite() throws {
        try ScratchDirectory.with { scratch in
            try self.writer.write(Self.files("v1"), into: scratch.path)
            #expect(try self.writer.write([], into: scratch.path).sorted() == ["db", "password", "username"])
            #expect(scratch.names().filter { !$0.hasPrefix("..") }.isEmpty)
        }
    }
}

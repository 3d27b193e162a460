// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import PodVolume
import Testing

/// Rotation rewrites only what changed: a file that already holds the same bytes and mode keeps its inode.
struct UnchangedFilesTests {
    @Test("identical files are left alone; changed bytes or modes are replaced; the paths written are returned")
    func writesOnlyChanges() throws {
        try ScratchDirectory.with { scratch in
            let writer = VolumeWriter(requiresMemoryFileSystem: false, layout: .plain)
            let first = [
                VolumeFile(path: "same", mode: 0o644, contents: Array("one".utf8)),
                VolumeFile(path: "bytes", mode: 0o644, contents: Array("one".utf8)),
                VolumeFile(path: "mode", mode: 0o644, contents: Array("one".utf8)),
                VolumeFile(path: "dir/nested", mode: 0o600, contents: Array("one".utf8)),
            ]
            let firstWrite = try writer.write(first, into: scratch.path)
            #expect(firstWrite == ["same", "bytes", "mode", "dir/nested"])
            let inodes = ["same", "bytes", "mode", "dir/nested"].map { scratch.status($0)?.st_ino }

            let second = [
                VolumeFile(path: "same", mode: 0o644, contents: Array("one".utf8)),
                VolumeFile(path: "bytes", mode: 0o644, contents: Array("two".utf8)),
                VolumeFile(path: "mode", mode: 0o640, contents: Array("one".utf8)),
                VolumeFile(path: "dir/nested", mode: 0o600, contents: Array("one".utf8)),
                VolumeFile(path: "new", mode: 0o644, contents: []),
            ]
            let secondWrite = try writer.write(second, into: scratch.path)
            #expect(secondWrite == ["bytes", "mode", "new"])
            #expect(scratch.status("same")?.st_ino == inodes[0])
            #expect(scratch.status("dir/nested")?.st_ino == inodes[3])
            #expect(scratch.status("bytes")?.st_ino != inodes[1])
            #expect(scratch.contents("bytes") == Array("two".utf8))
            #expect(scratch.mode("mode") == 0o640)
            #expect(scratch.temporaries().isEmpty)

            let thirdWrite = try writer.write(second, into: scratch.path)
            #expect(thirdWrite.isEmpty)
        }
    }

    @Test("a symbolic link at a final name is replaced even when its target holds the same bytes")
    func linkIsReplaced() throws {
        try ScratchDirectory.with { scratch in
            try scratch.makeFile("elsewhere", "one")
            try scratch.makeLink("file", to: scratch.at("elsewhere"))
            let written = try VolumeWriter(requiresMemoryFileSystem: false, layout: .plain).write(
                [VolumeFile(path: "file", mode: 0o644, contents: Array("one".utf8))],
                into: scratch.path
            )
            #expect(written == ["file"])
            #expect(scratch.status("file").map { $0.st_mode & S_IFMT } == S_IFREG)
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import PodVolume

struct PathValidationTests {
    /// A malformed path and a fragment of the reason given.
    struct Rejected: Sendable, CustomTestStringConvertible {
        let path: String
        let reason: String

        var testDescription: String {
            let shown = self.path.count > 40 ? "\(self.path.prefix(40))… (\(self.path.utf8.count) bytes)" : self.path
            return "\(shown.debugDescription) → \(self.reason)"
        }
    }

    static let rejectedPaths: [Rejected] = [
        Rejected(path: "", reason: "the path is empty"),
        Rejected(path: "/etc/passwd", reason: "the path is absolute"),
        Rejected(path: "..", reason: "\"..\" component"),
        Rejected(path: ".", reason: "\".\" component"),
        Rejected(path: "../escape", reason: "\"..\" component"),
        Rejected(path: "a/../b", reason: "\"..\" component"),
        Rejected(path: "a/..", reason: "\"..\" component"),
        Rejected(path: "./a", reason: "\".\" component"),
        Rejected(path: "a/./b", reason: "\".\" component"),
        Rejected(path: "a//b", reason: "empty component"),
        Rejected(path: "a/", reason: "empty component"),
        Rejected(path: "a\u{0}b", reason: "NUL"),
        Rejected(path: String(repeating: "x", count: 256), reason: "longer than 255 bytes"),
        Rejected(path: String(repeating: "a/", count: 2048) + "b", reason: "longer than 4095 bytes"),
        Rejected(path: String(repeating: "a/", count: 32) + "b", reason: "more than 32 components"),
        Rejected(path: "..data", reason: "starts with \"..\", which the volume's layout reserves"),
        Rejected(path: "..data_tmp", reason: "starts with \"..\""),
        Rejected(path: "..data-is-reserved-too/x", reason: "starts with \"..\""),
        Rejected(path: "...", reason: "starts with \"..\""),
        Rejected(path: "a/..aws-gen-0123456789abcdef", reason: "\"..aws-\", which the writer reserves"),
    ]

    @Test("Malformed paths are refused before anything is written", arguments: Self.rejectedPaths)
    func rejected(_ row: Rejected) throws {
        let path = row.path
        let reason = row.reason
        try ScratchDirectory.with { scratch in
            let writer = VolumeWriter(requiresMemoryFileSystem: false)
            let files = [
                VolumeFile(path: "fine", mode: 0o644, contents: Array("ok".utf8)),
                VolumeFile(path: path, mode: 0o644, contents: Array(secretMarker.utf8)),
            ]
            let error = #expect(throws: VolumeError.self) { try writer.write(files, into: scratch.path) }
            #expect(error?.code == .invalidPath)
            #expect(error?.path == path)
            #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
            #expect(error?.description.contains(secretMarker) == false)
            #expect(scratch.names().isEmpty)

            let readError = #expect(throws: VolumeError.self) { try writer.read(path, in: scratch.path) }
            #expect(readError?.code == .invalidPath)
        }
    }

    static let acceptedPaths = [
        "a/..data-inside-is-just-a-name", "a/...", "a..", "mypath../param", ".hidden", "with space", "日本語/ファイル",
        String(repeating: "x", count: 255), "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
    ]

    @Test("Unusual but well-formed paths are written and read back", arguments: Self.acceptedPaths)
    func accepted(_ path: String) throws {
        try ScratchDirectory.with { scratch in
            let writer = VolumeWriter(requiresMemoryFileSystem: false)
            try writer.write([VolumeFile(path: path, mode: 0o600, contents: Array(path.utf8))], into: scratch.path)
            #expect(try writer.read(path, in: scratch.path) == Array(path.utf8))
            #expect(scratch.temporaries().isEmpty)
        }
    }

    @Test("A path given twice is refused")
    func duplicate() throws {
        try ScratchDirectory.with { scratch in
            let files = [
                VolumeFile(path: "db/password", mode: 0o644, contents: [1]),
                VolumeFile(path: "other", mode: 0o644, contents: [2]),
                VolumeFile(path: "db/password", mode: 0o600, contents: [3]),
            ]
            let error = #expect(throws: VolumeError.self) {
                try VolumeWriter(requiresMemoryFileSystem: false).write(files, into: scratch.path)
            }
            #expect(error?.code == .invalidPath)
            #expect(error?.message.contains("appears twice") == true)
            #expect(scratch.names().isEmpty)
        }
    }

    @Test("Paths are compared as bytes: canonically equivalent names are two files")
    func canonicalEquivalence() throws {
        try ScratchDirectory.with { scratch in
            let composed = "caf\u{E9}"
            let decomposed = "cafe\u{301}"
            #expect(composed == decomposed)  // Equal as Swift strings, different as file names.
            let files = [
                VolumeFile(path: composed, mode: 0o644, contents: [1]),
                VolumeFile(path: decomposed, mode: 0o644, contents: [2]),
            ]
            try VolumeWriter(requiresMemoryFileSystem: false).write(files, into: scratch.path)
            #expect(scratch.names().filter { !$0.hasPrefix("..") }.count == 2)
            #expect(scratch.contents(composed) == [1] && scratch.contents(decomposed) == [2])
        }
    }

    @Test(
        "A path that is both a file and a directory of another file is refused",
        arguments: [
            ["a", "a/b"], ["a/b/c", "a/b"], ["x", "a/b", "a"],
        ]
    )
    func fileAndDirectory(_ paths: [String]) throws {
        try ScratchDirectory.with { scratch in
            let files = paths.map { VolumeFile(path: $0, mode: 0o644, contents: [0]) }
            let error = #expect(throws: VolumeError.self) {
                try VolumeWriter(requiresMemoryFileSystem: false).write(files, into: scratch.path)
            }
            #expect(error?.code == .invalidPath)
            #expect(error?.message.contains("both a file and a directory") == true)
            #expect(scratch.names().isEmpty)
        }
    }

    @Test("Control characters in a path are escaped in messages")
    func escapedInMessages() throws {
        try ScratchDirectory.with { scratch in
            try scratch.makeFile("bad\nname", "a file")
            let files = [VolumeFile(path: "bad\nname/x", mode: 0o644, contents: [0])]
            let error = #expect(throws: VolumeError.self) {
                try VolumeWriter(requiresMemoryFileSystem: false, layout: .plain).write(files, into: scratch.path)
            }
            #expect(error?.message.contains("\"bad\\nname/x\"") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("\n") == false)
        }
    }

    @Test("Temporary names are this writer's own: `..aws-tmp-` and 16 hex digits, random, never a valid file path")
    func temporaryNames() {
        let temporary = ReservedName.temporary.make()
        #expect(String(decoding: temporary, as: UTF8.self).hasPrefix("..aws-tmp-"))
        #expect(temporary.count == 26)
        #expect(ReservedName.temporary.matches(temporary))
        #expect(ReservedName.temporary.make() != temporary)
        let asFile = String(decoding: temporary, as: UTF8.self)
        for path in [asFile, "dir/\(asFile)", "..aws-other"] {
            let error = #expect(throws: VolumeError.self) {
                try VolumeWriter(requiresMemoryFileSystem: false).write(
                    [VolumeFile(path: path, mode: 0o644, contents: [0])],
                    into: "/tmp"
                )
            }
            #expect(error?.code == .invalidPath)
            #expect(error?.message.contains("reserves") == true, "\(error?.message ?? "")")
        }
    }
}

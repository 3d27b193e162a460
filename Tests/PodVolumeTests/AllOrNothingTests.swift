// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import PodVolume

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

struct AllOrNothingTests {
    /// How the fifth file of the batch fails.
    struct Failure: Sendable, CustomTestStringConvertible {
        let testDescription: String
        /// The fifth file's path.
        let path: String
        /// Prepares the obstacle in the target (and possibly outside it).
        let prepare: @Sendable (ScratchDirectory) throws -> Void
        /// A fault to inject, for failures a real file system rarely produces.
        var fault: InjectedFault.Step?
        let code: VolumeError.Code
        let reason: String
    }

    static let failures: [Failure] = [
        Failure(
            testDescription: "a parent component is an existing regular file",
            path: "blocker/x",
            prepare: { try $0.makeFile("target/blocker", "a file") },
            code: .invalidPath,
            reason: "\"blocker\" is not a directory"
        ),
        Failure(
            testDescription: "the final name is an existing directory",
            path: "taken",
            prepare: { try $0.makeDirectory("target/taken/inner") },
            code: .invalidPath,
            reason: "a directory already has this path"
        ),
        Failure(
            testDescription: "the final name is a FIFO",
            path: "pipe",
            prepare: { scratch in try #require(mkfifo(scratch.at("target/pipe"), 0o644) == 0) },
            code: .invalidPath,
            reason: "a FIFO, socket or device"
        ),
        Failure(
            testDescription: "a symbolic link planted in the volume (db -> outside)",
            path: "db/password",
            prepare: { scratch in try scratch.makeLink("target/db", to: scratch.at("outside")) },
            code: .invalidPath,
            reason: "\"db\" is a symbolic link, which is never followed"
        ),
        Failure(
            testDescription: "a relative symbolic link deeper down (x/y -> ../../outside)",
            path: "x/y/password",
            prepare: { scratch in
                try scratch.makeDirectory("target/x")
                try scratch.makeLink("target/x/y", to: "../../outside")
            },
            code: .invalidPath,
            reason: "\"x/y\" is a symbolic link"
        ),
        Failure(
            testDescription: "writing the contents fails (injected ENOSPC) in new directories",
            path: "new/deeper/x",
            prepare: { _ in },
            fault: .staging,
            code: .writeFailed,
            reason: "No space left on device"
        ),
    ]

    /// The four files written before each batch, and their replacements in the batch.
    static let existing = ["one", "two", "nested/three", "nested/four"]

    @Test(
        "When the last of five files fails, nothing is written and the others stay byte-identical",
        arguments: Self.failures
    )
    func lastFileFails(_ failure: Failure) throws {
        try ScratchDirectory.with { scratch in
            try scratch.makeDirectory("target")
            try scratch.makeDirectory("outside")
            let target = scratch.at("target")
            var writer = VolumeWriter(targetPathRoot: scratch.path, requiresMemoryFileSystem: false, layout: .plain)
            try writer.write(
                Self.existing.map { VolumeFile(path: $0, mode: 0o644, contents: Array("\($0) v1".utf8)) },
                into: target
            )
            try failure.prepare(scratch)
            let before = scratch.snapshot()
            if let step = failure.fault {
                writer.injectedFault = InjectedFault(step: step, path: failure.path, errno: ENOSPC)
            }

            let batch =
                Self.existing.map { VolumeFile(path: $0, mode: 0o600, contents: Array("\($0) v2".utf8)) }
                + [VolumeFile(path: failure.path, mode: 0o600, contents: Array(secretMarker.utf8))]
            let error = #expect(throws: VolumeError.self) { try writer.write(batch, into: target) }
            #expect(error?.code == failure.code)
            #expect(error?.path == failure.path)
            #expect(error?.message.hasPrefix("cannot write \"\(failure.path)\" in \(target): ") == true)
            #expect(error?.message.contains(failure.reason) == true, "\(error?.message ?? "")")
            #expect(error?.description.contains(secretMarker) == false)

            #expect(scratch.snapshot() == before)
            #expect(scratch.names("outside").isEmpty)
            for path in Self.existing {
                #expect(scratch.contents("target/\(path)") == Array("\(path) v1".utf8))
            }
        }
    }

    @Test("An injected ENOSPC gives the documented message, errno and path")
    func messageShape() throws {
        try ScratchDirectory.with { scratch in
            var writer = VolumeWriter(requiresMemoryFileSystem: false, layout: .plain)
            writer.injectedFault = InjectedFault(step: .staging, path: "db/password", errno: ENOSPC)
            let file = VolumeFile(path: "db/password", mode: 0o400, contents: Array(secretMarker.utf8))
            let error = #expect(throws: VolumeError.self) { try writer.write([file], into: scratch.path) }
            #expect(error?.message == "cannot write \"db/password\" in \(scratch.path): No space left on device")
            #expect(error?.errno == ENOSPC)
            #expect(error?.path == "db/password")
            #expect(error?.description == "writeFailed: \"\(error?.message ?? "")\"")
            #expect(scratch.names().isEmpty)  // The new directory "db" was removed again.
        }
    }

    @Test("Directories created by a failed write are removed, including one that held a staged temporary")
    func createdDirectoriesRemoved() throws {
        try ScratchDirectory.with { scratch in
            var writer = VolumeWriter(requiresMemoryFileSystem: false, layout: .plain)
            writer.injectedFault = InjectedFault(step: .staging, path: "z-last", errno: EIO)
            // "a-dir/file" is staged first (its temporary is in "a-dir"); that temporary is removed, so "a-dir" is
            // empty again and goes too.
            let files = [
                VolumeFile(path: "a-dir/file", mode: 0o644, contents: [1]),
                VolumeFile(path: "z-last", mode: 0o644, contents: [2]),
            ]
            #expect(throws: VolumeError.self) { try writer.write(files, into: scratch.path) }
            #expect(scratch.names().isEmpty)
        }
    }

    @Test("A rename failing midway replaces the earlier files only, says so, and leaves no temporaries")
    func renameFailure() throws {
        try ScratchDirectory.with { scratch in
            var writer = VolumeWriter(requiresMemoryFileSystem: false, layout: .plain)
            let paths = ["first", "second", "third"]
            try writer.write(
                paths.map { VolumeFile(path: $0, mode: 0o644, contents: Array("\($0) v1".utf8)) },
                into: scratch.path
            )
            writer.injectedFault = InjectedFault(step: .renaming, path: "second", errno: EIO)
            let error = #expect(throws: VolumeError.self) {
                try writer.write(
                    paths.map { VolumeFile(path: $0, mode: 0o644, contents: Array("\($0) v2".utf8)) },
                    into: scratch.path
                )
            }
            #expect(error?.code == .writeFailed)
            #expect(error?.message.contains("1 other file was already replaced") == true, "\(error?.message ?? "")")
            #expect(scratch.contents("first") == Array("first v2".utf8))
            #expect(scratch.contents("second") == Array("second v1".utf8))
            #expect(scratch.contents("third") == Array("third v1".utf8))
            #expect(scratch.names() == paths.sorted())
        }
    }

    @Test("Nothing is written outside through a planted link, even as the only file")
    func plantedLinkOnly() throws {
        try ScratchDirectory.with { scratch in
            try scratch.makeDirectory("target")
            try scratch.makeDirectory("outside")
            try scratch.makeLink("target/db", to: scratch.at("outside"))
            let file = VolumeFile(path: "db/password", mode: 0o644, contents: Array("x".utf8))
            let error = #expect(throws: VolumeError.self) {
                try VolumeWriter(requiresMemoryFileSystem: false, layout: .plain).write(
                    [file],
                    into: scratch.at("target")
                )
            }
            #expect(error?.code == .invalidPath)
            #expect(scratch.names("outside").isEmpty)
            #expect(scratch.names("target") == ["db"])
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files of one write, validated before any I/O: every path is well formed, none appears twice, and none is
/// both a file and a directory of another file.
struct WritePlan {
    /// One file with its path split into the directory and the final name.
    struct Entry {
        /// The file as requested.
        let file: VolumeFile
        /// The components of the directory holding the file, relative to the target; empty for the target.
        let directory: [Name]
        /// The final name.
        let name: Name

        /// The components of the whole path.
        var components: [Name] {
            self.directory + [self.name]
        }

        /// Whether the regular file `name` of `parent` has exactly this file's permission bits and bytes; false when
        /// it is missing, is not a regular file or cannot be read (so it is written).
        func isHeld(in parent: OpenDirectory) -> Bool {
            let existing = try? VolumeWriter.readRegularFile(self.name, in: parent, location: "") { _, _, _ in
                VolumeError(code: .readFailed, message: "")
            }
            guard let existing else { return false }
            return existing.mode == mode_t(self.file.mode & 0o777) && existing.contents == self.file.contents
        }
    }

    /// The target directory, for messages.
    let target: String

    /// The files, in request order.
    let entries: [Entry]

    /// Every directory the files need below the target, each once, parents before children.
    let directories: [[Name]]

    /// Validates `files` for a write into `target`.
    ///
    /// - Throws: ``VolumeError`` with code `invalidPath` naming the first file at fault.
    init(files: [VolumeFile], target: String) throws(VolumeError) {
        self.target = target
        var entries: [Entry] = []
        var finalPaths: Set<[Name]> = []
        for file in files {
            let components: [Name]
            switch VolumePath.fileComponents(of: file.path) {
            case .success(let value): components = value
            case .failure(let problem):
                throw .file(.invalidPath, "write", path: file.path, in: target, problem.reason)
            }
            // Compared as bytes: two strings that Swift considers equal may name two different files, and the
            // other way round nothing else can collide.
            guard finalPaths.insert(components).inserted else {
                throw .file(.invalidPath, "write", path: file.path, in: target, "the path appears twice in the request")
            }
            entries.append(Entry(file: file, directory: Array(components.dropLast()), name: components.last!))
        }

        var directories: [[Name]] = []
        var directorySet: Set<[Name]> = []
        for entry in entries {
            for depth in stride(from: 1, through: entry.directory.count, by: 1) {
                let prefix = Array(entry.directory.prefix(depth))
                if directorySet.insert(prefix).inserted {
                    directories.append(prefix)
                }
            }
        }
        for entry in entries where directorySet.contains(entry.components) {
            let inside = entries.first { $0.directory.starts(with: entry.components) }
            throw .file(
                .invalidPath,
                "write",
                path: entry.file.path,
                in: target,
                "the request also writes \(Shown.quoted(inside?.file.path ?? "")), so this path would have to be "
                    + "both a file and a directory"
            )
        }
        self.entries = entries
        self.directories = directories
    }

    /// The first entry whose directory is `directory` or lies inside it, for naming a file in a directory error.
    func firstEntry(inside directory: [Name]) -> Entry {
        self.entries.first { $0.directory.starts(with: directory) } ?? self.entries[0]
    }

    /// An error about `entry`'s file: `cannot write "<path>" in <target>: <reason>[: <strerror>]`.
    func failure(
        _ code: VolumeError.Code,
        _ entry: Entry,
        _ reason: String?,
        errno: Int32? = nil
    ) -> VolumeError {
        .file(code, "write", path: entry.file.path, in: self.target, reason, errno: errno)
    }

    /// An error about the directory `directory` (components below the target) of the plan, named through the first
    /// file inside it: `cannot write "<file>" in <target>: <step> "<directory>" failed: <strerror>`.
    func directoryFailure(_ directory: [Name], _ step: String, _ error: SystemError) -> VolumeError {
        let shown = Shown.quoted(VolumePath.relativeText(directory))
        return self.failure(
            .writeFailed,
            self.firstEntry(inside: directory),
            "\(step) \(shown) failed",
            errno: error.code
        )
    }
}

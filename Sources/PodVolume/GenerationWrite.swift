// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One write in the generation layout (``VolumeLayout/generations``).
///
/// 1. Find the current generation (`..data`, never followed unless it names a generation of this writer) and
///    compare it with the files: when every file holds the same bytes and mode and nothing else is there, no
///    generation is made; only the links are checked (and repaired if a kill or someone else broke them).
/// 2. Build a new generation `..aws-gen-<id>` completely: its directories (mode ``VolumeWriter/directoryMode``),
///    every file created with `O_CREAT|O_EXCL|O_NOFOLLOW` relative to its directory's descriptor, mode set before
///    the contents, then `fsync` of every file and directory. Any failure removes the new generation; the current
///    one stays as it was.
/// 3. Switch: the link `..data_tmp -> ..aws-gen-<id>` is renamed over `..data`, one atomic step, then the target is
///    synced. From here every reader that goes through `..data` sees the new files, all of them.
/// 4. Publish: link every top-level name `name -> ..data/name` that is not linked yet (replacing a plain file or
///    directory of an earlier layout), remove the links of names that are gone, then remove the old generation and
///    any leftovers of a killed writer. A failure here leaves the new generation current; the next write, the
///    reconciler's ``VolumeWriter/repair(_:expecting:)`` or the start-up sweep finishes it.
final class GenerationWrite {
    private let plan: WritePlan
    private let root: OpenDirectory
    private let fault: InjectedFault?

    /// A write of `plan` into the target `root`, whose lock the caller holds.
    init(plan: WritePlan, root: OpenDirectory, fault: InjectedFault?) {
        self.plan = plan
        self.root = root
        self.fault = fault
    }

    /// Writes the files; returns the paths that changed: written with other bytes or mode, or removed.
    func run() throws(VolumeError) -> [String] {
        let current = try self.currentGeneration()
        let changes = current.map { GenerationComparison(plan: self.plan, generation: $0) }
        if var current, let changes, changes.isEmpty {
            current.topLevelNames = changes.topLevelNames
            try self.publish(current)
            return []
        }
        var generation = try self.build(reusing: changes?.held ?? [:])
        try self.switchTo(generation)
        var seen: Set<Name> = []
        generation.topLevelNames = self.plan.entries.map { $0.directory.first ?? $0.name }.filter {
            seen.insert($0).inserted
        }
        try self.publish(generation)
        if let current {
            self.root.removeTree(current.name)
        }
        return changes?.paths ?? self.plan.entries.map(\.file.path)
    }

    /// The generation `..data` names, if it is one of this writer's.
    private func currentGeneration() throws(VolumeError) -> Generation? {
        switch DataLink.of(self.root) {
        case .success(.ours(let generation)): return generation
        case .success(.absent), .success(.otherLink): return nil
        case .success(.notALink(let kind)):
            throw VolumeError(
                code: .invalidPath,
                message: "cannot write the files in \(Shown.target(self.plan.target)): its \"..data\" is a "
                    + "\(kind == .directory ? "directory" : "file"), not the link of an atomic-generation layout; "
                    + "nothing was written",
                path: self.plan.target
            )
        case .failure(let error): throw self.targetFailure("checking \"..data\" failed", error)
        }
    }

    /// Builds the new generation completely, with `held` files of the current generation linked into it rather than
    /// written again; removes it again on any failure.
    private func build(reusing held: [Int: OpenDirectory]) throws(VolumeError) -> Generation {
        var made: (name: Name, directory: OpenDirectory)?
        for _ in 0..<16 where made == nil {
            let name = ReservedName.generation.make()
            switch self.root.makeDirectory(name, mode: mode_t(VolumeWriter.directoryMode)) {
            case .success:
                guard case .success(let directory) = self.root.openDirectory(name) else {
                    self.root.removeTree(name)
                    throw self.targetFailure("opening the new generation failed", SystemError(code: EIO))
                }
                made = (name, directory)
            case .failure(let error) where error.code == EEXIST: continue
            case .failure(let error): throw self.targetFailure("creating the new generation failed", error)
            }
        }
        guard let made else {
            throw self.targetFailure("creating the new generation failed", SystemError(code: EEXIST))
        }
        do throws(VolumeError) {
            try self.fill(made.directory, reusing: held)
        } catch {
            self.root.removeTree(made.name)
            throw error
        }
        return Generation(name: made.name, directory: made.directory)
    }

    /// Creates the directories and files of the new generation `top` and syncs them all. A file the current
    /// generation holds unchanged (`held`, by plan position, with its directory there) becomes a second hard link to
    /// the same inode: it is not written again, and its readers and watchers see the same file.
    private func fill(_ top: OpenDirectory, reusing held: [Int: OpenDirectory]) throws(VolumeError) {
        if case .failure(let error) = top.setMode(mode_t(VolumeWriter.directoryMode)) {
            throw self.targetFailure("setting the mode of the new generation failed", error)
        }
        var directories: [[Name]: OpenDirectory] = [[]: top]
        for directory in self.plan.directories {
            let parent = directories[Array(directory.dropLast())]!
            let opened = parent.makeDirectory(directory.last!, mode: mode_t(VolumeWriter.directoryMode))
                .flatMap { parent.openDirectory(directory.last!) }
            switch opened {
            case .success(let child):
                if case .failure(let error) = child.setMode(mode_t(VolumeWriter.directoryMode)) {
                    throw self.plan.directoryFailure(directory, "setting the mode of", error)
                }
                directories[directory] = child
            case .failure(let error):
                throw self.plan.directoryFailure(directory, "creating the directory", error)
            }
        }
        for (index, entry) in self.plan.entries.enumerated() {
            let parent = directories[entry.directory]!
            if let existing = held[index], case .success = parent.link(entry.name, from: existing) {
                continue
            }
            let result = parent.createFile(
                entry.name,
                mode: entry.file.mode,
                contents: entry.file.contents
            ) { self.fault?.error(at: .staging, for: entry.file.path) }
            if case .failure(let failure) = result {
                throw self.plan.failure(.writeFailed, entry, failure.reason("file"), errno: failure.error.code)
            }
        }
        // Deepest first, so a directory's entries are durable before the entry that leads to it.
        for (components, directory) in directories.sorted(by: { $0.key.count > $1.key.count }) {
            if case .failure(let error) = directory.sync() {
                guard !self.plan.entries.isEmpty else {
                    throw self.targetFailure("syncing the new generation failed", error)
                }
                let entry = self.plan.firstEntry(inside: components)
                throw self.plan.failure(.writeFailed, entry, "syncing its directory failed", errno: error.code)
            }
        }
    }

    /// Makes `generation` current: `..data_tmp -> <generation>`, renamed over `..data`, then the target synced.
    /// On failure the new generation is removed and the current one stays.
    private func switchTo(_ generation: Generation) throws(VolumeError) {
        let temporary = ReservedName.dataTemporary
        if case .failure(let error) = self.root.remove(temporary), error.code != ENOENT {
            self.root.removeTree(generation.name)
            throw self.targetFailure("removing a leftover \"..data_tmp\" failed", error)
        }
        var result = self.root.makeSymbolicLink(temporary, to: generation.name)
        if case .success = result {
            result =
                self.fault?.error(at: .switching, for: "").map { .failure($0) }
                ?? self.root.rename(temporary, to: ReservedName.data)
        }
        if case .failure(let error) = result {
            self.root.remove(temporary)
            self.root.removeTree(generation.name)
            throw self.targetFailure("switching \"..data\" to the new generation failed", error)
        }
        if case .failure(let error) = self.root.sync() {
            throw self.targetFailure("the new generation is current, but syncing the target failed", error)
        }
    }

    /// Links the top-level names to `generation` and removes leftovers.
    private func publish(_ generation: Generation) throws(VolumeError) {
        try generation.publish(in: self.root, target: self.plan.target, fault: self.fault)
    }

    /// A ``VolumeError/Code/writeFailed`` error about the target as a whole.
    private func targetFailure(_ reason: String, _ error: SystemError) -> VolumeError {
        .writing(self.plan.target, reason, error)
    }
}

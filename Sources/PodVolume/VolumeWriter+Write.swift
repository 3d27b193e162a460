// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension VolumeWriter {
    /// Writes every file into `target`, all or nothing, in the writer's ``layout``.
    ///
    /// Both layouts first validate every path (no I/O) and check the target, and leave a file that already holds
    /// the same bytes and permission bits alone (same inode, same mtime): rotation rewrites only what changed, and
    /// applications watching their files see no event for an unchanged secret.
    ///
    /// In the ``VolumeLayout/generations`` layout (see ``GenerationWrite``) a change builds a complete new generation
    /// and switches `..data` to it in one `rename`; at every instant, and after a kill at any instant, the target
    /// shows one complete generation. Files the request no longer has disappear at the switch. A failure before the
    /// switch leaves the current generation as it was and removes everything the write made.
    ///
    /// In the ``VolumeLayout/plain`` layout each file is staged in a temporary file beside its final name and, when
    /// all are ready, renamed over it (see ``WriteSession``); files the request no longer has stay.
    ///
    /// - Parameters:
    ///   - files: The files, with paths relative to `target`.
    ///   - target: The pod's volume directory.
    ///   - identity: What ``checkTarget(_:)`` found the target to be; the opened directory must still be it.
    /// - Returns: The paths written, in request order (files that were already identical are not among them), then
    ///   the paths removed.
    /// - Throws: ``VolumeError`` naming the target or the file at fault.
    @discardableResult
    public func write(
        _ files: [VolumeFile],
        into target: String,
        expecting identity: TargetIdentity?
    ) throws(VolumeError) -> [String] {
        guard !files.isEmpty || self.layout == .generations else {
            return []
        }
        let plan = try WritePlan(files: files, target: target)
        let root = try self.openLocked(target, expecting: identity)
        switch self.layout {
        case .generations:
            return try GenerationWrite(plan: plan, root: root, fault: self.injectedFault).run()
        case .plain:
            return try WriteSession(plan: plan, root: root, fault: self.injectedFault).run()
        }
    }

    /// Opens the target as ``openTarget(_:expecting:)`` does and takes its lock (``OpenDirectory/lock()``), held until
    /// the directory is closed. The lock is not waited for (a wait would hold a thread every tenant shares): when
    /// another process holds it, the write fails at once and the driver's retry or the next check writes.
    private func openLocked(_ target: String, expecting identity: TargetIdentity?) throws(VolumeError) -> OpenDirectory
    {
        let root = try self.openTarget(target, expecting: identity)
        if case .failure(let error) = root.lock() {
            throw .writing(
                target,
                error.code == EWOULDBLOCK
                    ? "another process holds the directory's lock (a provider writing it, or a process that locked it "
                        + "with flock); nothing was written"
                    : "locking the directory failed",
                error
            )
        }
        return root
    }

    /// Makes the links of a target in the generation layout match its current generation, and removes the
    /// leftovers of killed writes; does nothing in the plain layout or in a target without a generation of this
    /// writer. Reads only, when everything is in order.
    ///
    /// - Parameters:
    ///   - target: The pod's volume directory.
    ///   - identity: What ``checkTarget(_:)`` found the target to be; the opened directory must still be it.
    /// - Returns: How many links were created, replaced or removed.
    /// - Throws: ``VolumeError`` naming the target and the name at fault.
    @discardableResult
    public func repair(_ target: String, expecting identity: TargetIdentity?) throws(VolumeError) -> Int {
        guard self.layout == .generations else {
            return 0
        }
        let root = try self.openTarget(target, expecting: identity)
        // A busy volume is repaired at the next check; a `..data` that cannot be read now, too.
        guard case .success = root.lock(), case .success(.ours(let generation)) = DataLink.of(root) else {
            return 0
        }
        return try generation.publish(in: root, target: target, fault: self.injectedFault)
    }
}

/// One write in the plain layout (``VolumeLayout/plain``); its state: the directories opened or created and the
/// temporary files staged so far.
///
/// The steps, each finished for every file before the next begins:
/// 1. Inspect: open the existing directories one component at a time (`O_NOFOLLOW|O_DIRECTORY`) and check each
///    final name is free, a regular file or a symbolic link (which is replaced, never followed). A symbolic link
///    or a non-directory on the way, or a directory or special file at a final name, fails here, before anything
///    is created.
/// 2. Stage: create the missing directories (mode ``VolumeWriter/directoryMode``), then for each file a temporary
///    file `..aws-tmp-<16 hex digits>` beside its final name (``OpenDirectory/createFile(_:mode:contents:beforeSync:)``).
/// 3. Publish: rename each temporary file over its final name, then `fsync` every directory touched.
///
/// Temporary files that a killed process left in these directories are removed (the write holds the target's
/// lock, so none belongs to a write in progress). A failure in steps 1 and 2 removes every temporary file and every
/// directory this write created (when still empty), and leaves all existing files as they were. Step 3 fails only on
/// a kernel error or a concurrent change to the volume; the files renamed so far then stay replaced, the rest of the
/// temporary files are removed, and the message says how many were replaced.
final class WriteSession {
    private let plan: WritePlan
    private let fault: InjectedFault?
    /// Open directories by their components below the target; `[]` is the target.
    private var directories: [[Name]: OpenDirectory]
    /// Directories that do not exist yet.
    private var missing: Set<[Name]> = []
    /// Directories this write created, in creation order.
    private var created: [[Name]] = []
    /// Temporary files created so far: the entry's position in the plan and the temporary name.
    private var staged: [(entry: Int, temporary: Name)] = []
    /// The entries whose final name already holds exactly their bytes and mode.
    private var identical: Set<Int> = []

    /// A write of `plan` into the target `root`, whose lock the caller holds.
    init(plan: WritePlan, root: OpenDirectory, fault: InjectedFault?) {
        self.plan = plan
        self.fault = fault
        self.directories = [[]: root]
    }

    /// Writes the files that differ; returns their paths.
    func run() throws(VolumeError) -> [String] {
        try self.inspect()
        for directory in [[]] + self.plan.directories {
            self.directories[directory]?.removeTemporaries()
        }
        let changed = self.plan.entries.indices.filter { !self.identical.contains($0) }
        guard !changed.isEmpty else {
            return []
        }
        do throws(VolumeError) {
            try self.createDirectories()
            for index in changed {
                try self.stage(index)
            }
        } catch {
            self.discard()
            throw error
        }
        try self.publish()
        try self.syncDirectories(changed.map { self.plan.entries[$0].directory })
        return changed.map { self.plan.entries[$0].file.path }
    }

    /// Opens the existing directories and checks the final names, changing nothing.
    private func inspect() throws(VolumeError) {
        for directory in self.plan.directories {
            if self.missing.contains(Array(directory.dropLast())) {
                self.missing.insert(directory)
            } else if let opened = try self.openExisting(directory) {
                self.directories[directory] = opened
            } else {
                self.missing.insert(directory)
            }
        }
        for (index, entry) in self.plan.entries.enumerated() {
            guard let parent = self.directories[entry.directory] else {
                continue  // Its directory is still to be created, so the name is free.
            }
            switch parent.kind(of: entry.name) {
            case .success(.regularFile):
                if entry.isHeld(in: parent) {
                    self.identical.insert(index)
                }
            case .success(nil), .success(.symbolicLink):
                continue
            case .success(.directory):
                throw self.plan.failure(.invalidPath, entry, "a directory already has this path")
            case .success(.other):
                throw self.plan.failure(.invalidPath, entry, "a FIFO, socket or device already has this path")
            case .failure(let error):
                throw self.plan.failure(.writeFailed, entry, "checking the existing file failed", errno: error.code)
            }
        }
    }

    /// Opens the directory at `directory` (its parent is open) without following a link; nil when it is missing.
    private func openExisting(_ directory: [Name]) throws(VolumeError) -> OpenDirectory? {
        let parent = self.directories[Array(directory.dropLast())]!
        let name = directory.last!
        let openError: SystemError
        switch parent.openDirectory(name) {
        case .success(let opened): return opened
        case .failure(let error): openError = error
        }
        let entry = self.plan.firstEntry(inside: directory)
        let shown = Shown.quoted(VolumePath.relativeText(directory))
        switch parent.kind(of: name) {
        case .success(nil):
            return nil
        case .success(.symbolicLink):
            throw self.plan.failure(.invalidPath, entry, "\(shown) is a symbolic link, which is never followed")
        case .success(.regularFile), .success(.other):
            throw self.plan.failure(.invalidPath, entry, "\(shown) is not a directory")
        case .success(.directory):
            throw self.plan.failure(.writeFailed, entry, "opening the directory \(shown) failed", errno: openError.code)
        case .failure(let error):
            throw self.plan.failure(.writeFailed, entry, "checking the directory \(shown) failed", errno: error.code)
        }
    }

    /// Creates the missing directories, parents first, with exactly ``VolumeWriter/directoryMode``.
    private func createDirectories() throws(VolumeError) {
        for directory in self.plan.directories where self.missing.contains(directory) {
            let parent = self.directories[Array(directory.dropLast())]!
            let entry = self.plan.firstEntry(inside: directory)
            let shown = Shown.quoted(VolumePath.relativeText(directory))
            var madeHere = false
            switch parent.makeDirectory(directory.last!, mode: mode_t(VolumeWriter.directoryMode)) {
            case .success: madeHere = true
            case .failure(let error) where error.code == EEXIST: break  // Created meanwhile; opened below, unfollowed.
            case .failure(let error): throw self.plan.directoryFailure(directory, "creating the directory", error)
            }
            if madeHere {
                self.created.append(directory)
            }
            guard let opened = try self.openExisting(directory) else {
                throw self.plan.failure(.writeFailed, entry, "the directory \(shown) vanished", errno: ENOENT)
            }
            self.directories[directory] = opened
            if madeHere, case .failure(let error) = opened.setMode(mode_t(VolumeWriter.directoryMode)) {
                throw self.plan.directoryFailure(directory, "setting the mode of", error)
            }
        }
    }

    /// Creates, fills and syncs the temporary file of entry `index`.
    private func stage(_ index: Int) throws(VolumeError) {
        let entry = self.plan.entries[index]
        let parent = self.directories[entry.directory]!
        for _ in 0..<16 {
            let temporary = ReservedName.temporary.make()
            let result = parent.createFile(temporary, mode: entry.file.mode, contents: entry.file.contents) {
                self.fault?.error(at: .staging, for: entry.file.path)
            }
            switch result {
            case .success:
                self.staged.append((entry: index, temporary: temporary))
                return
            case .failure(let failure) where failure.step == .creating && failure.error.code == EEXIST:
                continue
            case .failure(let failure):
                if failure.step != .creating {
                    self.staged.append((entry: index, temporary: temporary))
                }
                throw self.plan.failure(
                    .writeFailed,
                    entry,
                    failure.reason("temporary file"),
                    errno: failure.error.code
                )
            }
        }
        throw self.plan.failure(.writeFailed, entry, "creating the temporary file failed", errno: EEXIST)
    }

    /// Renames every temporary file over its final name.
    private func publish() throws(VolumeError) {
        for (position, item) in self.staged.enumerated() {
            let entry = self.plan.entries[item.entry]
            let parent = self.directories[entry.directory]!
            let result: Result<Void, SystemError> =
                if let error = self.fault?.error(at: .renaming, for: entry.file.path) {
                    .failure(error)
                } else {
                    parent.rename(item.temporary, to: entry.name)
                }
            guard case .failure(let error) = result else {
                continue
            }
            self.staged.removeFirst(position)
            self.discard(keepingDirectories: true)
            let replaced = position == 1 ? "1 other file was" : "\(position) other files were"
            throw self.plan.failure(
                .writeFailed,
                entry,
                "replacing the file failed (\(replaced) already replaced)",
                errno: error.code
            )
        }
        self.staged = []
    }

    /// Syncs every directory whose entries changed: those holding the written files and the parents of new
    /// directories.
    private func syncDirectories(_ written: [[Name]]) throws(VolumeError) {
        var touched = Set(written)
        for directory in self.created {
            touched.insert(Array(directory.dropLast()))
        }
        // Deepest first, so a directory's new entries are durable before the entry that leads to it.
        for directory in touched.sorted(by: { $0.count > $1.count }) {
            guard case .failure(let error) = self.directories[directory]!.sync() else {
                continue
            }
            let shown =
                directory.isEmpty ? "the target" : "the directory \(Shown.quoted(VolumePath.relativeText(directory)))"
            throw self.plan.failure(
                .writeFailed,
                self.plan.firstEntry(inside: directory),
                "the files were replaced, but syncing \(shown) failed",
                errno: error.code
            )
        }
    }

    /// Removes the staged temporary files and, unless told otherwise, the directories this write created when
    /// they are empty (a directory someone else has put something into meanwhile stays).
    private func discard(keepingDirectories: Bool = false) {
        for item in self.staged {
            self.directories[self.plan.entries[item.entry].directory]?.remove(item.temporary)
        }
        self.staged = []
        guard !keepingDirectories else {
            return
        }
        for directory in self.created.reversed() {
            self.directories[directory] = nil
            self.directories[Array(directory.dropLast())]?.remove(directory.last!, directory: true)
        }
        self.created = []
    }
}

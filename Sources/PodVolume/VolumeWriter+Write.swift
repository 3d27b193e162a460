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
    /// Writes every file into `target`, all or nothing.
    ///
    /// The steps, each finished for every file before the next begins:
    /// 1. Validate every path (no I/O) and check the target.
    /// 2. Inspect: open the existing directories one component at a time (`O_NOFOLLOW|O_DIRECTORY`) and check each
    ///    final name is free, a regular file or a symbolic link (which is replaced, never followed). A symbolic link
    ///    or a non-directory on the way, or a directory or special file at a final name, fails here, before anything
    ///    is created.
    /// 3. Stage: create the missing directories (mode ``directoryMode``), then for each file a temporary file
    ///    `..aws-tmp-<16 hex digits>` beside its final name (`O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0600), set the exact
    ///    mode with `fchmod` (the nine permission bits of ``VolumeFile/mode``; setuid, setgid and sticky are
    ///    dropped, as the incumbent does), write the contents and `fsync`.
    /// 4. Publish: rename each temporary file over its final name, then `fsync` every directory touched.
    ///
    /// A file whose final name already holds a regular file with the same permission bits and the same bytes is
    /// left alone (same inode, same mtime): rotation rewrites only what changed, and applications watching their
    /// files see no event for an unchanged secret.
    ///
    /// Temporary files that a killed process left in these directories (older than this process, or than two minutes)
    /// are removed.
    ///
    /// A failure in steps 1 to 3 removes every temporary file and every directory this call created (when still
    /// empty), and leaves all existing files as they were. Step 4 fails only on a kernel error or a concurrent
    /// change to the volume; the files renamed so far then stay replaced, the rest of the temporary files are
    /// removed, and the message says how many were replaced. An empty `files` does nothing, not even a target check.
    ///
    /// - Parameters:
    ///   - files: The files, with paths relative to `target`.
    ///   - target: The pod's volume directory.
    ///   - identity: What ``checkTarget(_:)`` found the target to be; the opened directory must still be it.
    /// - Returns: The paths written, in request order; files that were already identical are not among them.
    /// - Throws: ``VolumeError`` naming the target or the file at fault.
    @discardableResult
    public func write(
        _ files: [VolumeFile],
        into target: String,
        expecting identity: TargetIdentity?
    ) throws(VolumeError) -> [String] {
        guard !files.isEmpty else {
            return []
        }
        let plan = try WritePlan(files: files, target: target)
        let root = try self.openTarget(target, expecting: identity)
        return try WriteSession(plan: plan, root: root, fault: self.injectedFault, startedAt: self.createdAt).run()
    }
}

/// The state of one write: the directories opened or created and the temporary files staged so far.
private final class WriteSession {
    private let plan: WritePlan
    private let fault: InjectedFault?
    /// When the writer was made; temporary files from before it belong to a process that is gone.
    private let startedAt: Int
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

    init(plan: WritePlan, root: OpenDirectory, fault: InjectedFault?, startedAt: Int) {
        self.plan = plan
        self.fault = fault
        self.startedAt = startedAt
        self.directories = [[]: root]
    }

    /// Writes the files that differ; returns their paths.
    func run() throws(VolumeError) -> [String] {
        try self.inspect()
        for directory in [[]] + self.plan.directories {
            self.directories[directory]?.removeStaleTemporaries(processStartedAt: self.startedAt)
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
                if Self.holds(entry, in: parent) {
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

    /// Whether the regular file at `entry`'s final name has exactly its permission bits and bytes; false when it
    /// cannot be read, so it is written.
    private static func holds(_ entry: WritePlan.Entry, in parent: OpenDirectory) -> Bool {
        let existing = try? VolumeWriter.readRegularFile(entry.name, in: parent, location: "") { _, _, _ in
            VolumeError(code: .readFailed, message: "")
        }
        guard let existing else { return false }
        return existing.mode == mode_t(entry.file.mode & 0o777) && existing.contents == entry.file.contents
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
            case .failure(let error):
                throw self.plan.failure(
                    .writeFailed,
                    entry,
                    "creating the directory \(shown) failed",
                    errno: error.code
                )
            }
            if madeHere {
                self.created.append(directory)
            }
            guard let opened = try self.openExisting(directory) else {
                throw self.plan.failure(.writeFailed, entry, "the directory \(shown) vanished", errno: ENOENT)
            }
            self.directories[directory] = opened
            if madeHere, case .failure(let error) = opened.setMode(mode_t(VolumeWriter.directoryMode)) {
                throw self.plan.failure(.writeFailed, entry, "setting the mode of \(shown) failed", errno: error.code)
            }
        }
    }

    /// Creates, fills and syncs the temporary file of entry `index`.
    private func stage(_ index: Int) throws(VolumeError) {
        let entry = self.plan.entries[index]
        let parent = self.directories[entry.directory]!
        let flags = O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC
        var descriptor: Int32 = -1
        var lastError = SystemError(code: EEXIST)
        for _ in 0..<16 {
            let temporary = TemporaryName.make()
            switch parent.openFile(temporary, flags: flags, mode: 0o600) {
            case .success(let opened):
                descriptor = opened
                self.staged.append((entry: index, temporary: temporary))
            case .failure(let error):
                lastError = error
                if error.code == EEXIST {
                    continue
                }
            }
            break
        }
        guard descriptor >= 0 else {
            throw self.plan.failure(.writeFailed, entry, "creating the temporary file failed", errno: lastError.code)
        }
        var isOpen = true
        defer {
            if isOpen {
                close(descriptor)
            }
        }
        if case .failure(let error) = retryingOnInterrupt({ fchmod(descriptor, mode_t(entry.file.mode & 0o777)) }) {
            throw self.plan.failure(.writeFailed, entry, "setting the file mode failed", errno: error.code)
        }
        if case .failure(let error) = Self.writeAll(entry.file.contents, to: descriptor) {
            throw self.plan.failure(.writeFailed, entry, nil, errno: error.code)
        }
        if let fault = self.fault, fault.step == .staging, fault.path == entry.file.path {
            throw self.plan.failure(.writeFailed, entry, nil, errno: fault.errno)
        }
        if case .failure(let error) = retryingOnInterrupt({ fsync(descriptor) }) {
            throw self.plan.failure(.writeFailed, entry, "syncing the temporary file failed", errno: error.code)
        }
        isOpen = false
        // Not retried on EINTR: on Linux the descriptor is released even then, and a retry could close another.
        if close(descriptor) != 0 {
            let code = errno
            if code != EINTR {
                throw self.plan.failure(.writeFailed, entry, "closing the temporary file failed", errno: code)
            }
        }
    }

    /// Writes all of `contents`, continuing after short writes and interruptions.
    private static func writeAll(_ contents: [UInt8], to descriptor: Int32) -> Result<Void, SystemError> {
        contents.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                // At most 1 GiB per call: Linux writes at most about 2 GiB at once anyway.
                let length = min(buffer.count - offset, 1 << 30)
                switch retryingOnInterrupt({ write(descriptor, buffer.baseAddress! + offset, length) }) {
                case .success(0): return .failure(SystemError(code: EIO))
                case .success(let written): offset += written
                case .failure(let error): return .failure(error)
                }
            }
            return .success(())
        }
    }

    /// Renames every temporary file over its final name.
    private func publish() throws(VolumeError) {
        for (position, item) in self.staged.enumerated() {
            let entry = self.plan.entries[item.entry]
            let parent = self.directories[entry.directory]!
            let result: Result<Void, SystemError> =
                if let fault = self.fault, fault.step == .renaming, fault.path == entry.file.path {
                    .failure(SystemError(code: fault.errno))
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

/// Names of temporary files: `..aws-tmp-<16 hex digits>`.
///
/// `..aws-` is this provider's own prefix: the SecretProviderClass rules and ``VolumePath`` refuse it in every
/// component of a file name, and the driver's atomic writer refuses a leading `..` (it uses `..data` and
/// `..<timestamp>` itself). So no file of a class, and no file another provider wrote in the node's Secrets Store
/// volumes outside the driver's generation directories (which the sweep never enters), can be taken for one.
enum TemporaryName {
    /// What every temporary name starts with.
    static let prefix = VolumePath.reservedPrefix + Array("tmp-".utf8)

    /// A new random temporary name.
    static func make() -> Name {
        let digits = Array(String(UInt64.random(in: .min ... .max), radix: 16).utf8)
        let padding = [UInt8](repeating: UInt8(ascii: "0"), count: 16 - digits.count)
        return self.prefix + padding + digits
    }
}

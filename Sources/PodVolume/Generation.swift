// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `..data` is in a target.
enum DataLink {
    /// There is no `..data`.
    case absent
    /// `..data` names a generation directory of this writer.
    case ours(Generation)
    /// `..data` is a symbolic link to something else: another writer's generation, or nothing. A write replaces it;
    /// the start-up sweep leaves the volume alone.
    case otherLink
    /// `..data` is a directory, a file or a special file: not a layout anyone writes. A write refuses the target.
    case notALink(EntryKind)

    /// What `..data` is in `root`; every check is made without following a link.
    static func of(_ root: OpenDirectory) -> Result<Self, SystemError> {
        let target: [UInt8]
        switch root.linkTarget(of: ReservedName.data) {
        case .success(let value): target = value
        case .failure(let error) where error.code == ENOENT: return .success(.absent)
        case .failure(let error) where error.code == EINVAL:
            // Not a symbolic link: what it is instead.
            return root.kind(of: ReservedName.data).map { kind in kind.map(Self.notALink) ?? .absent }
        case .failure(let error): return .failure(error)
        }
        guard ReservedName.generation.matches(target) else {
            return .success(.otherLink)
        }
        switch root.openDirectory(target) {
        case .success(let directory):
            return .success(.ours(Generation(name: target, directory: directory)))
        case .failure(let error) where [ENOENT, ENOTDIR, ELOOP].contains(error.code):
            return .success(.otherLink)  // Dangling, or not a directory of ours: replaced by the next write.
        case .failure(let error):
            return .failure(error)  // Out of descriptors or memory: nothing is decided on that.
        }
    }
}

/// One generation directory of this writer, `..aws-gen-<id>`, opened.
struct Generation {
    /// Its name in the target.
    let name: Name
    /// The open directory.
    let directory: OpenDirectory
    /// Its top-level entries when the caller knows them (it just built or listed the generation); nil lists them.
    var topLevelNames: [Name]?

    /// The error of one step of ``publish(in:names:fault:)``.
    struct PublishFailure: Error {
        /// The top-level name being published or removed.
        let name: Name
        /// What failed, as the end of a sentence.
        let step: String
        /// The error.
        let error: SystemError
    }

    /// Makes the top-level names of `root` match this generation, the current one: every top-level entry of the
    /// generation gets the link `name -> ..data/name` (replacing, never following, whatever has the name: a link,
    /// a file of the plain layout, a directory of it), and every link of this layout whose name the generation no
    /// longer has is removed. Other entries are left alone. Links that are already right are not touched.
    ///
    /// - Parameters:
    ///   - root: The target.
    ///   - rootNames: The target's entries, listed just before.
    ///   - fault: The tests' injected failure.
    /// - Returns: How many names were linked or removed.
    func publish(in root: OpenDirectory, names rootNames: [Name], fault: InjectedFault?) -> Result<Int, PublishFailure>
    {
        let names = (self.topLevelNames ?? self.directory.entryNames()).filter { !$0.starts(with: VolumePath.dotDot) }
        var changes = 0
        for name in names {
            let link = ReservedName.published(name)
            if root.isLink(name, to: link) {
                continue
            }
            if let error = fault?.error(at: .linking, for: String(decoding: name, as: UTF8.self)) {
                return .failure(PublishFailure(name: name, step: "linking it", error: error))
            }
            if case .failure(let failure) = Self.link(name, to: link, in: root) {
                return .failure(failure)
            }
            changes += 1
        }
        let current = Set(names)
        for name in rootNames
        where !name.starts(with: VolumePath.dotDot) && !current.contains(name)
            && root.isLink(name, to: ReservedName.published(name))
        {
            if case .failure(let error) = root.remove(name) {
                return .failure(PublishFailure(name: name, step: "removing its link", error: error))
            }
            changes += 1
        }
        return .success(changes)
    }

    /// Publishes this generation as ``publish(in:names:fault:)`` does, removes the leftovers of killed writes
    /// (``removeLeftovers(in:names:keeping:)``), and syncs the target when a link changed. Called with the target's
    /// lock held.
    ///
    /// - Returns: How many names were linked or removed, and leftovers removed.
    /// - Throws: ``VolumeError`` with code `writeFailed` naming the target and the name at fault.
    @discardableResult
    func publish(
        in root: OpenDirectory,
        target: String,
        fault: InjectedFault?
    ) throws(VolumeError) -> Int {
        let changes: Int
        let rootNames = root.entryNames()
        switch self.publish(in: root, names: rootNames, fault: fault) {
        case .success(let count): changes = count
        case .failure(let failure):
            throw .writing(
                target,
                "the files are current through \"..data\", but \(failure.step) for \(Shown.quoted(failure.name)) "
                    + "failed (it is repaired at the next write or check)",
                failure.error
            )
        }
        if changes > 0, case .failure(let error) = root.sync() {
            throw .writing(target, "the links were updated, but syncing the target failed", error)
        }
        return changes + Self.removeLeftovers(in: root, names: rootNames, keeping: self.name)
    }

    /// Points the top-level name `name` at `link`: created when free, otherwise a new link renamed over what is
    /// there (so a reader finds the old entry or the new link, never nothing), or swapped with a directory.
    private static func link(_ name: Name, to link: [UInt8], in root: OpenDirectory) -> Result<Void, PublishFailure> {
        let failure = { (step: String, error: SystemError) in PublishFailure(name: name, step: step, error: error) }
        switch root.makeSymbolicLink(name, to: link) {
        case .success: return .success(())
        case .failure(let error) where error.code == EEXIST: break
        case .failure(let error): return .failure(failure("linking it", error))
        }
        let temporary = ReservedName.temporary.make()
        if case .failure(let error) = root.makeSymbolicLink(temporary, to: link) {
            return .failure(failure("creating its link", error))
        }
        guard case .success(.directory) = root.kind(of: name) else {
            // A file or another link: `rename` replaces it in one step.
            if case .failure(let error) = root.rename(temporary, to: name) {
                root.remove(temporary)
                return .failure(failure("replacing it with its link", error))
            }
            return .success(())
        }
        // A directory of the plain layout: swap it with the link in one step, then remove it; where the kernel
        // cannot swap, move it aside first (the name is missing for an instant).
        switch root.exchange(temporary, with: name) {
        case .success:
            root.removeTree(temporary)
            return .success(())
        case .failure(let error) where error.code == EINVAL || error.code == ENOSYS:
            let aside = ReservedName.temporary.make()
            if case .failure(let error) = root.rename(name, to: aside) {
                root.remove(temporary)
                return .failure(failure("moving its directory aside", error))
            }
            if case .failure(let error) = root.rename(temporary, to: name) {
                root.remove(temporary)
                return .failure(failure("replacing it with its link", error))
            }
            root.removeTree(aside)
            return .success(())
        case .failure(let error):
            root.remove(temporary)
            return .failure(failure("replacing its directory with its link", error))
        }
    }

    /// Removes this writer's leftovers in `root`: generation directories other than `current`, a `..data_tmp` link
    /// to a generation, and temporary files and links (``OpenDirectory/removeTemporaries(among:)``). Called with the
    /// target's lock held, when no write is in progress there; `listed` are the target's entries when the caller has
    /// just listed them.
    ///
    /// - Returns: How many entries were removed.
    @discardableResult
    static func removeLeftovers(in root: OpenDirectory, names listed: [Name]? = nil, keeping current: Name?) -> Int {
        var removed = 0
        let names = listed ?? root.entryNames()
        for name in names
        where name != current && (ReservedName.generation.matches(name) || name == ReservedName.dataTemporary) {
            let isLeftover =
                if name == ReservedName.dataTemporary {
                    (try? root.linkTarget(of: name).get()).map(ReservedName.generation.matches) == true
                } else {
                    (try? root.kind(of: name).get()) == .directory
                }
            if isLeftover && root.removeTree(name) {
                removed += 1
            }
        }
        return removed + root.removeTemporaries(among: names)
    }
}

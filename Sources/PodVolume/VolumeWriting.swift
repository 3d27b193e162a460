// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// One file of a mount: written into the pod's volume by the provider, or returned to the driver to write itself.
public struct VolumeFile: Sendable, Hashable {
    /// The path relative to the target directory: no leading `/`, no `.` or `..` component, no empty component.
    /// It may contain `/` (path translation off), in which case the directories are created.
    public var path: String
    /// The permission bits, 0 to 0o777. Only these nine bits are applied, exactly and whatever the umask; setuid,
    /// setgid and sticky bits (as in a `filePermission` of `4755`) are dropped, as the incumbent provider does.
    public var mode: UInt16
    /// The contents.
    public var contents: [UInt8]

    /// Creates a file.
    public init(path: String, mode: UInt16, contents: [UInt8]) {
        self.path = path
        self.mode = mode
        self.contents = contents
    }
}

/// Writes a mount's files into the pod's volume directory, and reads back what is there; a seam for fakes.
public protocol VolumeWriting: Sendable {
    /// Checks that `target` is an absolute path to an existing directory (not a symbolic link), inside the configured
    /// root when there is one, and (unless configured otherwise) on a memory-backed file system. Called before any
    /// network call, so a bad target fails fast.
    ///
    /// - Returns: The identity of the directory, which every later write into it must match.
    /// - Throws: ``VolumeError`` naming the target and the rule it breaks.
    @discardableResult
    func checkTarget(_ target: String) throws(VolumeError) -> TargetIdentity

    /// Writes every file, all or nothing, so that a reader never sees some files of this write beside files of an
    /// earlier one (in the generation layout, not even when the process is killed in the middle). Directories in
    /// paths are created as needed; no symbolic link inside the target that the writer did not make is followed. A
    /// file that already holds exactly the same bytes and permission bits is left as it is.
    ///
    /// - Parameters:
    ///   - files: The files, with paths relative to `target`.
    ///   - target: The pod's volume directory.
    ///   - identity: The identity ``checkTarget(_:)`` returned for it; the directory opened for writing must still be
    ///     that one (nil skips this check).
    /// - Returns: The paths written (the files that differed), in request order, then the paths removed.
    /// - Throws: ``VolumeError`` naming the file at fault, or ``VolumeError/Code/targetChanged``.
    @discardableResult
    func write(_ files: [VolumeFile], into target: String, expecting identity: TargetIdentity?) throws(VolumeError)
        -> [String]

    /// Brings the target's layout back in line with its current files (links a kill left missing or dangling),
    /// changing nothing when it is in order; the reconciler calls it for the volumes whose files did not change.
    ///
    /// - Returns: How many entries were repaired.
    /// - Throws: ``VolumeError`` naming the target and the entry at fault, or ``VolumeError/Code/targetChanged``.
    @discardableResult
    func repair(_ target: String, expecting identity: TargetIdentity?) throws(VolumeError) -> Int

    /// The contents of the file at `path` inside `target`, or nil if there is none. Symbolic links inside the
    /// target are followed only when they stay inside it (the driver's own writer publishes files through links).
    ///
    /// - Throws: ``VolumeError`` when the file exists but cannot be read.
    func read(_ path: String, in target: String) throws(VolumeError) -> [UInt8]?
}

extension VolumeWriting {
    /// Writes every file into `target` without comparing its identity with an earlier check (tests and tools).
    @discardableResult
    public func write(_ files: [VolumeFile], into target: String) throws(VolumeError) -> [String] {
        try self.write(files, into: target, expecting: nil)
    }
}

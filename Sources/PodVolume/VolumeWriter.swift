// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a mount's files into the pod's volume directory on the local file system, all or nothing.
///
/// Everything happens relative to directory descriptors: the target is opened once with
/// `O_DIRECTORY|O_NOFOLLOW`, and every directory below it is opened one component at a time, never through a
/// symbolic link. A link planted in the pod's volume (`db -> /etc`) therefore makes the write fail with
/// ``VolumeError/Code/invalidPath`` instead of writing outside the volume.
///
/// When a root is configured (the chart sets `/var/lib/kubelet/pods`), every target must be strictly inside it,
/// compared component by component, and no directory between the root and the target may be a symbolic link. The
/// root itself is opened as configured, following links, because some distributions make `/var/lib/kubelet` a link.
///
/// ```swift
/// let writer = VolumeWriter(targetPathRoot: "/var/lib/kubelet/pods")
/// try writer.checkTarget(request.targetPath)
/// // … fetch and render every object …
/// try writer.write([VolumeFile(path: "db/password", mode: 0o400, contents: bytes)], into: request.targetPath)
/// ```
///
/// Directories that a file path needs are created with mode `0755` (set with `fchmod`, so the umask does not
/// matter), the mode the driver's own atomic writer uses: the files' own modes decide who may read them, and the
/// pod's user, which is usually not root, must be able to reach them.
public struct VolumeWriter: VolumeWriting {
    /// The largest file ``read(_:in:)`` returns, in bytes (64 MiB); a larger file fails with
    /// ``VolumeError/Code/readFailed``.
    public static let maximumReadSize = 64 * 1024 * 1024

    /// The most symbolic links ``read(_:in:)`` follows for one path, as the kernel's own limit for one lookup.
    public static let maximumSymbolicLinks = 16

    /// The mode of the directories ``write(_:into:)`` creates: `0755`.
    public static let directoryMode: UInt16 = 0o755

    /// The directory every target must be strictly inside, if any.
    public let targetPathRoot: String?

    /// Whether targets must be on tmpfs or ramfs, as the driver's volumes are (`--allow-non-tmpfs-targets` turns it
    /// off for tests and tools); a secret is then never written onto a disk.
    public let requiresMemoryFileSystem: Bool

    /// How the files are laid out in the target.
    public let layout: VolumeLayout

    /// The root's normalised components, or why the configured root is unusable.
    private let rootComponents: Result<[Name], PathProblem>?

    /// A failure the tests make happen at a chosen step; always nil in production.
    var injectedFault: InjectedFault?

    /// Creates a writer.
    ///
    /// - Parameters:
    ///   - targetPathRoot: The absolute directory every target must be strictly inside, such as
    ///     `/var/lib/kubelet/pods`, or nil to accept any target. A root that is not an absolute, normalised path
    ///     makes every call fail with ``VolumeError/Code/invalidTarget``, naming the root.
    ///   - requiresMemoryFileSystem: Whether a target must be on tmpfs or ramfs.
    ///   - layout: How the files are laid out in the target.
    public init(
        targetPathRoot: String? = nil,
        requiresMemoryFileSystem: Bool = true,
        layout: VolumeLayout = .generations
    ) {
        self.targetPathRoot = targetPathRoot
        self.requiresMemoryFileSystem = requiresMemoryFileSystem
        self.layout = layout
        self.rootComponents = targetPathRoot.map { VolumePath.absoluteComponents(of: $0) }
    }

    /// Checks that `target` is an absolute, normalised path to an existing directory that is not a symbolic link,
    /// strictly inside the root when one is configured, and on tmpfs or ramfs when that is required.
    ///
    /// - Returns: The identity of the directory.
    /// - Throws: ``VolumeError`` with code ``VolumeError/Code/invalidTarget`` naming the target and
    ///   the rule it breaks.
    @discardableResult
    public func checkTarget(_ target: String) throws(VolumeError) -> TargetIdentity {
        try self.openChecked(target).identity
    }

    /// Opens the target as ``checkTarget(_:)`` checks it, and checks that it is still the directory `expected` describes.
    func openTarget(_ target: String, expecting expected: TargetIdentity?) throws(VolumeError) -> OpenDirectory {
        let (directory, identity) = try self.openChecked(target)
        if let expected, identity != expected {
            throw VolumeError(
                code: .targetChanged,
                message: "the target \(Shown.target(target)) is no longer the directory the Mount checked (then "
                    + "\(expected), now \(identity)): its volume was unmounted or replaced, so nothing is written",
                path: target
            )
        }
        return directory
    }

    /// Opens the target directory after checking it as ``checkTarget(_:)`` describes, with its identity.
    private func openChecked(_ target: String) throws(VolumeError) -> (
        directory: OpenDirectory, identity: TargetIdentity
    ) {
        let directory = try self.openCheckedPath(target)
        let identity: TargetIdentity
        switch TargetIdentity.of(directory) {
        case .success(let value): identity = value
        case .failure(let error):
            throw .target(target, "cannot be checked: \(Shown.systemReason(error.code))", errno: error.code)
        }
        if self.requiresMemoryFileSystem && !identity.isMemoryBacked {
            throw .target(
                target,
                "is not on tmpfs or ramfs (\(identity)): the Secrets Store CSI driver mounts a tmpfs there before "
                    + "it calls the provider, and secrets are never written onto a disk"
            )
        }
        return (directory, identity)
    }

    /// Opens the directory at the path `target` after checking the path as ``checkTarget(_:)`` describes.
    func openCheckedPath(_ target: String) throws(VolumeError) -> OpenDirectory {
        let components: [Name]
        switch VolumePath.absoluteComponents(of: target) {
        case .success(let value): components = value
        case .failure(let problem): throw .target(target, problem.reason)
        }
        guard let rootComponents = self.rootComponents else {
            guard !components.isEmpty else {
                throw .target(target, "is the file system root")
            }
            return try Self.openUnrooted(target, normalised: VolumePath.absoluteText(components))
        }
        let rootText = Shown.target(self.targetPathRoot ?? "")
        let root: [Name]
        switch rootComponents {
        case .success(let value): root = value
        case .failure(let problem):
            throw .target(target, "cannot be checked: the target path root \(rootText) \(problem.reason)")
        }
        guard components.count > root.count, components.starts(with: root) else {
            throw .target(target, "is not inside the target path root \(rootText)")
        }
        var directory: OpenDirectory
        switch OpenDirectory.opening(VolumePath.absoluteText(root), followingFinalLink: true) {
        case .success(let opened): directory = opened
        case .failure(let error):
            throw .target(
                target,
                "cannot be checked: the target path root \(rootText) cannot be opened: "
                    + Shown.systemReason(error.code),
                errno: error.code
            )
        }
        for index in root.count..<components.count {
            switch directory.openDirectory(components[index]) {
            case .success(let opened): directory = opened
            case .failure(let error):
                let reached = VolumePath.absoluteText(components[...index])
                throw Self.targetFailure(
                    target,
                    kind: directory.kind(of: components[index]),
                    error: error,
                    component: index == components.count - 1 ? nil : reached
                )
            }
        }
        return directory
    }

    /// Opens a target when no root is configured: directories above it are trusted, only the target itself must
    /// not be a symbolic link.
    private static func openUnrooted(_ target: String, normalised: String) throws(VolumeError) -> OpenDirectory {
        switch OpenDirectory.opening(normalised, followingFinalLink: false) {
        case .success(let directory):
            return directory
        case .failure(let error):
            var status = stat()
            let kind: Result<EntryKind?, SystemError> =
                switch retryingOnInterrupt({ lstat(normalised, &status) }) {
                case .success: .success(EntryKind(mode: status.st_mode))
                case .failure(let statError) where statError.code == ENOENT: .success(nil)
                case .failure(let statError): .failure(statError)
                }
            throw Self.targetFailure(target, kind: kind, error: error, component: nil)
        }
    }

    /// The error for a target (or, when `component` is given, a directory on the way to it) that could not be
    /// opened as a directory.
    private static func targetFailure(
        _ target: String,
        kind: Result<EntryKind?, SystemError>,
        error: SystemError,
        component: String?
    ) -> VolumeError {
        let shownComponent = component.map(Shown.target) ?? ""
        switch kind {
        case .success(.symbolicLink):
            return component == nil
                ? .target(target, "is a symbolic link, which is never followed")
                : .target(target, "passes through the symbolic link \(shownComponent), which is never followed")
        case .success(nil):
            return component == nil
                ? .target(target, "does not exist", errno: ENOENT)
                : .target(target, "does not exist: \(shownComponent) is missing", errno: ENOENT)
        case .success(.regularFile), .success(.other):
            return component == nil
                ? .target(target, "is not a directory", errno: ENOTDIR)
                : .target(target, "passes through \(shownComponent), which is not a directory", errno: ENOTDIR)
        case .success(.directory), .failure:
            let place = component.map { " (at \($0))" } ?? ""
            return .target(target, "cannot be opened\(place): \(Shown.systemReason(error.code))", errno: error.code)
        }
    }
}

/// How a writer lays the files out in the target.
public enum VolumeLayout: String, Sendable, CaseIterable {
    /// Atomic generations, as the kubelet and the driver write Secret and ConfigMap volumes: the files live in a
    /// hidden generation directory `..aws-gen-<id>`, the link `..data` names the current one, and each top-level name
    /// is a link `name -> ..data/name`. A write switches every file at once (one `rename` of a link), so a reader, or
    /// a provider killed at any instant, never sees files of two writes together.
    case generations
    /// Plain files renamed over their final names one by one (the incumbent's layout): all or nothing for every
    /// failure but a kill during the renames, which leaves old and new files side by side.
    case plain
}

/// A failure the tests make happen, to reach clean-up paths that a real file system rarely takes.
struct InjectedFault: Sendable {
    /// Where the failure happens.
    enum Step: Sendable {
        /// After the file (its temporary file, or its copy in a new generation) was created and filled, before it is
        /// synced.
        case staging
        /// Instead of renaming the file's temporary file over its final name (plain layout).
        case renaming
        /// Instead of renaming `..data_tmp` over `..data` (generation layout; any `path`).
        case switching
        /// Instead of publishing the top-level name `path` as a link (generation layout).
        case linking
    }

    /// The step that fails.
    var step: Step
    /// The file (its path relative to the target, as given) whose step fails.
    var path: String
    /// The error number reported.
    var errno: Int32

    /// The error to report at `step` for the file `path`, if this fault is for them.
    func error(at step: Step, for path: String) -> SystemError? {
        self.step == step && (self.path == path || step == .switching) ? SystemError(code: self.errno) : nil
    }
}

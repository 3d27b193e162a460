// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed system call's error number.
struct SystemError: Error {
    /// The `errno` value.
    let code: Int32
}

/// What an entry of a directory is, as `fstatat(…, AT_SYMLINK_NOFOLLOW)` reports it.
enum EntryKind: Equatable {
    case regularFile
    case directory
    case symbolicLink
    /// A FIFO, socket or device.
    case other

    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regularFile
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symbolicLink
        default: self = .other
        }
    }
}

/// Calls `body` again while it fails with `EINTR`; returns its non-negative result or the error number.
///
/// The error number is read right after the call, before anything else can overwrite it.
func retryingOnInterrupt<Value: BinaryInteger>(_ body: () -> Value) -> Result<Value, SystemError> {
    while true {
        let result = body()
        if result >= 0 {
            return .success(result)
        }
        let code = errno
        if code != EINTR {
            return .failure(SystemError(code: code))
        }
    }
}

/// An open directory descriptor, closed when the last reference to it goes away.
///
/// Every operation names entries relative to the descriptor (`openat`, `fstatat`, `mkdirat`, …), so a directory
/// renamed or replaced by a symbolic link after it was opened cannot redirect the operation elsewhere.
final class OpenDirectory {
    /// The flags every directory is opened with: read-only, must be a directory, never through a final symbolic
    /// link, not inherited by child processes.
    static let flags: Int32 = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC

    /// The descriptor.
    let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(self.descriptor)
    }

    /// Opens an absolute path as a directory; with `followingFinalLink` false a final symbolic link is refused.
    static func opening(_ path: String, followingFinalLink: Bool) -> Result<OpenDirectory, SystemError> {
        let flags = followingFinalLink ? Self.flags & ~O_NOFOLLOW : Self.flags
        return retryingOnInterrupt { open(path, flags) }.map(OpenDirectory.init(descriptor:))
    }

    /// Opens the directory entry `name` of this directory, never following a symbolic link.
    func openDirectory(_ name: Name) -> Result<OpenDirectory, SystemError> {
        name.withCName { cName in
            retryingOnInterrupt { openat(self.descriptor, cName, Self.flags) }
        }.map(OpenDirectory.init(descriptor:))
    }

    /// The status of the entry `name`, without following a symbolic link.
    func status(of name: Name) -> Result<stat, SystemError> {
        var status = stat()
        return name.withCName { cName in
            retryingOnInterrupt { fstatat(self.descriptor, cName, &status, AT_SYMLINK_NOFOLLOW) }
        }.map { _ in status }
    }

    /// The kind of the entry `name`, or nil when there is no such entry.
    func kind(of name: Name) -> Result<EntryKind?, SystemError> {
        switch self.status(of: name) {
        case .success(let status): .success(EntryKind(mode: status.st_mode))
        case .failure(let error) where error.code == ENOENT: .success(nil)
        case .failure(let error): .failure(error)
        }
    }

    /// Creates the sub-directory `name` with `mode` (subject to the umask; callers fix the mode afterwards).
    func makeDirectory(_ name: Name, mode: mode_t) -> Result<Void, SystemError> {
        name.withCName { cName in
            retryingOnInterrupt { mkdirat(self.descriptor, cName, mode) }
        }.map { _ in () }
    }

    /// Opens (and by default creates exclusively) the entry `name` with `flags` and `mode`.
    func openFile(_ name: Name, flags: Int32, mode: mode_t) -> Result<Int32, SystemError> {
        name.withCName { cName in
            retryingOnInterrupt { openat(self.descriptor, cName, flags, mode) }
        }
    }

    /// Renames the entry `name` to `newName` in the same directory, replacing any file or link at `newName`.
    func rename(_ name: Name, to newName: Name) -> Result<Void, SystemError> {
        name.withCName { cName in
            newName.withCName { cNewName in
                retryingOnInterrupt { renameat(self.descriptor, cName, self.descriptor, cNewName) }
            }
        }.map { _ in () }
    }

    /// Removes the entry `name`: a file, or with `directory` true an empty directory.
    @discardableResult
    func remove(_ name: Name, directory: Bool = false) -> Result<Void, SystemError> {
        name.withCName { cName in
            retryingOnInterrupt { unlinkat(self.descriptor, cName, directory ? AT_REMOVEDIR : 0) }
        }.map { _ in () }
    }

    /// The target of the symbolic link `name`, as raw bytes; links longer than `PATH_MAX` are refused. Fails with
    /// `EINVAL` when `name` is not a symbolic link.
    func linkTarget(of name: Name) -> Result<[UInt8], SystemError> {
        let capacity = Int(PATH_MAX)
        return name.withCName { cName in
            withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
                retryingOnInterrupt { readlinkat(self.descriptor, cName, buffer.baseAddress!, capacity) }
                    .flatMap { count in
                        count >= capacity
                            ? .failure(SystemError(code: ENAMETOOLONG))
                            : .success(buffer.prefix(count).map { UInt8(bitPattern: $0) })
                    }
            }
        }
    }

    /// Flushes the directory's entries to stable storage (`fsync`).
    func sync() -> Result<Void, SystemError> {
        retryingOnInterrupt { fsync(self.descriptor) }.map { _ in () }
    }

    /// Sets the directory's permission bits (`fchmod`), independent of the umask.
    func setMode(_ mode: mode_t) -> Result<Void, SystemError> {
        retryingOnInterrupt { fchmod(self.descriptor, mode) }.map { _ in () }
    }
}

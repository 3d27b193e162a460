// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import CSystemCalls

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The step of ``OpenDirectory/createFile(_:mode:contents:beforeSync:)`` that failed, with its error.
struct FileCreationFailure: Error {
    /// A step of creating a file.
    enum Step {
        case creating, settingMode, writing, syncing, closing
    }

    /// The failed step.
    let step: Step
    /// The error.
    let error: SystemError

    /// The reason for a message, such as `creating the temporary file failed` for `noun` `temporary file`; nil
    /// for a failed write, which the error number says enough about.
    func reason(_ noun: String) -> String? {
        switch self.step {
        case .creating: "creating the \(noun) failed"
        case .settingMode: "setting the \(noun)'s mode failed"
        case .writing: nil
        case .syncing: "syncing the \(noun) failed"
        case .closing: "closing the \(noun) failed"
        }
    }
}

extension OpenDirectory {
    /// Creates the new regular file `name` (`O_CREAT|O_EXCL|O_NOFOLLOW`), sets exactly its permission bits before
    /// any byte is written (so the umask never matters and the contents are never readable under a wider mode),
    /// writes `contents`, then `fsync`s and closes it. `beforeSync` runs after the contents are written (the tests'
    /// fault injection); its error fails the creation. The caller removes the file after a failure.
    func createFile(
        _ name: Name,
        mode: UInt16,
        contents: [UInt8],
        beforeSync: () -> SystemError? = { nil }
    ) -> Result<Void, FileCreationFailure> {
        let flags = O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC
        let descriptor: Int32
        switch self.openFile(name, flags: flags, mode: 0o600) {
        case .success(let value): descriptor = value
        case .failure(let error): return .failure(FileCreationFailure(step: .creating, error: error))
        }
        var isOpen = true
        defer {
            if isOpen {
                close(descriptor)
            }
        }
        if case .failure(let error) = retryingOnInterrupt({ fchmod(descriptor, mode_t(mode & 0o777)) }) {
            return .failure(FileCreationFailure(step: .settingMode, error: error))
        }
        if case .failure(let error) = Self.writeAll(contents, to: descriptor) {
            return .failure(FileCreationFailure(step: .writing, error: error))
        }
        if let error = beforeSync() {
            return .failure(FileCreationFailure(step: .writing, error: error))
        }
        if case .failure(let error) = retryingOnInterrupt({ fsync(descriptor) }) {
            return .failure(FileCreationFailure(step: .syncing, error: error))
        }
        isOpen = false
        // Not retried on EINTR: on Linux the descriptor is released even then, and a retry could close another.
        if close(descriptor) != 0 {
            let code = errno
            if code != EINTR {
                return .failure(FileCreationFailure(step: .closing, error: SystemError(code: code)))
            }
        }
        return .success(())
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

    /// Takes the exclusive `flock` of this directory without waiting (released when the descriptor is closed, or when
    /// the process dies); fails with `EWOULDBLOCK` when another open description holds it. Every write into a volume
    /// holds its target's lock, so a holder knows no write of another provider process is in progress there, and may
    /// remove every leftover of a write. A process that merely opened the directory can hold the lock as well; as the
    /// lock is never waited for, that only makes its own volume's writes fail, at once.
    func lock() -> Result<Void, SystemError> {
        retryingOnInterrupt { flock(self.descriptor, LOCK_EX | LOCK_NB) }.map { _ in () }
    }

    /// Creates the symbolic link `name` pointing to `target` (a relative path, stored as given).
    func makeSymbolicLink(_ name: Name, to target: [UInt8]) -> Result<Void, SystemError> {
        target.withCName { cTarget in
            name.withCName { cName in
                retryingOnInterrupt { symlinkat(cTarget, self.descriptor, cName) }
            }
        }.map { _ in () }
    }

    /// Creates the entry `name` as a new hard link to the entry of the same name in `source` (`linkat` without
    /// following a symbolic link).
    func link(_ name: Name, from source: OpenDirectory) -> Result<Void, SystemError> {
        name.withCName { cName in
            retryingOnInterrupt { linkat(source.descriptor, cName, self.descriptor, cName, 0) }
        }.map { _ in () }
    }

    /// Swaps the entries `name` and `other` in one step (either may be a directory); fails with `EINVAL` or `ENOSYS`
    /// where the kernel or the file system cannot.
    func exchange(_ name: Name, with other: Name) -> Result<Void, SystemError> {
        name.withCName { cName in
            other.withCName { cOther in
                retryingOnInterrupt { csc_exchange_entries(self.descriptor, cName, cOther) }
            }
        }.map { _ in () }
    }

    /// Whether `name` is a symbolic link whose target is exactly `target`.
    func isLink(_ name: Name, to target: [UInt8]) -> Bool {
        guard case .success(let found) = self.linkTarget(of: name) else { return false }
        return found == target
    }

    /// Removes the entry `name` and, when it is a directory, everything in it, never following a symbolic link (a
    /// link is removed, not what it points to). Directories deeper than `depth` levels are left in place.
    ///
    /// - Returns: Whether `name` is gone.
    @discardableResult
    func removeTree(_ name: Name, depth: Int = 64) -> Bool {
        switch self.kind(of: name) {
        case .success(nil):
            return true
        case .success(.directory):
            guard depth > 0, case .success(let directory) = self.openDirectory(name) else { return false }
            for entry in directory.entryNames() {
                directory.removeTree(entry, depth: depth - 1)
            }
            return (try? self.remove(name, directory: true).get()) != nil
        case .success:
            return (try? self.remove(name).get()) != nil
        case .failure:
            return false
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fresh directory under `/tmp` with helpers to build and inspect trees in it; removed by ``remove()``.
struct ScratchDirectory {
    /// The directory's absolute path.
    let path: String

    /// Creates a new empty directory.
    init() throws {
        var template = Array("/tmp/volume-writer-tests-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        try #require(created != nil, "mkdtemp failed: \(String(cString: strerror(errno)))")
        self.path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Runs `body` with a new directory and removes the directory afterwards.
    static func with<T>(_ body: (ScratchDirectory) throws -> T) throws -> T {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        return try body(directory)
    }

    /// Removes the directory and everything in it (links are removed, never followed).
    func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }

    /// The absolute path of `relative` inside the directory.
    func at(_ relative: String) -> String {
        relative.isEmpty ? self.path : "\(self.path)/\(relative)"
    }

    /// Creates the directory `relative` and its parents.
    func makeDirectory(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: self.at(relative), withIntermediateDirectories: true)
    }

    /// Creates or truncates the regular file `relative` with `contents`.
    func makeFile(_ relative: String, _ contents: String) throws {
        try self.makeFile(relative, Array(contents.utf8))
    }

    /// Creates or truncates the regular file `relative` with `contents`.
    func makeFile(_ relative: String, _ contents: [UInt8]) throws {
        try Data(contents).write(to: URL(fileURLWithPath: self.at(relative)))
    }

    /// Creates the symbolic link `relative` pointing to `destination` (taken literally).
    func makeLink(_ relative: String, to destination: String) throws {
        try #require(
            symlink(destination, self.at(relative)) == 0,
            "symlink failed: \(String(cString: strerror(errno)))"
        )
    }

    /// The bytes of the file at `relative`, following links; nil if it cannot be read.
    func contents(_ relative: String) -> [UInt8]? {
        FileManager.default.contents(atPath: self.at(relative)).map { [UInt8]($0) }
    }

    /// The `lstat` of `relative`, or nil if there is no such entry.
    func status(_ relative: String) -> stat? {
        var status = stat()
        return lstat(self.at(relative), &status) == 0 ? status : nil
    }

    /// The permission bits of `relative` (not following a link).
    func mode(_ relative: String) -> UInt16? {
        self.status(relative).map { UInt16($0.st_mode & 0o7777) }
    }

    /// Whether `relative` is a directory (not following a link).
    func isDirectory(_ relative: String) -> Bool {
        self.status(relative).map { $0.st_mode & S_IFMT == S_IFDIR } ?? false
    }

    /// The names in the directory `relative`, hidden ones included, sorted.
    func names(_ relative: String = "") -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: self.at(relative))) ?? []).sorted()
    }

    /// Every entry below `relative` with its kind, mode, inode and contents or link target, keyed by relative
    /// path; never follows links. Two equal snapshots mean nothing was created, removed, replaced or changed.
    func snapshot(_ relative: String = "") -> [String: String] {
        var result: [String: String] = [:]
        for name in self.names(relative) {
            let child = relative.isEmpty ? name : "\(relative)/\(name)"
            guard let status = self.status(child) else { continue }
            let header = "mode=\(String(status.st_mode, radix: 8)) inode=\(status.st_ino)"
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                result[child] = "dir \(header)"
                result.merge(self.snapshot(child)) { first, _ in first }
            case S_IFLNK:
                let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: self.at(child))) ?? "?"
                result[child] = "link \(header) -> \(destination)"
            case S_IFREG:
                result[child] = "file \(header) \(self.contents(child)?.description ?? "unreadable")"
            default:
                result[child] = "other \(header)"
            }
        }
        return result
    }

    /// Sets the modification time of `relative` (a link itself, not what it points to) to `seconds` ago.
    func age(_ relative: String, seconds: Int) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let then = timespec(tv_sec: now.tv_sec - seconds, tv_nsec: 0)
        let times = [then, then]
        _ = utimensat(AT_FDCWD, self.at(relative), times, AT_SYMLINK_NOFOLLOW)
    }

    /// The target of the symbolic link `relative`, or nil when it is not one.
    func link(_ relative: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: self.at(relative))
    }

    /// Takes the exclusive `flock` of the directory `relative`, as a write in progress (in another process) holds it;
    /// returns the descriptor, whose closing releases it.
    func lock(_ relative: String) throws -> Int32 {
        let descriptor = open(self.at(relative), O_RDONLY | O_DIRECTORY)
        try #require(descriptor >= 0 && flock(descriptor, LOCK_EX | LOCK_NB) == 0, "cannot lock \(relative)")
        return descriptor
    }

    /// The names of the generation directories (`..aws-gen-…`) in the directory `relative`.
    func generations(_ relative: String = "") -> [String] {
        self.names(relative).filter { $0.hasPrefix("..aws-gen-") }
    }

    /// Every entry below `relative` whose name marks it as one of the writer's temporary files.
    func temporaries(_ relative: String = "") -> [String] {
        self.snapshot(relative).keys.filter { $0.split(separator: "/").last?.hasPrefix("..aws-tmp-") == true }.sorted()
    }
}

/// Runs `body` on a thread of its own whose umask is `mask`, leaving every other thread's umask alone.
///
/// The umask belongs to the process, and tests run in parallel; so the thread first unshares its file-system
/// attributes (`unshare(CLONE_FS)`, which needs no privilege), after which `umask` affects that thread only.
/// `unshare` is looked up with `dlsym` because the Glibc module does not import it.
func withThreadUmask<T: Sendable>(
    _ mask: mode_t,
    _ body: @escaping @Sendable () throws -> T
) throws -> T {
    let outcome = ThreadOutcome<T>()
    let finished = DispatchSemaphore(value: 0)
    let thread = Thread {
        defer { finished.signal() }
        typealias Unshare = @convention(c) (Int32) -> Int32
        let cloneFS: Int32 = 0x0000_0200
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "unshare"),
            unsafeBitCast(symbol, to: Unshare.self)(cloneFS) == 0
        else {
            outcome.value.withLock { $0 = .failure(UmaskUnavailable(description: "unshare(CLONE_FS) failed")) }
            return
        }
        umask(mask)
        let result = Result { try body() }
        outcome.value.withLock { $0 = result }
    }
    thread.start()
    finished.wait()
    return try outcome.value.withLock { $0! }.get()
}

/// The result of a body run on another thread.
private final class ThreadOutcome<T: Sendable>: Sendable {
    let value = Mutex<Result<T, any Error>?>(nil)
}

/// `unshare(CLONE_FS)` is not available, so a private umask cannot be set.
private struct UmaskUnavailable: Error, CustomStringConvertible {
    let description: String
}

/// A distinctive secret value, to check that file contents never reach an error.
let secretMarker = "s3cr3t-VALUE-must-not-leak"

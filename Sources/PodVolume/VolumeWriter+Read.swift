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
    /// The contents of the regular file at `path` inside `target`, or nil when there is no such file.
    ///
    /// The path is resolved one component at a time from the target's descriptor, so symbolic links are followed
    /// only as far as they stay inside the target. This reads the layout the driver's own atomic writer publishes
    /// (`name -> ..data/name`, `..data -> ..2026_11_23_…`). A link to an absolute path, or one whose `..` would
    /// climb above the target, is refused; so is a path needing more than ``maximumSymbolicLinks`` links.
    ///
    /// - Parameters:
    ///   - path: The file path relative to `target`, under the same rules as for ``write(_:into:)``.
    ///   - target: The pod's volume directory, checked as ``checkTarget(_:)`` does.
    /// - Returns: The file's bytes, or nil if the path (or a directory on it) does not exist.
    /// - Throws: ``VolumeError`` with code `invalidTarget`; `invalidPath` for a malformed path, a link leaving the
    ///   target or a path through a non-directory; `readFailed` for a directory or special file, a file larger
    ///   than ``maximumReadSize``, too many links, or a failed system call.
    public func read(_ path: String, in target: String) throws(VolumeError) -> [UInt8]? {
        let components: [Name]
        switch VolumePath.fileComponents(of: path) {
        case .success(let value): components = value
        case .failure(let problem): throw .file(.invalidPath, "read", path: path, in: target, problem.reason)
        }
        let failure = { (code: VolumeError.Code, reason: String?, errno: Int32?) -> VolumeError in
            .file(code, "read", path: path, in: target, reason, errno: errno)
        }

        // `opened` holds the target and each directory resolved below it; `resolved` their names.
        var opened = [try self.openCheckedPath(target)]
        var resolved: [Name] = []
        var pending = Array(components.reversed())  // Next component last.
        var linksFollowed = 0
        while let name = pending.popLast() {
            if name == VolumePath.dot {
                continue
            }
            if name == VolumePath.dotDot {
                // Only link targets contain `..`: the path itself was validated.
                guard !resolved.isEmpty else {
                    throw failure(.invalidPath, "a symbolic link on the path leads outside the target", nil)
                }
                resolved.removeLast()
                opened.removeLast()
                continue
            }
            let directory = opened[opened.count - 1]
            let location = Shown.quoted(VolumePath.relativeText(resolved + [name]))
            let kind: EntryKind
            switch directory.kind(of: name) {
            case .success(nil): return nil
            case .success(.some(let value)): kind = value
            case .failure(let error): throw failure(.readFailed, "checking \(location) failed", error.code)
            }
            switch kind {
            case .symbolicLink:
                linksFollowed += 1
                guard linksFollowed <= Self.maximumSymbolicLinks else {
                    throw failure(.readFailed, "more than \(Self.maximumSymbolicLinks) symbolic links", ELOOP)
                }
                let link: [UInt8]
                switch directory.linkTarget(of: name) {
                case .success(let value): link = value
                case .failure(let error): throw failure(.readFailed, "reading the link \(location) failed", error.code)
                }
                guard link.first != UInt8(ascii: "/") else {
                    throw failure(
                        .invalidPath,
                        "the symbolic link \(location) points to the absolute path \(Shown.quoted(link)); "
                            + "only links that stay inside the target are followed",
                        nil
                    )
                }
                guard !link.isEmpty else {
                    throw failure(.invalidPath, "the symbolic link \(location) is empty", nil)
                }
                let linkComponents = VolumePath.linkComponents(of: link)
                if Self.climbs(linkComponents, above: resolved.count) {
                    throw failure(
                        .invalidPath,
                        "the symbolic link \(location) points to \(Shown.quoted(link)), outside the target",
                        nil
                    )
                }
                pending.append(contentsOf: linkComponents.reversed())
            case .directory:
                guard !pending.isEmpty else {
                    throw failure(.readFailed, "\(location) is a directory", EISDIR)
                }
                switch directory.openDirectory(name) {
                case .success(let next): opened.append(next)
                case .failure(let error): throw failure(.readFailed, "opening \(location) failed", error.code)
                }
                resolved.append(name)
            case .regularFile where pending.isEmpty:
                return try Self.readRegularFile(name, in: directory, location: location, failure: failure)?.contents
            case .regularFile, .other:
                guard pending.isEmpty else {
                    throw failure(.invalidPath, "\(location) is not a directory", ENOTDIR)
                }
                throw failure(.readFailed, "\(location) is not a regular file (a FIFO, socket or device)", nil)
            }
        }
        // The components ran out on a directory: a link such as `a -> .` or `a -> b/..` was last.
        throw failure(.readFailed, "the path leads to a directory", EISDIR)
    }

    /// Whether following `components` from a directory `depth` levels below the target would climb above it.
    ///
    /// Checked for the whole link target before following it, so the message can name the link; the `..` case
    /// in the resolution loop stays as a second guard.
    private static func climbs(_ components: [Name], above depth: Int) -> Bool {
        var level = depth
        for component in components {
            level += component == VolumePath.dotDot ? -1 : 1
            if level < 0 {
                return true
            }
        }
        return false
    }

    /// Reads the regular file `name` of `directory`, at most ``maximumReadSize`` bytes, with its permission bits.
    static func readRegularFile(
        _ name: Name,
        in directory: OpenDirectory,
        location: String,
        failure: (VolumeError.Code, String?, Int32?) -> VolumeError
    ) throws(VolumeError) -> (contents: [UInt8], mode: mode_t)? {
        // O_NOFOLLOW and O_NONBLOCK: if the file was replaced by a link or a FIFO since it was checked, the open
        // fails or returns at once instead of following the link or blocking.
        let flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY
        let descriptor: Int32
        switch directory.openFile(name, flags: flags, mode: 0) {
        case .success(let value): descriptor = value
        case .failure(let error) where error.code == ENOENT: return nil
        case .failure(let error): throw failure(.readFailed, "opening \(location) failed", error.code)
        }
        defer { close(descriptor) }

        var status = stat()
        if case .failure(let error) = retryingOnInterrupt({ fstat(descriptor, &status) }) {
            throw failure(.readFailed, "checking \(location) failed", error.code)
        }
        guard EntryKind(mode: status.st_mode) == .regularFile else {
            throw failure(.readFailed, "\(location) is not a regular file", nil)
        }
        let limit = Self.maximumReadSize
        guard Int(status.st_size) <= limit else {
            throw failure(.readFailed, "the file is \(status.st_size) bytes, more than the limit of \(limit)", EFBIG)
        }

        var contents: [UInt8] = []
        contents.reserveCapacity(Int(status.st_size))
        // One read for a file of the size fstat gave (most secrets are small), so the buffer is no larger than needed.
        var chunk = [UInt8](repeating: 0, count: min(64 * 1024, Int(status.st_size) + 1))
        while true {
            let result = chunk.withUnsafeMutableBytes { buffer in
                retryingOnInterrupt { readBytes(descriptor, buffer.baseAddress!, buffer.count) }
            }
            switch result {
            case .success(0):
                return (contents, status.st_mode & 0o777)
            case .success(let count):
                // The file may have grown since fstat.
                guard contents.count + count <= limit else {
                    throw failure(.readFailed, "the file grew past the limit of \(limit) bytes while being read", EFBIG)
                }
                contents.append(contentsOf: chunk[..<count])
            case .failure(let error):
                throw failure(.readFailed, "reading \(location) failed", error.code)
            }
        }
    }
}

/// `read(2)`, under a name the method ``VolumeWriter/read(_:in:)`` does not hide.
private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The listening Unix socket the driver connects to.
///
/// The socket is bound and restricted to its owner (0600) *before* `listen`, so no client can ever connect while its
/// permissions are looser: the interface has no authentication of its own, only file-system access control.
struct ProviderSocket: Sendable {
    /// The socket's path.
    let path: String

    /// The listening descriptor, owned by the gRPC transport once handed over.
    let descriptor: Int32

    /// Identity of the file bound, so shutdown removes only our own socket, never a successor's. The change time
    /// is part of it because a successor's socket may well get the inode number ours had.
    private let identity: FileIdentity

    /// Binds and listens on `path`, replacing a stale socket left by an earlier process.
    ///
    /// - Throws: ``ServerError`` (``ServerError/Code/socketUnavailable``) naming the path and the failed step.
    static func bindAndListen(at path: String, backlog: Int32 = 256) throws(ServerError) -> ProviderSocket {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        var directoryStatus = stat()
        guard stat(directory.isEmpty ? "/" : directory, &directoryStatus) == 0,
            directoryStatus.st_mode & S_IFMT == S_IFDIR
        else {
            throw Self.failure("the directory '\(directory)' of --provider-volume does not exist", path: path)
        }
        try Self.removeStaleSocket(at: path)

        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < capacity else {
            throw Self.failure(
                "the path is \(pathBytes.count) bytes long; a Unix socket path must be shorter than \(capacity)",
                path: path
            )
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: pathBytes)
        }

        #if canImport(Darwin)
            let descriptor = socket(AF_UNIX, SOCK_STREAM, 0)
        #else
            let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #endif
        guard descriptor >= 0 else {
            throw Self.systemFailure("socket", path: path)
        }
        do throws(ServerError) {
            let bound = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    bind(descriptor, socketAddress, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard bound == 0 else { throw Self.systemFailure("bind", path: path) }
            guard chmod(path, 0o600) == 0 else { throw Self.systemFailure("chmod 0600", path: path) }
            var status = stat()
            guard lstat(path, &status) == 0 else { throw Self.systemFailure("stat", path: path) }
            guard listen(descriptor, backlog) == 0 else { throw Self.systemFailure("listen", path: path) }
            return ProviderSocket(
                path: path,
                descriptor: descriptor,
                identity: FileIdentity(status)
            )
        } catch {
            close(descriptor)
            unlink(path)
            throw error
        }
    }

    /// Removes the socket file if it is still the one this process bound.
    func remove() {
        var status = stat()
        guard lstat(self.path, &status) == 0, FileIdentity(status) == self.identity else { return }
        unlink(self.path)
    }

    /// A socket file left by a process that died (kill -9, node crash) would make `bind` fail; it is removed. Any
    /// other kind of file at that path is left alone and reported, because it is not ours to delete.
    private static func removeStaleSocket(at path: String) throws(ServerError) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFSOCK else {
            throw Self.failure("a file that is not a socket is in the way; remove it", path: path)
        }
        guard unlink(path) == 0 else {
            throw Self.systemFailure("removing the stale socket", path: path)
        }
    }

    private static func failure(_ reason: String, path: String) -> ServerError {
        ServerError(code: .socketUnavailable, message: "Cannot listen on '\(path)': \(reason).")
    }

    private static func systemFailure(_ step: String, path: String) -> ServerError {
        let reason = String(cString: strerror(errno))
        return Self.failure("\(step) failed: \(reason)", path: path)
    }
}

/// What distinguishes one file from a later file at the same path.
private struct FileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64
    let changeSeconds: Int64
    let changeNanoseconds: Int64

    init(_ status: stat) {
        self.device = UInt64(status.st_dev)
        self.inode = UInt64(status.st_ino)
        self.changeSeconds = Int64(status.st_ctim.tv_sec)
        self.changeNanoseconds = Int64(status.st_ctim.tv_nsec)
    }
}

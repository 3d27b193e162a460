// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import CSystemCalls

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Which directory a target is: its device and inode, and the type of the file system it is on.
///
/// The driver mounts a tmpfs on the pod's volume directory before it calls `Mount`, and may unmount it again (after a
/// failed `NodePublishVolume`) while keeping the directory. The directory is then the node's disk. A `Mount` records
/// the identity of the target it checked, and every later write into it compares the identity of the directory it
/// actually opened with that record: a secret is never written onto another file system than the one the `Mount`
/// saw.
public struct TargetIdentity: Sendable, Hashable, CustomStringConvertible {
    /// `TMPFS_MAGIC` from `linux/magic.h`.
    public static let tmpfs: Int64 = 0x0102_1994
    /// `RAMFS_MAGIC` from `linux/magic.h`.
    static let ramfs: Int64 = 0x8584_58f6

    /// The device number (`st_dev`).
    public let device: UInt64
    /// The inode number (`st_ino`).
    public let inode: UInt64
    /// The file system's type (`f_type` of `fstatfs`).
    public let fileSystemType: Int64

    /// Creates an identity.
    public init(device: UInt64, inode: UInt64, fileSystemType: Int64) {
        self.device = device
        self.inode = inode
        self.fileSystemType = fileSystemType
    }

    /// Whether the file system keeps its files in memory only (tmpfs or ramfs), as the driver's volumes are.
    public var isMemoryBacked: Bool {
        self.fileSystemType == Self.tmpfs || self.fileSystemType == Self.ramfs
    }

    /// `device 0:51, inode 1, tmpfs` (or the file system's type number).
    public var description: String {
        let type =
            switch self.fileSystemType {
            case Self.tmpfs: "tmpfs"
            case Self.ramfs: "ramfs"
            default: "file system type 0x\(String(self.fileSystemType, radix: 16))"
            }
        return "device \(self.device), inode \(self.inode), \(type)"
    }

    /// The identity of the open directory `directory`, from `fstat` and `fstatfs` on its descriptor.
    static func of(_ directory: OpenDirectory) -> Result<Self, SystemError> {
        var status = stat()
        var type: Int64 = 0
        return retryingOnInterrupt { fstat(directory.descriptor, &status) }
            .flatMap { (_: Int32) in retryingOnInterrupt { csc_file_system_type(directory.descriptor, &type) } }
            .map { (_: Int32) in
                Self(device: UInt64(status.st_dev), inode: UInt64(status.st_ino), fileSystemType: type)
            }
    }
}

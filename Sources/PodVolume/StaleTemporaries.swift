// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension OpenDirectory {
    /// The names of the entries of this directory.
    func entryNames() -> [Name] {
        let copy = dup(self.descriptor)
        guard copy >= 0, let stream = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            return []
        }
        defer { closedir(stream) }
        rewinddir(stream)  // The copy shares its position with the original, which an earlier listing moved to the end.
        var names: [Name] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != [UInt8(ascii: ".")] && name != [UInt8(ascii: "."), UInt8(ascii: ".")] {
                names.append(name)
            }
        }
        return names
    }

    /// Removes the temporary entries an earlier write left behind when its process was killed: files, links and
    /// directories (a plain-layout directory swapped out for its link) named as ``ReservedName/temporary`` makes them,
    /// a directory with everything in it, never following a link. Called only while holding the
    /// target's lock (``lock()``), when no write of any process is in progress in the volume; `names` are
    /// the directory's entries when the caller has just listed them. Returns how many it removed.
    @discardableResult
    func removeTemporaries(among names: [Name]? = nil) -> Int {
        var removed = 0
        for name in names ?? self.entryNames() where ReservedName.temporary.matches(name) && self.removeTree(name) {
            removed += 1
        }
        return removed
    }
}

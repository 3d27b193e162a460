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

    /// Removes the temporary files an earlier write left behind when its process was killed: regular files named
    /// as ``TemporaryName`` makes them, last changed before `processStartedAt` (so by another, gone, process) or at
    /// least `age` seconds ago (a write in progress is never that old). Returns how many it removed.
    @discardableResult
    func removeStaleTemporaries(processStartedAt: Int, olderThan age: Int = 120) -> Int {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let cutoff = max(Int(now.tv_sec) - age, processStartedAt - 1)
        var removed = 0
        for name in self.entryNames() where TemporaryName.matches(name) {
            guard case .success(let status) = self.status(of: name), EntryKind(mode: status.st_mode) == .regularFile,
                Int(status.st_mtim.tv_sec) < cutoff, case .success = self.remove(name)
            else { continue }
            removed += 1
        }
        return removed
    }
}

extension TemporaryName {
    /// Whether `name` is one ``make()`` could have made: `..aws-tmp-` and 16 lower-case hex digits.
    static func matches(_ name: Name) -> Bool {
        guard name.count == self.prefix.count + 16, name.starts(with: self.prefix) else { return false }
        return name.dropFirst(self.prefix.count).allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        }
    }
}

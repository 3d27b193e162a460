// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// The files of one mount and who makes each, so that no two files share a path and no file is the directory of
/// another. Paths are compared by their exact bytes (two canonically equivalent names are two files); every claim
/// is a few lookups, so thousands of files are checked in linear time.
///
/// The class's rules use it before any I/O (``DuplicateRules``); the provider uses it again for the names only AWS
/// knows: key files (`mountAllKeys`) and the objects a wildcard matches.
package struct FileClaims<Owner> {
    /// Why a path cannot be claimed.
    package enum Collision {
        /// Another file has the same path.
        case sameFile(Owner)
        /// The path is a directory of another file.
        case directoryOfFile(Owner)
        /// A directory the path needs (given) is another file.
        case fileAsDirectory(String, Owner)

        /// Who made the other file.
        package var owner: Owner {
            switch self {
            case .sameFile(let owner), .directoryOfFile(let owner), .fileAsDirectory(_, let owner): owner
            }
        }

        /// `the file a is also written by …`, with `owner` described by the caller.
        package func message(path: String, owner: String) -> String {
            let file = "the file \(UserText.shown(path))"
            switch self {
            case .sameFile:
                return "\(file) is also written by \(owner)"
            case .directoryOfFile:
                return "\(file) is a directory of a file of \(owner)"
            case .fileAsDirectory(let parent, _):
                return "\(file) needs the directory \(UserText.shown(parent)), which is a file of \(owner)"
            }
        }
    }

    private var files: [ExactText: Owner] = [:]
    private var directories: [ExactText: Owner] = [:]

    /// No file yet.
    package init() {}

    /// Records `path` as `owner`'s file, or returns what it collides with (and records nothing).
    package mutating func claim(_ path: String, by owner: Owner) -> Collision? {
        let key = ExactText(path)
        let parents = Self.parentDirectories(of: path).map(ExactText.init)
        if let earlier = self.files[key] {
            return .sameFile(earlier)
        }
        if let earlier = self.directories[key] {
            return .directoryOfFile(earlier)
        }
        for parent in parents {
            if let earlier = self.files[parent] {
                return .fileAsDirectory(parent.text, earlier)
            }
        }
        self.files[key] = owner
        for parent in parents where self.directories[parent] == nil {
            self.directories[parent] = owner
        }
        return nil
    }

    /// `a/b/c` → `a`, `a/b`, split at `/` bytes (a combining mark after `/` does not hide it, as the writer sees
    /// the path).
    private static func parentDirectories(of path: String) -> [String] {
        let bytes = Array(path.utf8)
        return bytes.indices.filter { bytes[$0] == UInt8(ascii: "/") }.map {
            String(decoding: bytes[..<$0], as: UTF8.self)
        }
    }
}

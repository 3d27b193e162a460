// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// One path component: the raw bytes of a file or directory name, never empty, never containing `/` or NUL.
///
/// Names are compared as bytes, never as Swift strings: strings compare by Unicode canonical equivalence, so
/// `"é"` (one scalar) equals `"e\u{301}"` (two), while the file system sees two different names.
typealias Name = [UInt8]

/// Why a path was rejected, as the end of a sentence (`the path is absolute`).
struct PathProblem: Error {
    /// The reason, without a trailing full stop.
    let reason: String
}

/// Parsing and validation of target paths and of file paths relative to a target.
enum VolumePath {
    /// The longest component the file system accepts, in bytes (`NAME_MAX`).
    static let maximumNameBytes = 255

    /// The most components of a path: deeper trees are no use to a pod, and every level costs an open directory
    /// while writing and a level of recursion while comparing and removing generations.
    static let maximumComponents = 32

    /// The longest path accepted, in bytes (`PATH_MAX`, counting the terminating NUL as the kernel does).
    static let maximumPathBytes = 4095

    /// The components of a file path relative to the target.
    ///
    /// The path must be non-empty and relative, contain no NUL, no `.`, `..` or empty component (so no double or
    /// trailing `/`), no first component starting with `..` (the generation layout's `..data`, `..data_tmp` and
    /// generations, as the driver and the kubelet reserve it), no component starting with `..aws-` (this writer's own
    /// files, such as its temporary files),
    /// no component longer than ``maximumNameBytes`` and be at most ``maximumPathBytes`` long.
    static func fileComponents(of path: String) -> Result<[Name], PathProblem> {
        let bytes = Array(path.utf8)
        if bytes.isEmpty {
            return .failure(PathProblem(reason: "the path is empty"))
        }
        if bytes.contains(0) {
            return .failure(PathProblem(reason: "the path contains a NUL character"))
        }
        if bytes.first == UInt8(ascii: "/") {
            return .failure(PathProblem(reason: "the path is absolute; it must be relative to the target"))
        }
        if bytes.count > self.maximumPathBytes {
            return .failure(PathProblem(reason: "the path is longer than \(self.maximumPathBytes) bytes"))
        }
        let components = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map(Name.init)
        if components.count > self.maximumComponents {
            return .failure(PathProblem(reason: "the path has more than \(self.maximumComponents) components"))
        }
        if components[0].starts(with: self.dotDot) && components[0] != self.dotDot {
            return .failure(
                PathProblem(reason: "the path starts with \"..\", which the volume's layout reserves (\"..data\")")
            )
        }
        for component in components {
            if component.isEmpty {
                return .failure(PathProblem(reason: "the path has an empty component (a double or trailing \"/\")"))
            }
            if component == self.dot {
                return .failure(PathProblem(reason: "the path has a \".\" component"))
            }
            if component == self.dotDot {
                return .failure(PathProblem(reason: "the path has a \"..\" component"))
            }
            if component.starts(with: self.reservedPrefix) {
                return .failure(
                    PathProblem(reason: "the path has a component starting with \"..aws-\", which the writer reserves")
                )
            }
            if component.count > self.maximumNameBytes {
                return .failure(
                    PathProblem(reason: "the path has a component longer than \(self.maximumNameBytes) bytes")
                )
            }
        }
        return .success(components)
    }

    /// The components of an absolute path (a target or the root), normalised: empty and `.` components are
    /// dropped, while a `..` component, a NUL or a relative path is rejected.
    static func absoluteComponents(of path: String) -> Result<[Name], PathProblem> {
        let bytes = Array(path.utf8)
        guard bytes.first == UInt8(ascii: "/") else {
            return .failure(PathProblem(reason: "is not an absolute path"))
        }
        if bytes.contains(0) {
            return .failure(PathProblem(reason: "contains a NUL character"))
        }
        if bytes.count > self.maximumPathBytes {
            return .failure(PathProblem(reason: "is longer than \(self.maximumPathBytes) bytes"))
        }
        let components = bytes.split(separator: UInt8(ascii: "/")).map(Name.init).filter { $0 != self.dot }
        if components.contains(self.dotDot) {
            return .failure(PathProblem(reason: "has a \"..\" component; it must be a normalised path"))
        }
        return .success(components)
    }

    /// The components of a symbolic link's target, to be resolved from the link's directory: empty and `.`
    /// components dropped, `..` kept. Absolute link targets are rejected by the caller before this.
    static func linkComponents(of target: [UInt8]) -> [Name] {
        target.split(separator: UInt8(ascii: "/")).map(Name.init).filter { $0 != self.dot }
    }

    /// `/a/b` for absolute components.
    static func absoluteText(_ components: some Collection<Name>) -> String {
        "/" + self.relativeText(components)
    }

    /// `a/b` for relative components (bytes that are not UTF-8 become U+FFFD; for messages only).
    static func relativeText(_ components: some Collection<Name>) -> String {
        components.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "/")
    }

    /// The name `.`.
    static let dot: Name = [UInt8(ascii: ".")]

    /// The name `..`.
    static let dotDot: Name = [UInt8(ascii: "."), UInt8(ascii: ".")]

    /// The prefix of the writer's own names (``ReservedName``); no file of a request may have a component with it.
    static let reservedPrefix = Array("..aws-".utf8)
}

extension Array where Element == UInt8 {
    /// Calls `body` with the bytes as a NUL-terminated C string.
    func withCName<Result>(_ body: (UnsafePointer<CChar>) -> Result) -> Result {
        var terminated = self
        terminated.append(0)
        return terminated.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// The checks every file name of a mount must pass: it stays inside the mount directory, and the driver's atomic
/// writer accepts it (its `validatePath`: relative, no `..` element, first element not starting with `..`,
/// elements of at most 255 bytes, at most 4096 bytes in all, and `filepath.Clean(path) == path`).
///
/// The incumbent only rejects `/../`, a leading `../` and a trailing `/..` in the object's own file name; these
/// rules apply to every file (object aliases, `jmesPath` aliases, names after translation). Names that merely
/// contain dots, such as `mypath..`, `a/..b` or `arn:…:secret:..pathTest-abc123`, are accepted; but no element
/// may start with `..aws-`, the prefix of this provider's own files (its temporary files sit beside a class's files
/// at every level, and a class must never be able to name one).
enum FileNameRules {
    /// The prefix of the names of this provider's own files in a volume (`..aws-tmp-…`).
    static let reservedPrefix = "..aws-"

    /// The longest path element the driver accepts, in bytes.
    static let maximumElementBytes = 255

    /// The most elements of a path (the writer's limit: deeper trees are no use to a pod).
    static let maximumElements = 32

    /// The longest path the driver accepts, in bytes.
    static let maximumPathBytes = 4096

    /// The first rule `path` breaks, if any.
    /// - Parameters:
    ///   - path: The file name after path translation, relative to the mount directory.
    ///   - name: The name or alias it came from, for the message.
    /// - Returns: The problem's code and message, or nil when the path is acceptable.
    static func violation(of path: String, name: String) -> (code: SecretProviderClassError.Code, message: String)? {
        let shown = UserText.shown(name)
        let asWritten = path == name ? "" : " (file name \"\(UserText.shown(path))\")"
        if path.isEmpty {
            return (.invalidFileName, "file name is empty: \(shown)")
        }
        if path.utf8.contains(0) {
            return (.invalidFileName, "file name can not contain NUL characters: \(shown)")
        }
        if path.hasPrefix("/") {
            return (.pathTraversal, "path can not be absolute: \(shown)\(asWritten)")
        }
        // Split and compared as bytes: as Swift characters, a '/' or '.' followed by a combining mark would hide.
        let elements = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map(Array.init)
        let dot = Array(".".utf8)
        let dotDot = Array("..".utf8)
        if elements.contains(dotDot) {
            return (.pathTraversal, "path can not contain ../: \(shown)\(asWritten)")
        }
        if elements[0].starts(with: dotDot) {
            return (
                .pathTraversal,
                "file name can not start with '..', which the driver reserves for its own files: \(shown)\(asWritten)"
            )
        }
        if elements.contains(where: { $0.starts(with: Self.reservedPrefix.utf8) }) {
            return (
                .pathTraversal,
                "no part of a file name can start with '\(Self.reservedPrefix)', which this provider reserves for its "
                    + "own files: \(shown)\(asWritten)"
            )
        }
        if elements.contains(dot) {
            return (.invalidFileName, "path can not contain '.' elements: \(shown)\(asWritten)")
        }
        if elements.contains([]) {
            return (.invalidFileName, "path can not contain empty elements (a double or trailing '/'): \(shown)")
        }
        if elements.count > Self.maximumElements {
            return (.invalidFileName, "file name has more than \(Self.maximumElements) elements: \(shown)")
        }
        if elements.contains(where: { $0.count > self.maximumElementBytes }) {
            return (
                .invalidFileName,
                "file name has an element longer than \(self.maximumElementBytes) bytes (use objectAlias): \(shown)"
            )
        }
        if path.utf8.count > self.maximumPathBytes {
            return (.invalidFileName, "file name is longer than \(self.maximumPathBytes) bytes: \(shown)")
        }
        return nil
    }
}

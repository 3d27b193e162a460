// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An error raised while checking a target directory, or writing or reading the files of a mount.
///
/// The ``code`` is stable and safe for logs and metric labels. The ``message`` is a full sentence that names the
/// target directory or the file path relative to it, the rule broken or the operating system's reason, for example
/// `cannot write "db/password" in /var/lib/kubelet/pods/…/mount: No space left on device`. No error ever contains
/// the contents of a file.
public struct VolumeError: Error, Sendable, CustomStringConvertible {
    /// A stable, opaque identifier for the kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: String, Hashable, Sendable {
            case invalidTarget
            case targetChanged
            case invalidPath
            case writeFailed
            case readFailed
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// The target path is not absolute, contains a `..` component, does not exist, is not a directory, is a
        /// symbolic link (or passes through one below the root), or is not strictly inside the configured root.
        public static let invalidTarget = Self(.invalidTarget)

        /// The target directory is no longer the one a `Mount` checked (another device or inode, or another file
        /// system: the driver unmounted the volume's tmpfs); nothing was written.
        public static let targetChanged = Self(.targetChanged)

        /// A file path is empty, absolute, has a `.`, `..` or empty component, contains a NUL, is too long, appears
        /// twice, or would pass through a symbolic link or a non-directory inside the target; or its final name is
        /// taken by a directory or another kind of file that is not a regular file or a symbolic link.
        public static let invalidPath = Self(.invalidPath)

        /// The operating system refused a step of writing (creating a directory or a temporary file, writing,
        /// syncing, renaming). The message names the file and the reason.
        public static let writeFailed = Self(.writeFailed)

        /// The file exists but cannot be read: it is not a regular file, is too large, sits behind too many
        /// symbolic links, or the operating system refused to read it.
        public static let readFailed = Self(.readFailed)

        /// The stable camelCase name of the code, for logs and metric labels.
        public var description: String {
            self.wrapped.rawValue
        }
    }

    /// The kind of failure.
    public var code: Code

    /// A full sentence naming the target or the file and the cause; never contains file contents.
    public var message: String

    /// The file path relative to the target when the error is about one file (or a directory inside the
    /// target), otherwise the target path.
    public var path: String?

    /// The operating system's error number, when a system call failed.
    public var errno: Int32?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: A full sentence that never contains file contents.
    ///   - path: The relative file path, or the target path, the error is about.
    ///   - errno: The operating system's error number, if a system call failed.
    public init(code: Code, message: String, path: String? = nil, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.errno = errno
    }

    /// The error in the form `code: "message"`.
    public var description: String {
        "\(self.code): \"\(self.message)\""
    }
}

extension VolumeError {
    /// An ``Code/invalidTarget`` error whose message is `the target <target> <reason>`.
    static func target(_ target: String, _ reason: String, errno: Int32? = nil) -> Self {
        Self(
            code: .invalidTarget,
            message: "the target \(Shown.target(target)) \(reason)",
            path: target,
            errno: errno
        )
    }

    /// A ``Code/writeFailed`` error about the target as a whole: `cannot write the files in <target>: <reason>:
    /// <strerror>`.
    static func writing(_ target: String, _ reason: String, _ error: SystemError) -> Self {
        Self(
            code: .writeFailed,
            message: "cannot write the files in \(Shown.target(target)): \(reason): \(Shown.systemReason(error.code))",
            path: target,
            errno: error.code
        )
    }

    /// An error about one file: `cannot <verb> "<path>" in <target>: <reason>`.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - verb: `write` or `read`.
    ///   - path: The file path relative to the target, as given.
    ///   - target: The target directory.
    ///   - reason: What went wrong; when `errno` is given, the step that failed (or nil for the plain reason).
    ///   - errno: The operating system's error number, appended through `strerror`.
    static func file(
        _ code: Code,
        _ verb: String,
        path: String,
        in target: String,
        _ reason: String?,
        errno: Int32? = nil
    ) -> Self {
        var explanation = reason ?? ""
        if let errno {
            let system = Shown.systemReason(errno)
            explanation = explanation.isEmpty ? system : "\(explanation): \(system)"
        }
        return Self(
            code: code,
            message: "cannot \(verb) \(Shown.quoted(path)) in \(Shown.target(target)): \(explanation)",
            path: path,
            errno: errno
        )
    }
}

/// Shows paths and names safely inside one-line messages.
enum Shown {
    /// `text` in double quotes, with control characters, quotes and backslashes escaped.
    static func quoted(_ text: String) -> String {
        "\"\(self.escaped(text, escapingQuotes: true))\""
    }

    /// The target path without quotes (it is absolute and comes from kubelet), control characters escaped.
    static func target(_ text: String) -> String {
        self.escaped(text, escapingQuotes: false)
    }

    /// Raw name bytes (from the file system) in double quotes; bytes that are not UTF-8 become U+FFFD.
    static func quoted(_ bytes: [UInt8]) -> String {
        self.quoted(String(decoding: bytes, as: UTF8.self))
    }

    /// `strerror(code)`, for example `No space left on device`.
    static func systemReason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    private static func escaped(_ text: String, escapingQuotes: Bool) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\0": result += "\\0"
            case "\"" where escapingQuotes: result += "\\\""
            case "\\" where escapingQuotes: result += "\\\\"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

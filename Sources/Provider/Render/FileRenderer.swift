// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import JMESPath
import SecretProviderClass

/// One file of a mount with its contents, ready to write or to hand to the driver.
struct RenderedFile: Sendable {
    /// The planned file.
    let file: PlannedFile
    /// The contents.
    let contents: [UInt8]
}

/// Turns an object's value into its files: the value itself, and what each `jmesPath` entry finds in it.
enum FileRenderer {
    /// The object's file and its `jmesPath` files, paid for from the mount's budget.
    ///
    /// A string result is written as raw UTF-8; a number, boolean, object or array as its JSON text (where the
    /// incumbent fails). Nothing found (a missing key or `null`) is an error naming the path, the alias and the object.
    /// No file is ever built larger than the budget allows: a small expression can make a result of shared parts
    /// whose text would be hundreds of megabytes.
    /// - Throws: A message naming the object and the entry at fault; never the value.
    static func render(
        _ object: PlannedObject,
        value: [UInt8],
        budget: inout RenderBudget
    ) throws(RenderFailure) -> [RenderedFile] {
        let name = "\(object.primary.type.rawValue) \(object.primary.name)"
        try budget.charge(value.count, for: "the value of \(name)", limit: budget.limits.maximumFileBytes)
        var files = [RenderedFile(file: object.file, contents: value)]
        guard !object.jmesPathFiles.isEmpty else { return files }
        let document: JSONValue
        do {
            document = try JSONValue(parsing: value)
        } catch {
            throw RenderFailure(
                "the value of \(name) is not valid JSON, which its jmesPath entries need (error at line "
                    + "\(error.line ?? 1), column \(error.column ?? 1))"
            )
        }
        let fileLimit = budget.limits.maximumJMESPathFileBytes(valueBytes: value.count)
        for file in object.jmesPathFiles {
            guard case .jmesPath(let expression, _) = file.content else { continue }
            try budget.checkTime()
            let entry = "jmesPath \"\(expression.source)\" for objectAlias \(file.path) of \(name)"
            let result: JSONValue
            do {
                result = try expression.search(document, steps: &budget.steps)
            } catch  where budget.steps < 0 {
                throw RenderFailure(
                    "\(entry) needs more work than the mount may do (\(budget.limits.jmesPathSteps) JMESPath steps for "
                        + "all entries, --max-jmespath-steps-per-mount)",
                    stopsMount: true
                )
            } catch {
                throw RenderFailure("\(entry) failed: \(error.code.rawValue)")
            }
            let contents: [UInt8]
            switch result {
            case .null:
                throw RenderFailure("\(entry) finds nothing (a missing key or null)")
            case .string(let text):
                contents = Array(text.utf8)
            default:
                guard let text = result.serialized(maximumBytes: fileLimit) else {
                    throw RenderBudget.tooLarge(entry, limit: fileLimit)
                }
                contents = text
            }
            try budget.charge(contents.count, for: entry, limit: fileLimit)
            files.append(RenderedFile(file: file, contents: contents))
        }
        return files
    }
}

/// What one mount may still render, shared by all its objects: bytes, files and JMESPath work, until its deadline.
struct RenderBudget {
    /// The bounds of one mount.
    let limits: RenderLimits
    /// The bytes left for the mount's files.
    private(set) var bytes: Int
    /// The files left.
    private(set) var files: Int
    /// The JMESPath steps left; negative once an entry ran out.
    var steps: Int
    /// Asked before each entry: true once the deadline passed or the mount was cancelled.
    private let shouldStop: () -> Bool

    /// A full budget.
    init(limits: RenderLimits, shouldStop: @escaping () -> Bool) {
        self.limits = limits
        self.bytes = limits.maximumMountBytes
        self.files = limits.maximumFiles
        self.steps = limits.jmesPathSteps
        self.shouldStop = shouldStop
    }

    /// Fails when the deadline passed or the mount was cancelled.
    func checkTime() throws(RenderFailure) {
        if self.shouldStop() {
            throw RenderFailure(
                "the mount's deadline passed (or it was cancelled) while its files were rendered; nothing was written",
                code: .deadlineExceeded,
                stopsMount: true
            )
        }
    }

    /// The failure of a file (named `what`) larger than `limit`.
    static func tooLarge(_ what: String, limit: Int) -> RenderFailure {
        RenderFailure(
            "\(what) is more than \(limit) bytes, the limit for one file (--max-file-bytes; a jmesPath file may also "
                + "be at most \(RenderLimits.jmesPathGrowth) times its value plus 4 KiB)"
        )
    }

    /// Takes one file of `count` bytes (named `what`, at most `limit` bytes) from the budget.
    mutating func charge(_ count: Int, for what: String, limit: Int) throws(RenderFailure) {
        try self.checkTime()
        guard count <= limit else {
            throw Self.tooLarge(what, limit: limit)
        }
        guard self.files > 0 else {
            throw RenderFailure(
                "the mount has more than \(self.limits.maximumFiles) files (--max-files-per-mount) at \(what)",
                stopsMount: true
            )
        }
        guard count <= self.bytes else {
            throw RenderFailure(
                "the mount's files are more than \(self.limits.maximumMountBytes) bytes in all (--max-mount-bytes) at "
                    + "\(what)",
                stopsMount: true
            )
        }
        self.files -= 1
        self.bytes -= count
    }
}

/// The bounds of what one mount renders (flags of `serve`); the defaults keep a mount far below the provider's
/// memory limit and the driver's gRPC message limit (4 MiB).
public struct RenderLimits: Sendable, Equatable {
    /// How many times its value's size a `jmesPath` file may be (plus 4 KiB), however small `maximumFileBytes`.
    public static let jmesPathGrowth = 4

    /// The most bytes of one file (`--max-file-bytes`).
    public var maximumFileBytes: Int
    /// The most bytes of all files of one mount (`--max-mount-bytes`).
    public var maximumMountBytes: Int
    /// The most files of one mount (`--max-files-per-mount`).
    public var maximumFiles: Int
    /// The JMESPath work all `jmesPath` entries of one mount may do (`--max-jmespath-steps-per-mount`).
    public var jmesPathSteps: Int

    /// Creates limits; the defaults are the flags' defaults.
    public init(
        maximumFileBytes: Int = 1 << 20,
        maximumMountBytes: Int = 2 << 20,
        maximumFiles: Int = 1000,
        jmesPathSteps: Int = 1 << 22
    ) {
        self.maximumFileBytes = maximumFileBytes
        self.maximumMountBytes = maximumMountBytes
        self.maximumFiles = maximumFiles
        self.jmesPathSteps = jmesPathSteps
    }

    /// The most bytes of a `jmesPath` file rendered from a value of `valueBytes` bytes.
    func maximumJMESPathFileBytes(valueBytes: Int) -> Int {
        min(self.maximumFileBytes, Self.jmesPathGrowth * valueBytes + 4096)
    }
}

/// Why an object's files could not be rendered; the message never contains the value.
struct RenderFailure: Error, Sendable {
    /// What is wrong, naming the object and the entry.
    let message: String
    /// The mount's error code when this failure stops the mount.
    let code: ProviderError.Code
    /// Whether the whole mount stops here (a mount-wide limit or the deadline), rather than only this object.
    let stopsMount: Bool

    init(_ message: String, code: ProviderError.Code = .invalidRequest, stopsMount: Bool = false) {
        self.message = message
        self.code = code
        self.stopsMount = stopsMount
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import FileFormats
import JMESPath
import SecretProviderClass

/// One file of a mount with its contents, ready to write or to hand to the driver.
struct RenderedFile: Sendable {
    /// The planned file.
    let file: PlannedFile
    /// The contents.
    let contents: [UInt8]
}

/// What rendering one object made.
struct RenderedObject: Sendable {
    /// The files to write.
    let files: [RenderedFile]
    /// The contents of the object's own file, written or not (`writeObjectFile`): what templates read by its name.
    let ownContents: [UInt8]
}

/// Turns an object's value into its files: the value itself, and what each `jmesPath` entry finds in it.
enum FileRenderer {
    /// The object's file, its `jmesPath` files and its key files, paid for from the mount's budget.
    ///
    /// The stored value is first decoded (`objectEncoding`); the decoded bytes are the object's file and the JSON
    /// document its entries read. A string result is written as raw UTF-8 (decoded first when the entry has an
    /// `objectEncoding`); a number, boolean, object or array as its compact JSON text (where the incumbent fails).
    /// Nothing found (a missing key or `null`) is an error naming the path, the alias and the object. With
    /// `mountAllKeys`, every top-level key of the document is a file by the same rule, `null` written as `null`.
    /// No file is ever built larger than the budget allows: a small expression can make a result of shared parts
    /// whose text would be hundreds of megabytes.
    /// - Throws: A message naming the object, the entry or key, and the encoding at fault; never the value.
    static func render(
        _ object: PlannedObject,
        value stored: [UInt8],
        budget: inout RenderBudget
    ) throws(RenderFailure) -> [RenderedFile] {
        try self.renderObject(object, value: stored, budget: &budget).files
    }

    /// The object's files (``render(_:value:budget:)``), and the contents of its own file even when it is not
    /// written, which templates read.
    static func renderObject(
        _ object: PlannedObject,
        value stored: [UInt8],
        budget: inout RenderBudget
    ) throws(RenderFailure) -> RenderedObject {
        let name = "\(object.primary.type.rawValue) \(object.primary.name)"
        let value: [UInt8]
        do {
            value = try object.encoding.decode(stored)
        } catch {
            throw RenderFailure(
                "the value of \(name) is not valid \(object.encoding.rawValue) (objectEncoding): \(error.reason)"
            )
        }
        let isCertificate = object.type == .acmCertificate
        guard !object.jmesPathFiles.isEmpty || object.mountAllKeys || isCertificate else {
            if object.writesObjectFile {
                try budget.charge(value.count, for: "the value of \(name)", limit: budget.limits.maximumFileBytes)
            }
            return RenderedObject(
                files: object.writesObjectFile ? [RenderedFile(file: object.file, contents: value)] : [],
                ownContents: value
            )
        }
        let document: JSONValue
        do {
            document = try JSONValue(parsing: value)
        } catch {
            let needs =
                isCertificate
                ? "a certificate export is" : object.mountAllKeys ? "mountAllKeys needs" : "its jmesPath entries need"
            throw RenderFailure(
                "the value of \(name) is not valid JSON, which \(needs) (error at line \(error.line ?? 1), column "
                    + "\(error.column ?? 1))"
            )
        }
        // A certificate's value is its export document; its own file is the PEM bundle: key, certificate, chain. With
        // `writeObjectFile: false` the value only feeds the entries and key files.
        var files: [RenderedFile] = []
        let own = isCertificate ? Self.bundle(document) : value
        if object.writesObjectFile {
            try budget.charge(own.count, for: "the value of \(name)", limit: budget.limits.maximumFileBytes)
            files.append(RenderedFile(file: object.file, contents: own))
        }
        let fileLimit = budget.limits.maximumJMESPathFileBytes(valueBytes: value.count)
        for file in object.jmesPathFiles {
            guard case .jmesPath(let expression, _, let encoding) = file.content else { continue }
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
            if case .null = result {
                throw RenderFailure("\(entry) finds nothing (a missing key or null)")
            }
            let contents = try Self.contents(of: result, encoding: encoding, limit: fileLimit, for: entry)
            try budget.charge(contents.count, for: entry, limit: fileLimit)
            files.append(RenderedFile(file: file, contents: contents))
        }
        if object.mountAllKeys {
            files += try Self.keyFiles(object, document: document, name: name, limit: fileLimit, budget: &budget)
        }
        return RenderedObject(files: files, ownContents: own)
    }

    /// Records the files of `object` whose names only AWS knows in `claims` (every file of the mount so far): its
    /// key files, and every file of an object a wildcard matched. Fails when one takes the path of another file of
    /// the mount, is the directory of one, or needs another file as its directory.
    static func claim(
        _ rendered: [RenderedFile],
        of object: PlannedObject,
        claims: inout FileClaims<FileMaker>
    ) throws(RenderFailure) {
        for file in rendered {
            let maker = FileMaker(object: object, file: file.file)
            guard maker.isNamedByAWS, let collision = claims.claim(file.file.path, by: maker) else { continue }
            throw RenderFailure(
                "\(maker): " + collision.message(path: file.file.path, owner: collision.owner.description)
            )
        }
    }

    /// The PEM bundle of a certificate's export document: the private key, the certificate, then the chain, each
    /// ending in a line break; what most servers take as one file.
    static func bundle(_ document: JSONValue) -> [UInt8] {
        guard case .object(let members) = document else { return [] }
        var bundle: [UInt8] = []
        for key in ["privateKey", "certificate", "certificateChain"] {
            guard case .string(let text)? = members[key], !text.isEmpty else { continue }
            bundle += Array(text.utf8)
            if bundle.last != UInt8(ascii: "\n") {
                bundle.append(UInt8(ascii: "\n"))
            }
        }
        return bundle
    }

    /// The files of every top-level key of `document` (`mountAllKeys`).
    private static func keyFiles(
        _ object: PlannedObject,
        document: JSONValue,
        name: String,
        limit: Int,
        budget: inout RenderBudget
    ) throws(RenderFailure) -> [RenderedFile] {
        guard case .object(let members) = document else {
            throw RenderFailure(
                "the value of \(name) is a JSON \(document.typeName), not an object: mountAllKeys needs an object "
                    + "whose keys name the files"
            )
        }
        var files: [RenderedFile] = []
        for (key, value) in members {
            try budget.checkTime()
            let what = "the key \"\(UserText.shown(key))\" of \(name) (mountAllKeys)"
            let file: PlannedFile
            switch object.keyFile(key) {
            case .success(let planned): file = planned
            case .failure(let problem): throw RenderFailure("\(what) cannot name a file: \(problem.message)")
            }
            let contents = try Self.contents(of: value, encoding: .utf8, limit: limit, for: what)
            try budget.charge(contents.count, for: what, limit: limit)
            files.append(RenderedFile(file: file, contents: contents))
        }
        return files
    }

    /// A file's bytes for a JSON value: a string's text (decoded per `encoding`), anything else its compact JSON
    /// text; `what` names the entry or key in errors.
    private static func contents(
        of result: JSONValue,
        encoding: ValueEncoding,
        limit: Int,
        for what: String
    ) throws(RenderFailure) -> [UInt8] {
        switch result {
        case .string(let text):
            do {
                return try encoding.decode(Array(text.utf8))
            } catch {
                throw RenderFailure("\(what) is not valid \(encoding.rawValue) (objectEncoding): \(error.reason)")
            }
        default:
            guard encoding == .utf8 else {
                throw RenderFailure(
                    "\(what) selects a JSON \(result.typeName), but objectEncoding \(encoding.rawValue) decodes strings "
                        + "only"
                )
            }
            guard let text = result.serialized(maximumBytes: limit) else {
                throw RenderBudget.tooLarge(what, limit: limit)
            }
            return text
        }
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

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Crypto
import FileFormats
import JMESPath
import SecretProviderClass
import Templates

/// Renders a mount's template entries from its other files, after every object rendered, so their files join the
/// same all-or-nothing write.
struct TemplateRenderer {
    /// The contents of every file the class names (each object's own file, written or not, and its `jmesPath` files),
    /// by the exact bytes of the file name (two canonically equivalent names are two files): what templates read.
    private var inputs: [ExactText: [UInt8]] = [:]

    /// The JSON value of each format's `source`, parsed once however many formats read it.
    private var sources: [ExactText: JSONValue] = [:]

    /// The key of the templates' object versions, new in each process: a version is a keyed hash of the rendered
    /// file, so a rotation of any input changes it, while the driver's status (which others may read) never holds
    /// a plain hash of a secret that could be guessed offline. A restart changes every template's version once.
    private static let versionKey = SymmetricKey(size: .bits256)

    /// Records what `object` rendered as inputs of the templates; a wildcard's matches and key files are not inputs.
    mutating func record(_ rendered: RenderedObject, of object: PlannedObject) {
        guard object.matchedBy == nil, object.wildcard == nil else { return }
        self.inputs[ExactText(object.file.path)] = rendered.ownContents
        for file in rendered.files {
            if case .jmesPath = file.file.content {
                self.inputs[ExactText(file.file.path)] = file.contents
            }
        }
    }

    /// The Mustache data of `templates`: only the files some name of theirs can stand for (each name's first
    /// segment, matched by exact bytes), so files no template reads are neither parsed nor held twice.
    func data(for templates: [PlannedTemplate]) -> TemplateData {
        var names: Set<ExactText> = []
        for template in templates {
            guard case .mustache(let strict) = template.body else { continue }
            names.formUnion(strict.references.map { ExactText($0.root) })
        }
        var files: [String: [UInt8]] = [:]
        for name in names {
            // Names are ASCII, so no two of them are canonically equivalent: each is one key.
            files[name.text] = self.inputs[name]
        }
        return TemplateData(files: files)
    }

    /// Renders one template within the mount's budget.
    /// - Parameters:
    ///   - template: The template entry.
    ///   - data: The Mustache data of ``inputs`` (made once per mount).
    ///   - budget: The mount's budget.
    /// - Returns: The file and its object version.
    /// - Throws: A message naming the name, file or key at fault (the mount's error names the template); never a
    ///   value.
    mutating func render(
        _ template: PlannedTemplate,
        data: TemplateData,
        budget: inout RenderBudget
    ) throws(RenderFailure) -> (file: RenderedFile, version: ObjectVersion) {
        try budget.checkTime()
        let limit = budget.limits.maximumFileBytes
        let contents: [UInt8]
        switch template.body {
        case .mustache(let strict):
            do {
                contents = try strict.render(data, maximumBytes: limit)
            } catch {
                throw RenderFailure(error.message)
            }
        case .format(let format, let source):
            contents = try self.render(format, source: source, limit: limit)
        }
        try budget.charge(contents.count, for: template.description, limit: limit)
        let file = RenderedFile(file: template.file, contents: contents)
        return (file, ObjectVersion(id: template.file.objectVersionID, version: Self.version(of: contents)))
    }

    /// Every top-level key of the JSON object in the file `source`, in `format`.
    private mutating func render(
        _ format: FileFormat,
        source: String,
        limit: Int
    ) throws(RenderFailure) -> [UInt8] {
        let shown = "format \(format.rawValue) of \(UserText.shown(source))"
        let key = ExactText(source)
        guard let bytes = self.inputs[key] else {
            throw RenderFailure("\(shown): the file \(UserText.shown(source)) was not rendered")
        }
        let value: JSONValue
        if let parsed = self.sources[key] {
            value = parsed
        } else {
            do {
                value = try JSONValue(parsing: bytes)
            } catch {
                throw RenderFailure(
                    "\(shown): the file is not valid JSON (error at line \(error.line ?? 1), column "
                        + "\(error.column ?? 1)); a format writes the keys of a JSON object"
                )
            }
            self.sources[key] = value
        }
        do {
            return try format.render(value, maximumBytes: limit)
        } catch {
            throw RenderFailure("\(shown): \(error.message)")
        }
    }

    /// `hmac-sha256:` and the first 16 bytes of the keyed hash, in hex.
    static func version(of contents: [UInt8]) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: contents, using: Self.versionKey)
        return "hmac-sha256:"
            + code.prefix(16).map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import FileFormats

/// What `objectEncoding` (of the object and of each `jmesPath` entry) and `mountAllKeys` say, checked.
struct ValueShape {
    /// How the object's stored value is encoded.
    var encoding = ValueEncoding.utf8
    /// How each `jmesPath` entry's selection is encoded, in order.
    var entryEncodings: [ValueEncoding] = []
    /// Whether every top-level key of the JSON value becomes a file.
    var mountAllKeys = false
    /// Whether the object's own file is written (`writeObjectFile`, true unless it says false).
    var writesObjectFile = true
}

extension ObjectDescriptor {
    /// Checks `objectEncoding` on the object and on each `jmesPath` entry, and `mountAllKeys` and `writeObjectFile`
    /// (Go booleans, as `usePodIdentity`), reporting each problem with its field. Whether an object that writes no file
    /// of its own feeds a template is checked once every entry is known (``TemplateRules``).
    func checkShape(problems: inout ObjectProblems) -> ValueShape {
        var shape = ValueShape()
        shape.encoding = Self.encoding(self.objectEncoding, field: "objectEncoding", problems: &problems)
        for (position, entry) in self.jmesPath.enumerated() {
            let field = "jmesPath[\(position)].objectEncoding"
            shape.entryEncodings.append(Self.encoding(entry.objectEncoding, field: field, problems: &problems))
        }
        shape.mountAllKeys = Self.boolean(
            self.mountAllKeys,
            field: "mountAllKeys",
            code: .invalidMountAllKeys,
            absent: false,
            problems: &problems
        )
        shape.writesObjectFile = Self.boolean(
            self.writeObjectFile,
            field: "writeObjectFile",
            code: .invalidWriteObjectFile,
            absent: true,
            problems: &problems
        )
        return shape
    }

    /// A Go boolean field's value: `absent` when empty; reported (and `absent`) when it is not a boolean.
    private static func boolean(
        _ text: String,
        field: String,
        code: SecretProviderClassError.Code,
        absent: Bool,
        problems: inout ObjectProblems
    ) -> Bool {
        guard !text.isEmpty else { return absent }
        guard let value = GoBoolean.parse(text) else {
            problems.report(code, field: field, "\(field) must be true or false (got \"\(UserText.shown(text))\")")
            return absent
        }
        return value
    }

    private static func encoding(_ text: String, field: String, problems: inout ObjectProblems) -> ValueEncoding {
        guard !text.isEmpty else { return .utf8 }
        guard let encoding = ValueEncoding(named: text) else {
            let known = ValueEncoding.allCases.map(\.rawValue).joined(separator: ", ")
            problems.report(
                .invalidObjectEncoding,
                field: field,
                "\(field) must be one of \(known) (got \"\(UserText.shown(text))\")"
            )
            return .utf8
        }
        return encoding
    }
}

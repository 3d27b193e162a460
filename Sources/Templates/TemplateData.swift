// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import JMESPath

/// The data of a template: the mount's files by name.
///
/// A file whose content is a JSON object exposes its keys (`{{db.username}}`, nested objects too); any other file
/// (not JSON, or JSON that is not an object) is its bytes (`{{apitoken}}`, `{{base64(keystore)}}`).
public struct TemplateData: Sendable {
    /// The files as the outermost value of the context stack (``TemplateValue/files(_:)``).
    let root: TemplateValue

    /// Creates the data; each file is parsed as JSON once, here.
    public init(files: [String: [UInt8]]) {
        self.root = .files(files.mapValues(TemplateValue.init(file:)))
    }
}

/// Reading a mount file.
extension TemplateValue {
    /// A file's value: its JSON object, or its bytes.
    init(file bytes: [UInt8]) {
        // Only text starting with `{` after JSON's white space (space, tab, line feed, carriage return) can be an
        // object: anything else is not parsed at all.
        let isJSONWhiteSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        if bytes.first(where: { !isJSONWhiteSpace($0) }) == UInt8(ascii: "{"),
            let value = try? JSONValue(parsing: bytes), case .object = value
        {
            self = .json(value)
        } else {
            self = .bytes(bytes)
        }
    }
}

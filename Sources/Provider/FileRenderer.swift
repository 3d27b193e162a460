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
    /// The object's file and its `jmesPath` files.
    ///
    /// A string result is written as raw UTF-8; a number, boolean, object or array as its JSON text (where the
    /// incumbent fails). Nothing found (a missing key or `null`) is an error naming the path, the alias and the object.
    /// - Throws: A message naming the object and the entry at fault; never the value.
    static func render(_ object: PlannedObject, value: [UInt8]) throws(RenderFailure) -> [RenderedFile] {
        var files = [RenderedFile(file: object.file, contents: value)]
        guard !object.jmesPathFiles.isEmpty else { return files }
        let document: JSONValue
        do {
            document = try JSONValue(parsing: value)
        } catch {
            throw RenderFailure(
                "the value of \(object.primary.type.rawValue) \(object.primary.name) is not valid JSON, which its "
                    + "jmesPath entries need (error at line \(error.line ?? 1), column \(error.column ?? 1))"
            )
        }
        for file in object.jmesPathFiles {
            guard case .jmesPath(let expression, _) = file.content else { continue }
            let result: JSONValue
            do {
                result = try expression.search(document)
            } catch {
                throw RenderFailure(
                    "jmesPath \"\(expression.source)\" for objectAlias \(file.path) of "
                        + "\(object.primary.type.rawValue) \(object.primary.name) failed: \(error.code.rawValue)"
                )
            }
            switch result {
            case .null:
                throw RenderFailure(
                    "jmesPath \"\(expression.source)\" for objectAlias \(file.path) finds nothing (a missing key or "
                        + "null) in \(object.primary.type.rawValue) \(object.primary.name)"
                )
            case .string(let text):
                files.append(RenderedFile(file: file, contents: Array(text.utf8)))
            default:
                files.append(RenderedFile(file: file, contents: Array(result.serialized().utf8)))
            }
        }
        return files
    }
}

/// Why an object's files could not be rendered; the message never contains the value.
struct RenderFailure: Error, Sendable {
    /// What is wrong, naming the object and the entry.
    let message: String

    init(_ message: String) {
        self.message = message
    }
}

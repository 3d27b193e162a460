// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Templates

/// The rules that need every entry of `objects`, checked before any I/O: what each template reads is a file the
/// class names and not another template's output, and an object that writes no file of its own feeds a template.
enum TemplateRules {
    /// The most file names listed in a message about a missing name.
    static let listedNames = 10

    /// Checks every template entry's inputs and every object that writes nothing.
    /// - Parameter validated: Every validated entry, in order.
    /// - Returns: The problems, in order.
    static func check(_ validated: [ValidatedObject]) -> [Problem] {
        // The template data: every file the class names (written or not), by its exact file name. A wildcard's
        // matches and `mountAllKeys` key files are named only by AWS, so no template can be checked against them.
        var dataFiles: [String] = []
        var templateFiles: Set<ExactText> = []
        for entry in validated {
            if entry.descriptor.isTemplate {
                if let path = entry.path {
                    templateFiles.insert(ExactText(path))
                }
            } else if !entry.descriptor.isWildcard {
                dataFiles += [entry.path].compactMap { $0 } + entry.jmesPathPaths.compactMap { $0 }
            }
        }
        let known = Set(dataFiles.map(ExactText.init))
        var read: Set<ExactText> = []
        var problems: [Problem] = []
        for entry in validated {
            guard let template = entry.template else { continue }
            var entryProblems = ObjectProblems(index: entry.index, objectName: template.file.path)
            if case .mustache(let strict) = template.body {
                // A name inside a section may be a file too: each name's first segment counts as read.
                read.formUnion(strict.references.map { ExactText($0.root) })
            }
            for input in Self.inputs(of: template) {
                read.insert(ExactText(input.name))
                if templateFiles.contains(ExactText(input.name)) {
                    entryProblems.report(
                        .templateReference,
                        field: input.field,
                        "\(input.shown) is the file of a template entry; a template reads the files of objects, "
                            + "never another template's output"
                    )
                } else if !known.contains(ExactText(input.name)) {
                    entryProblems.report(
                        .missingTemplateName,
                        field: input.field,
                        "\(input.shown) is not a file of the class; \(Self.knownFiles(dataFiles))"
                    )
                }
            }
            problems += entryProblems.list
        }
        // Which files a template entry with a problem reads is not known: no object is blamed for feeding nothing.
        let readsAreKnown = validated.allSatisfy { !$0.descriptor.isTemplate || $0.template != nil }
        for entry in validated where entry.writesNothing && (readsAreKnown || entry.descriptor.isWildcard) {
            // A wildcard's matches are named by AWS: no template can read them.
            if let path = entry.path, read.contains(ExactText(path)) { continue }
            var entryProblems = ObjectProblems(index: entry.index, objectName: entry.descriptor.objectName)
            entryProblems.report(
                .invalidWriteObjectFile,
                field: "writeObjectFile",
                "writeObjectFile: false leaves \(UserText.shown(entry.descriptor.objectName)) without any file; it is "
                    + "fetched only to feed its jmesPath entries, key files (mountAllKeys) or templates (by its file "
                    + "name\(entry.path.map { " " + UserText.shown($0) } ?? "")), and it has none"
            )
            problems += entryProblems.list
        }
        return problems
    }

    /// One file a template reads, as the message shows it.
    private struct Input {
        /// The file name.
        let name: String
        /// The field that names it.
        let field: String
        /// `{{db}} (line 2, column 7)` or `source "db-creds"`.
        let shown: String
    }

    /// Each file a template reads by name, once: the first segment of each name used outside sections, or the
    /// format's source.
    private static func inputs(of template: PlannedTemplate) -> [Input] {
        switch template.body {
        case .format(_, let source):
            return [Input(name: source, field: "source", shown: "source \"\(UserText.shown(source))\"")]
        case .mustache(let strict):
            var seen: Set<String> = []
            return strict.references.compactMap { reference in
                guard reference.isTopLevel, reference.name != ".", seen.insert(reference.root).inserted else {
                    return nil
                }
                return Input(
                    name: reference.root,
                    field: "template",
                    shown: "the name \(reference.root) (line \(reference.line), column \(reference.column))"
                )
            }
        }
    }

    /// `the files templates can read are: a, b (and 3 more)`, or that there are none.
    private static func knownFiles(_ files: [String]) -> String {
        guard !files.isEmpty else {
            return "the class names no file a template can read"
        }
        let shown = files.prefix(Self.listedNames).map { UserText.shown($0) }.joined(separator: ", ")
        let more = files.count > Self.listedNames ? " (and \(files.count - Self.listedNames) more)" : ""
        return "the files templates can read are: \(shown)\(more) (each object's file and jmesPath files by file "
            + "name; name a file with objectAlias to use it, as a-b or a/b are not template names)"
    }
}

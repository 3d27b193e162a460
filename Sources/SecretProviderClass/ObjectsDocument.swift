// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Yams

/// The `objects` parameter: a YAML list of object descriptors.
///
/// The text is bounded first (``YAMLSafetyScan``: size, alias expansion, depth), then composed with Yams and
/// decoded node by node, so every scalar is read from its text as written.
enum ObjectsDocument {
    /// One decoded entry of the list.
    struct Entry {
        /// The decoded fields.
        let descriptor: ObjectDescriptor
        /// The entry's problems so far, with its position in the list.
        let problems: ObjectProblems
        /// Whether a field had the wrong shape; such an entry is not validated further.
        let isMalformed: Bool
    }

    /// Decodes the list, reporting every problem.
    /// - Parameters:
    ///   - text: The `objects` parameter.
    ///   - limits: The most objects, `jmesPath` entries and files; a larger class gives one problem and no entry.
    ///   - problems: Where document-level problems are added (YAML errors, limits, empty entries).
    ///   - warnings: Where the warning of an empty list (absent, empty, `~` or `[]`) is added: the incumbent mounts
    ///     it as no files, and so does this provider.
    /// - Returns: The other entries, each with its own problems (fields of the wrong shape, invalid
    ///   `filePermission`).
    static func decode(
        _ text: String,
        limits: MountPlanLimits,
        problems: inout [Problem],
        warnings: inout [Problem]
    ) -> [Entry] {
        let documents: [Node]
        do {
            // A list past the limit is refused while it is read: the rest of it is never parsed nor composed.
            documents = try YAMLLoader.documents(text, limits: YAMLLimits(maximumRootListItems: limits.maximumObjects))
        } catch {
            problems.append(
                error.code == .tooManyObjects
                    ? limits.tooManyObjects("objects lists more than \(limits.maximumObjects) objects")
                    : Self.documentProblem(error.code, "Failed to load SecretProviderClass: \(error.reason)")
            )
            return []
        }
        guard documents.count <= 1 else {
            problems.append(
                Self.documentProblem(
                    .invalidYAML,
                    "Failed to load SecretProviderClass: objects holds \(documents.count) YAML documents; put all "
                        + "objects in one list"
                )
            )
            return []
        }
        guard let document = documents.first, !document.isNull else {
            warnings.append(Self.noObjects)
            return []
        }
        guard case .sequence(let sequence) = document else {
            problems.append(
                Self.documentProblem(
                    .invalidYAML,
                    "Failed to load SecretProviderClass: objects must be a YAML list of objects, not "
                        + document.kindName
                )
            )
            return []
        }
        guard !sequence.isEmpty else {
            warnings.append(Self.noObjects)
            return []
        }
        if let problem = limits.problem(objects: sequence.count, jmesPathEntries: 0) {
            problems.append(problem)
            return []
        }
        var entries: [Entry] = []
        for (index, node) in sequence.enumerated() {
            if node.isNull {
                problems.append(
                    Problem(
                        code: .emptyDescriptor,
                        objectIndex: index,
                        field: nil,
                        message: "Empty descriptor entry in SecretProviderClass"
                    )
                )
                continue
            }
            var decoder = DescriptorDecoder(index: index)
            let descriptor = decoder.decode(node)
            entries.append(Entry(descriptor: descriptor, problems: decoder.problems, isMalformed: decoder.isMalformed))
        }
        let jmesPathEntries = entries.reduce(0) { $0 + $1.descriptor.jmesPath.count }
        let templateBytes = entries.reduce(0) { $0 + $1.descriptor.template.utf8.count }
        if let problem = limits.problem(
            objects: sequence.count,
            jmesPathEntries: jmesPathEntries,
            templateBytes: templateBytes
        ) {
            problems.append(problem)
            return []
        }
        return entries
    }

    private static let noObjects = Problem(
        code: .noObjects,
        field: MountAttributes.objectsKey,
        message: "objects lists no object to mount: a mount writes no file and answers with no object versions "
            + "(drivers that require object versions fail it with \"missing object versions\", "
            + "kubernetes-sigs/secrets-store-csi-driver#1933)"
    )

    private static func documentProblem(_ code: SecretProviderClassError.Code, _ message: String) -> Problem {
        Problem(code: code, field: MountAttributes.objectsKey, message: message)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Yams

/// Loads YAML text into Yams nodes after ``YAMLSafetyScan`` has bounded it.
enum YAMLLoader {
    /// Parses every document of `text`.
    /// - Parameters:
    ///   - text: The YAML.
    ///   - limits: The bounds to check first.
    /// - Returns: The documents' root nodes, in order (none for an empty text).
    /// - Throws: ``YAMLFailure`` when the text is too large, too complex or not valid YAML.
    static func documents(_ text: String, limits: YAMLLimits = YAMLLimits()) throws(YAMLFailure) -> [Node] {
        guard try YAMLSafetyScan.check(text, limits: limits) > 0 else {
            return []
        }
        do {
            // The basic resolver keeps every implicit tag a string: resolution is ours (YAMLScalarCoercion), and
            // Yams' duplicate-key check then compares keys by their text, as the safety scan does.
            let parser = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
            var documents: [Node] = []
            while let document = try parser.nextRoot() {
                documents.append(document)
            }
            return documents
        } catch {
            // The scan already found syntax errors and duplicate keys; keep only the first line of anything else,
            // since Yams quotes the surrounding YAML on the following lines.
            let firstLine = "\(error)".split(separator: "\n").first.map(String.init) ?? "invalid YAML"
            throw YAMLFailure(code: .invalidYAML, reason: UserText.shown(firstLine))
        }
    }
}

extension Node {
    /// `a string`, `a list`, `a mapping` or `null`, for messages.
    var kindName: String {
        switch self {
        case .scalar(let scalar):
            YAMLScalarCoercion.resolve(scalar) == .null ? "null" : "a string"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .alias: "an alias"
        }
    }

    /// Whether the node is an explicit or implicit null (`~`, `null`, empty), which decodes as "absent".
    var isNull: Bool {
        guard case .scalar(let scalar) = self else {
            return false
        }
        return YAMLScalarCoercion.resolve(scalar) == .null
    }
}

/// The fields of one YAML mapping, looked up as Go's `encoding/json` does through sigs.k8s.io/yaml: the field
/// name matches in any letter case (`Path`, `ObjectAlias`), unknown fields are ignored, and `<<` merge keys
/// (`<<: *defaults`) contribute the fields the mapping does not set itself.
struct YAMLFields {
    private var fields: [String: (key: String, value: Node)] = [:]

    /// Keys that differ only in letter case (`objectName` and `ObjectName`), which the incumbent resolves in
    /// an order that depends on sorting; they are reported instead.
    private(set) var caseVariants: [(first: String, second: String)] = []

    /// Merge values that are neither a mapping nor a list of mappings.
    private(set) var invalidMerges = 0

    /// Reads a mapping node.
    /// - Parameter mapping: The mapping.
    init(_ mapping: Node.Mapping) {
        // Depth-first, without recursion (merges may chain through many anchors): the mapping's own fields win,
        // then each merged mapping in order, its own fields before the ones it merges in turn.
        var pending: [(mapping: Node.Mapping, isMerged: Bool)] = [(mapping, false)]
        while let (current, isMerged) = pending.popLast() {
            var merges: [Node.Mapping] = []
            for (key, value) in current {
                guard case .scalar(let scalar) = key else {
                    continue
                }
                // A plain `<<` (Yams may already have resolved the key's tag while checking for duplicates).
                if scalar.string == "<<", scalar.style == .plain {
                    merges += self.mergeSources(value)
                    continue
                }
                let folded = scalar.string.lowercased()
                if let existing = self.fields[folded] {
                    if !isMerged {
                        self.caseVariants.append((existing.key, scalar.string))
                    }
                } else {
                    self.fields[folded] = (scalar.string, value)
                }
            }
            pending += merges.reversed().map { ($0, true) }
        }
    }

    /// The mappings a `<<` value merges in: a mapping, or a list of mappings; anything else is counted as invalid.
    private mutating func mergeSources(_ value: Node) -> [Node.Mapping] {
        let nodes: [Node]
        switch value {
        case .mapping: nodes = [value]
        case .sequence(let sequence): nodes = Array(sequence)
        default: nodes = []
        }
        let mappings = nodes.compactMap { node -> Node.Mapping? in
            guard case .mapping(let mapping) = node else { return nil }
            return mapping
        }
        if nodes.isEmpty || mappings.count < nodes.count {
            self.invalidMerges += 1
        }
        return mappings
    }

    /// The value of a field, matched in any letter case.
    /// - Parameter name: The field's name, such as `objectAlias`.
    subscript(name: String) -> Node? {
        self.fields[name.lowercased()]?.value
    }
}

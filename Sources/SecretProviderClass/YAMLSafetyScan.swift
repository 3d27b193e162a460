// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import CYaml

/// The bounds every YAML text must stay within before it is composed into nodes.
struct YAMLLimits: Sendable {
    /// The largest accepted text, in UTF-8 bytes (1 MiB).
    var maximumBytes = 1 << 20

    /// The most nodes the stream may have once every alias is expanded.
    var maximumNodes = 100_000

    /// The deepest nesting of lists and mappings.
    var maximumDepth = 64

    /// The most items a document's top-level list may have: a longer list is refused as soon as the item past the
    /// limit begins, without reading (or composing) the rest.
    var maximumRootListItems = Int.max
}

/// Why a YAML text was refused.
struct YAMLFailure: Error, Sendable {
    /// `invalidYAML`, `yamlTooLarge` or `yamlTooComplex`.
    let code: SecretProviderClassError.Code
    /// What is wrong and where, as a sentence fragment.
    let reason: String
}

/// A streaming pass over the libyaml events of a text (libyaml is the parser Yams is built on) that refuses,
/// in time and memory linear in the text, everything that would make composing it expensive or ambiguous:
///
/// - alias expansion past ``YAMLLimits/maximumNodes`` ("billion laughs"): each anchor's expanded size is
///   computed once, so nested aliases are counted without being expanded;
/// - nesting past ``YAMLLimits/maximumDepth`` (composing and freeing nodes recurse);
/// - mapping keys that are lists or mappings, or aliases of them: Yams hashes every key to find duplicates,
///   and hashing an alias of an exponentially large node never ends. JSON has no such keys, so the incumbent
///   (YAML → JSON) rejects them too;
/// - duplicate keys in one mapping, undefined aliases and syntax errors, with their line and column;
/// - a top-level list longer than ``YAMLLimits/maximumRootListItems`` (code `tooManyObjects`).
enum YAMLSafetyScan {
    private struct Collection {
        var isMapping: Bool
        var expectsKey: Bool
        var size: Int
        var anchor: String?
        var keys: Set<String> = []
    }

    private struct Anchored {
        var size: Int
        var scalar: String?
    }

    /// Checks `text` against `limits`.
    /// - Returns: The number of documents in the stream.
    /// - Throws: ``YAMLFailure`` naming the first problem.
    static func check(_ text: String, limits: YAMLLimits) throws(YAMLFailure) -> Int {
        let byteCount = text.utf8.count
        guard byteCount <= limits.maximumBytes else {
            throw YAMLFailure(
                code: .yamlTooLarge,
                reason: "the YAML is \(byteCount) bytes, more than the limit of \(limits.maximumBytes) bytes"
            )
        }
        guard !text.isEmpty else {
            return 0
        }
        var text = text
        return try text.withUTF8 { bytes in
            Result { () throws(YAMLFailure) in try Self.check(bytes, limits: limits) }
        }.get()
    }

    private static func check(_ bytes: UnsafeBufferPointer<UInt8>, limits: YAMLLimits) throws(YAMLFailure) -> Int {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1, let base = bytes.baseAddress else {
            throw YAMLFailure(code: .invalidYAML, reason: "the YAML parser could not start")
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, base, bytes.count)

        var stack: [Collection] = []
        var anchors: [String: Anchored] = [:]
        var total = 0
        var documents = 0
        var rootListItems = 0
        let cap = limits.maximumNodes + 1
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                throw Self.syntaxError(parser)
            }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1
            if stack.count == 1, !stack[0].isMapping, Self.startsNode(event.type) {
                rootListItems += 1
                guard rootListItems <= limits.maximumRootListItems else {
                    throw YAMLFailure(
                        code: .tooManyObjects,
                        reason: "the list has more than \(limits.maximumRootListItems) items (line \(line))"
                    )
                }
            }
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return documents
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                rootListItems = 0
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let anchor = Self.string(scalar.anchor)
                let needsText = anchor != nil || stack.last.map { $0.isMapping && $0.expectsKey } == true
                let value = needsText ? Self.text(of: scalar) : nil
                if let anchor {
                    anchors[anchor] = Anchored(size: 1, scalar: value)
                }
                try Self.add(size: 1, scalar: value, line: line, cap: cap, to: &stack)
                total += 1
            case YAML_ALIAS_EVENT:
                let name = Self.string(event.data.alias.anchor) ?? ""
                guard let anchored = anchors[name] else {
                    throw YAMLFailure(
                        code: .invalidYAML,
                        reason: "found undefined alias *\(UserText.shown(name)) at line \(line)"
                    )
                }
                try Self.add(size: anchored.size, scalar: anchored.scalar, line: line, cap: cap, to: &stack)
                total = min(total + anchored.size, cap)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                if let parent = stack.last, parent.isMapping, parent.expectsKey {
                    throw Self.complexKey(line: line)
                }
                guard stack.count < limits.maximumDepth else {
                    throw YAMLFailure(
                        code: .yamlTooComplex,
                        reason: "the YAML nests lists and mappings more than \(limits.maximumDepth) levels deep "
                            + "(line \(line))"
                    )
                }
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let anchor = Self.string(
                    isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
                )
                stack.append(Collection(isMapping: isMapping, expectsKey: isMapping, size: 1, anchor: anchor))
                total += 1
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let closed = stack.popLast() else {
                    break
                }
                if let anchor = closed.anchor {
                    anchors[anchor] = Anchored(size: closed.size, scalar: nil)
                }
                if !stack.isEmpty {
                    Self.advance(&stack[stack.count - 1], adding: closed.size, cap: cap)
                }
            default:
                break
            }
            guard total <= limits.maximumNodes else {
                throw YAMLFailure(
                    code: .yamlTooComplex,
                    reason: "the YAML expands to more than \(limits.maximumNodes) nodes through its anchors and "
                        + "aliases (line \(line))"
                )
            }
        }
    }

    /// Adds a scalar or alias of `size` nodes to the innermost collection, checking it as a key when one is due.
    private static func add(
        size: Int,
        scalar: String?,
        line: Int,
        cap: Int,
        to stack: inout [Collection]
    ) throws(YAMLFailure) {
        guard !stack.isEmpty else {
            return
        }
        let index = stack.count - 1
        if stack[index].isMapping, stack[index].expectsKey {
            guard let key = scalar else {
                throw Self.complexKey(line: line)
            }
            guard stack[index].keys.insert(key).inserted else {
                throw YAMLFailure(
                    code: .invalidYAML,
                    reason: "the key \"\(UserText.shown(key))\" appears twice in one mapping (line \(line))"
                )
            }
        }
        Self.advance(&stack[index], adding: size, cap: cap)
    }

    private static func advance(_ collection: inout Collection, adding size: Int, cap: Int) {
        collection.size = min(collection.size + size, cap)
        if collection.isMapping {
            collection.expectsKey.toggle()
        }
    }

    /// Whether an event of `type` begins a node (a scalar, an alias, a list or a mapping).
    private static func startsNode(_ type: yaml_event_type_t) -> Bool {
        type == YAML_SCALAR_EVENT || type == YAML_ALIAS_EVENT || type == YAML_SEQUENCE_START_EVENT
            || type == YAML_MAPPING_START_EVENT
    }

    private static func complexKey(line: Int) -> YAMLFailure {
        YAMLFailure(code: .invalidYAML, reason: "mapping keys must be strings, not lists or mappings (line \(line))")
    }

    private static func syntaxError(_ parser: yaml_parser_t) -> YAMLFailure {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { " \(String(cString: $0))" } ?? ""
        let mark = parser.problem_mark
        return YAMLFailure(
            code: .invalidYAML,
            reason: "\(problem)\(context) at line \(mark.line + 1), column \(mark.column + 1)"
        )
    }

    private static func text(of scalar: yaml_event_t.__Unnamed_union_data.__Unnamed_struct_scalar) -> String {
        String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

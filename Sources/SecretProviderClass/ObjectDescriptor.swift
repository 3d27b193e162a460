// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Yams

/// One entry of the `objects` list, as written (string fields are empty when absent).
struct ObjectDescriptor: Sendable, Equatable {
    /// One entry of `jmesPath`: a JSON field of the secret extracted into its own file.
    struct JMESPathEntry: Sendable, Equatable {
        /// The JMESPath expression.
        var path = ""
        /// The file name.
        var objectAlias = ""
        /// The file's mode; nil inherits the object's.
        var filePermission: FilePermission?
        /// How the selected string is encoded, as written; empty for none.
        var objectEncoding = ""
    }

    /// The `failoverObject`: what to fetch in the failover region instead.
    struct FailoverObjectEntry: Sendable, Equatable {
        /// The name or ARN in the failover region; empty means the primary's.
        var objectName = ""
        /// The version in the failover region; empty means the primary's.
        var objectVersion = ""
        /// The version label in the failover region; empty means the primary's.
        var objectVersionLabel = ""
    }

    /// The secret's name, partial or full ARN, or the parameter's name or ARN.
    var objectName = ""
    /// The file name to use instead of the object name.
    var objectAlias = ""
    /// The Secrets Manager VersionId or SSM version number (an SSM value that is not a number is a label).
    var objectVersion = ""
    /// The Secrets Manager staging label or SSM label.
    var objectVersionLabel = ""
    /// `secretsmanager` or `ssmparameter`, as written; empty when the name is a full ARN.
    var objectType = ""
    /// The file's mode; nil uses the request's `permission`.
    var filePermission: FilePermission?
    /// The fields to extract into their own files.
    var jmesPath: [JMESPathEntry] = []
    /// How the stored value is encoded, as written; empty for `utf-8`.
    var objectEncoding = ""
    /// Whether every top-level key of the JSON value becomes a file, as written (a Go boolean); empty for false.
    var mountAllKeys = ""
    /// Whether the object's own file is written, as written (a Go boolean); empty for true.
    var writeObjectFile = ""
    /// The failover region's name and version.
    var failoverObject = FailoverObjectEntry()
    /// A template entry's Mustache template (`objectType: template`).
    var template = ""
    /// A template entry's ready-made format, as written: `dotenv`, `properties`, `json` or `yaml`.
    var format = ""
    /// The file name of the object a `format` renders.
    var source = ""
}

/// The problems of one object, each stamped with the object's position and name.
struct ObjectProblems {
    /// The object's position in `objects`.
    let index: Int
    /// The object's name, once known.
    var objectName: String?
    /// The problems found so far.
    private(set) var list: [Problem] = []
    /// The warnings found so far: what is accepted but probably not meant (``MountPlan/warnings``).
    private(set) var warnings: [Problem] = []

    /// Adds a problem about this object.
    mutating func report(_ code: SecretProviderClassError.Code, field: String?, _ message: String) {
        self.list.append(self.problem(code, field: field, message))
    }

    /// Adds a warning about this object.
    mutating func warn(_ code: SecretProviderClassError.Code, field: String?, _ message: String) {
        self.warnings.append(self.problem(code, field: field, message))
    }

    private func problem(_ code: SecretProviderClassError.Code, field: String?, _ message: String) -> Problem {
        Problem(code: code, objectIndex: self.index, objectName: self.objectName, field: field, message: message)
    }
}

/// Decodes YAML nodes into descriptors, collecting every problem with its object and field.
struct DescriptorDecoder {
    /// The problems found so far.
    private(set) var problems: ObjectProblems
    /// Whether a field had the wrong shape, in which case the descriptor is not validated further.
    private(set) var isMalformed = false

    /// Creates a decoder for the object at `index`.
    init(index: Int) {
        self.problems = ObjectProblems(index: index)
    }

    /// Decodes one list entry.
    /// - Parameter node: The entry, which must be a mapping.
    /// - Returns: The descriptor, with absent and wrongly shaped fields left empty.
    mutating func decode(_ node: Node) -> ObjectDescriptor {
        var descriptor = ObjectDescriptor()
        guard let fields = self.fields(of: node, field: nil) else {
            return descriptor
        }
        descriptor.objectName = self.string(fields, "objectName")
        self.problems.objectName = descriptor.objectName
        descriptor.objectAlias = self.string(fields, "objectAlias")
        descriptor.objectVersion = self.string(fields, "objectVersion")
        descriptor.objectVersionLabel = self.string(fields, "objectVersionLabel")
        descriptor.objectType = self.string(fields, "objectType")
        descriptor.filePermission = self.filePermission(fields, "filePermission")
        descriptor.objectEncoding = self.string(fields, "objectEncoding")
        descriptor.mountAllKeys = self.string(fields, "mountAllKeys")
        descriptor.writeObjectFile = self.string(fields, "writeObjectFile")
        descriptor.template = self.string(fields, "template")
        descriptor.format = self.string(fields, "format")
        descriptor.source = self.string(fields, "source")
        self.problems.objectName = descriptor.label
        for (position, entry) in self.list(fields, "jmesPath").enumerated() {
            let prefix = "jmesPath[\(position)]."
            var decoded = ObjectDescriptor.JMESPathEntry()
            if let entryFields = self.fields(of: entry, field: "jmesPath[\(position)]") {
                decoded.path = self.string(entryFields, "path", prefix: prefix)
                decoded.objectAlias = self.string(entryFields, "objectAlias", prefix: prefix)
                decoded.filePermission = self.filePermission(entryFields, "filePermission", prefix: prefix)
                decoded.objectEncoding = self.string(entryFields, "objectEncoding", prefix: prefix)
            }
            descriptor.jmesPath.append(decoded)
        }
        if let failover = fields["failoverObject"],
            let failoverFields = self.fields(of: failover, field: "failoverObject")
        {
            let prefix = "failoverObject."
            descriptor.failoverObject.objectName = self.string(failoverFields, "objectName", prefix: prefix)
            descriptor.failoverObject.objectVersion = self.string(failoverFields, "objectVersion", prefix: prefix)
            descriptor.failoverObject.objectVersionLabel = self.string(
                failoverFields,
                "objectVersionLabel",
                prefix: prefix
            )
        }
        return descriptor
    }

    /// The fields of a mapping; a null is an empty mapping; anything else is reported.
    private mutating func fields(of node: Node, field: String?) -> YAMLFields? {
        if node.isNull {
            return nil
        }
        guard case .mapping(let mapping) = node else {
            self.malformed(field, "\(field ?? "an entry of objects") must be a mapping of fields, not \(node.kindName)")
            return nil
        }
        let fields = YAMLFields(mapping)
        for (first, second) in fields.caseVariants {
            self.isMalformed = true
            self.problems.report(
                .duplicateField,
                field: field,
                "the field \(UserText.shown(first)) is given twice (also as \(UserText.shown(second)))"
            )
        }
        if fields.invalidMerges > 0 {
            self.malformed(field, "a '<<' merge key needs a mapping or a list of mappings")
        }
        return fields
    }

    /// A string field: scalars are coerced as the incumbent does; absent or null is empty.
    private mutating func string(_ fields: YAMLFields, _ name: String, prefix: String = "") -> String {
        guard let node = fields[name] else {
            return ""
        }
        guard case .scalar(let scalar) = node else {
            self.malformed(prefix + name, "\(name) must be a string, not \(node.kindName)")
            return ""
        }
        switch YAMLScalarCoercion.resolve(scalar) {
        case .null: return ""
        case .string(let text), .formatted(let text): return text
        case nil:
            self.malformed(
                prefix + name,
                "\(name) has the tag \(UserText.shown(scalar.tag.rawValue)), which does not fit "
                    + "\"\(UserText.shown(scalar.string))\""
            )
            return ""
        }
    }

    /// A `filePermission`: four octal digits. Better than the incumbent, an unquoted `0600` (a YAML 1.1 octal
    /// integer, which the incumbent turns into `"384"` and rejects) means octal 0600, as written.
    private mutating func filePermission(_ fields: YAMLFields, _ name: String, prefix: String = "") -> FilePermission? {
        guard case .scalar(let scalar)? = fields[name], scalar.tag.rawValue.isEmpty, scalar.style == .plain,
            let asWritten = FilePermission(octal: scalar.string)
        else {
            let value = self.string(fields, name, prefix: prefix)
            guard !value.isEmpty else {
                return nil
            }
            guard let permission = FilePermission(octal: value) else {
                let written = fields[name].flatMap { node -> String? in
                    guard case .scalar(let scalar) = node, scalar.string != value else { return nil }
                    return scalar.string
                }
                let note = written.map { " (written as \(UserText.shown($0)); quote four octal digits, as \"0600\")" }
                self.problems.report(
                    .invalidFilePermission,
                    field: prefix + name,
                    "Invalid File Permission: \(UserText.shown(value))\(note ?? "")"
                )
                return nil
            }
            return permission
        }
        return asWritten
    }

    /// A list field; absent or null is empty.
    private mutating func list(_ fields: YAMLFields, _ name: String) -> [Node] {
        guard let node = fields[name], !node.isNull else {
            return []
        }
        guard case .sequence(let sequence) = node else {
            self.malformed(name, "\(name) must be a list, not \(node.kindName)")
            return []
        }
        return Array(sequence)
    }

    private mutating func malformed(_ field: String?, _ message: String) {
        self.isMalformed = true
        self.problems.report(.invalidFieldType, field: field, "Failed to load SecretProviderClass: \(message)")
    }
}

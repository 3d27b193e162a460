// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import FileFormats
public import JMESPath

/// Where an object lives: `objectType`, or the service of a full ARN.
public enum ObjectType: String, Sendable, Hashable {
    /// AWS Secrets Manager (`secretsmanager`).
    case secretsManager = "secretsmanager"
    /// AWS Systems Manager Parameter Store (`ssmparameter`; `ssm` in ARNs).
    case ssmParameter = "ssmparameter"
    /// AWS Certificate Manager (`acmcertificate`; `acm` in ARNs): a certificate, its chain and its private key.
    case acmCertificate = "acmcertificate"

    /// The type an ARN's service stands for: `secretsmanager` or `ssm`.
    static func ofARNService(_ service: String) -> ObjectType? {
        switch service {
        case "secretsmanager": .secretsManager
        case "ssm": .ssmParameter
        case "acm": .acmCertificate
        default: nil
        }
    }
}

/// What to fetch in one region: the object's type, name and version selector.
public struct ObjectReference: Sendable, Hashable, CustomStringConvertible {
    /// The service to ask.
    public let type: ObjectType

    /// The name as written: a secret's name, partial or full ARN, or a parameter's name or ARN. Secrets Manager
    /// takes it as `SecretId`, Parameter Store as `Name`.
    public let name: String

    /// The parsed ARN, when ``name`` starts with `arn:`.
    public let arn: AmazonResourceName?

    /// Secrets Manager `VersionId` or the SSM version number; nil for the latest.
    public let version: String?

    /// The trailing wildcard of ``name``, when it has one: the reference lists objects instead of naming one.
    public let wildcard: ObjectWildcard?

    /// Secrets Manager `VersionStage` or the SSM label (from `objectVersionLabel`, or an SSM `objectVersion` that is
    /// not a number); nil for the default (`AWSCURRENT`, latest).
    public let versionLabel: String?

    /// Whether two references name the same object by the exact bytes of their name, version and label (never by
    /// Unicode canonical equivalence, which would let one tenant's cached value answer another text).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.exactKey == rhs.exactKey
    }

    /// Hashes the exact bytes of the type, name, version and label.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.exactKey)
    }

    private var exactKey: ExactKey {
        ExactKey(
            type: self.type,
            name: ExactText(self.name),
            version: self.version.map(ExactText.init),
            versionLabel: self.versionLabel.map(ExactText.init)
        )
    }

    private struct ExactKey: Hashable {
        let type: ObjectType
        let name: ExactText
        let version: ExactText?
        let versionLabel: ExactText?
    }

    /// Creates a reference; empty version strings mean "none". An SSM version that is not a number is a label and
    /// takes the place of `versionLabel`, as the incumbent sends `name:<objectVersion>` whenever there is one
    /// (validation leaves both only in a failover reference that inherits one of them).
    init(type: ObjectType, name: String, version: String, versionLabel: String, wildcard: ObjectWildcard? = nil) {
        self.type = type
        self.name = name
        self.arn = AmazonResourceName(name)
        self.wildcard = wildcard
        if type == .ssmParameter, Self.isParameterLabel(version) {
            self.version = nil
            self.versionLabel = version
        } else {
            self.version = version.isEmpty ? nil : version
            self.versionLabel = versionLabel.isEmpty ? nil : versionLabel
        }
    }

    /// Whether an SSM `objectVersion` is a label: it is not empty and not all ASCII digits.
    static func isParameterLabel(_ version: String) -> Bool {
        !version.isEmpty && !version.utf8.allSatisfy(\.isASCIIDigit)
    }

    /// This reference at one version: for a certificate, the export of the serial `version`, which never changes.
    public func pinned(to version: String) -> ObjectReference {
        ObjectReference(type: self.type, name: self.name, version: version, versionLabel: "")
    }

    /// `secretsmanager db-creds (version …, label …)`.
    public var description: String {
        var selectors: [String] = []
        if let version = self.version {
            selectors.append("version \(UserText.shown(version))")
        }
        if let label = self.versionLabel {
            selectors.append("label \(UserText.shown(label))")
        }
        let suffix = selectors.isEmpty ? "" : " (\(selectors.joined(separator: ", ")))"
        return "\(self.type.rawValue) \(UserText.shown(self.name))\(suffix)"
    }
}

/// One file the mount writes.
public struct PlannedFile: Sendable {
    /// What goes into the file.
    public enum Content: Sendable, CustomStringConvertible {
        /// The object's value: `SecretString`, else the `SecretBinary` bytes, or the parameter's value.
        case objectValue
        /// The string a JMESPath expression finds in the object's JSON value (a `jmesPath` entry).
        /// - Parameters:
        ///   - expression: The compiled `path`.
        ///   - parentPath: The path of the object's own file.
        ///   - encoding: How the selected string is encoded (the entry's `objectEncoding`).
        case jmesPath(JMESPathExpression, parentPath: String, encoding: ValueEncoding)
        /// The value of one top-level key of the object's JSON value (`mountAllKeys`).
        case key(String)
        /// What a template entry renders from the other files (``PlannedTemplate``).
        case template

        /// `the object's value`, or `jmesPath "username" of db-creds` with the expression quoted as in JSON.
        public var description: String {
            switch self {
            case .objectValue:
                return "the object's value"
            case .jmesPath(let expression, let parentPath, _):
                let quoted = expression.source.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
                return "jmesPath \"\(UserText.singleLine(quoted))\" of \(parentPath)"
            case .key(let key):
                return "the key \"\(UserText.singleLine(key))\""
            case .template:
                return "the template's output"
            }
        }
    }

    /// The path relative to the mount directory, after path translation; checked against traversal, the
    /// driver's rules and every other file of the mount.
    public let path: String

    /// The file's mode.
    public let mode: FilePermission

    /// The position in `objects` of the object or template entry the file comes from.
    public let objectIndex: Int

    /// What goes into the file.
    public let content: Content

    /// The id of the file's `ObjectVersion` in the Mount response: the file name, as the incumbent uses, so the
    /// rotation state recorded by the incumbent carries over.
    public var objectVersionID: String {
        self.path
    }
}

/// One object of the `objects` list: what to fetch in each region and the files it makes.
public struct PlannedObject: Sendable {
    /// The object's position in `objects`.
    public let index: Int

    /// What to fetch in the primary region.
    public let primary: ObjectReference

    /// What to fetch in the failover region: the `failoverObject`'s name, version and label where set, else the
    /// primary's; nil when there is no `failoverRegion`.
    public let failover: ObjectReference?

    /// The object's own file (named after `objectAlias`, else `objectName`); for a wildcard, the pattern after
    /// translation, which is never written.
    public let file: PlannedFile

    /// One file per `jmesPath` entry, in order.
    public let jmesPathFiles: [PlannedFile]

    /// How the stored value is encoded (`objectEncoding`): the object's file and its JSON document are the decoded
    /// bytes.
    public let encoding: ValueEncoding

    /// Whether every top-level key of the JSON value becomes a file (`mountAllKeys`); their names are known only
    /// from the value (``keyFile(_:)``).
    public let mountAllKeys: Bool

    /// Whether the object's own file is written (`writeObjectFile`); when not, the object is fetched only for its
    /// `jmesPath` entries and key files.
    public let writesObjectFile: Bool

    /// The files the object writes that the class names: its own file (unless `writeObjectFile` is false) and its
    /// `jmesPath` files; key files are known only from the value.
    public var writtenFiles: [PlannedFile] {
        (self.writesObjectFile ? [self.file] : []) + self.jmesPathFiles
    }

    /// The path translation of the mount, for the names of key files and matches.
    public let translation: PathTranslation

    /// The trailing wildcard of `objectName`, when it has one: the object stands for every object the wildcard
    /// matches, each made by ``match(_:)`` once listed, and ``file`` only names the pattern (it is never written).
    public let wildcard: ObjectWildcard?

    /// The pattern of the wildcard object this object was matched by (``match(_:)``), or nil for a listed object.
    public let matchedBy: String?

    /// The object's type (the same in both regions).
    public var type: ObjectType {
        self.primary.type
    }

    /// The file of the top-level key `key` of the object's JSON value (`mountAllKeys`): named by the key after the
    /// mount's path translation, with the object's mode.
    ///
    /// - Returns: The file, or the reason the key cannot name one (empty, `.`, `..`, a leading `..`, NUL, too long),
    ///   which names the key but never its value.
    public func keyFile(_ key: String) -> Result<PlannedFile, FileNameProblem> {
        self.fileName(for: key).map {
            PlannedFile(path: $0, mode: self.file.mode, objectIndex: self.index, content: .key(key))
        }
    }

    /// The file name of a name found in AWS after the mount's path translation, or the rule it breaks.
    private func fileName(for name: String) -> Result<String, FileNameProblem> {
        let path = self.translation.fileName(for: name)
        if let violation = FileNameRules.violation(of: path, name: name) {
            return .failure(FileNameProblem(message: violation.message))
        }
        return .success(path)
    }

    /// The object a wildcard object's listing found by `name`: exactly what the class would plan for an object it
    /// listed by that name (its current version, its file named by the name after the mount's path translation),
    /// with the wildcard object's index, mode, encoding and `mountAllKeys`.
    ///
    /// - Returns: The object, or the reason the name cannot name a file (empty, `..`, NUL, too long, too deep).
    public func match(_ name: String) -> Result<PlannedObject, FileNameProblem> {
        self.fileName(for: name).map { path in
            PlannedObject(
                index: self.index,
                primary: ObjectReference(type: self.type, name: name, version: "", versionLabel: ""),
                failover: nil,
                file: PlannedFile(path: path, mode: self.file.mode, objectIndex: self.index, content: .objectValue),
                jmesPathFiles: [],
                encoding: self.encoding,
                mountAllKeys: self.mountAllKeys,
                writesObjectFile: self.writesObjectFile,
                translation: self.translation,
                wildcard: nil,
                matchedBy: self.primary.name
            )
        }
    }
}

/// Why a name found in AWS (a key of a JSON value, or an object a wildcard matched) cannot name a file.
public struct FileNameProblem: Error, Sendable {
    /// The rule the file name breaks, naming the name.
    public let message: String
}

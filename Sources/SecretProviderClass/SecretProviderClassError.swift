// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// Everything wrong with one mount's attributes and SecretProviderClass, found before any network call.
///
/// All problems are collected and reported together, one ``Problem`` (and one line of ``message``) each, in the
/// order of the SecretProviderClass: attribute problems first, then each object in turn. The messages keep the
/// incumbent provider's wording (`Invalid objectType: ssm`, `Object name must be specified`) and add the object
/// and field they are about. No message contains a secret value or a token; user-supplied values are shown with
/// control characters escaped and long values shortened.
public struct SecretProviderClassError: Error, Sendable, CustomStringConvertible {
    /// One problem: what is wrong, with the object and field it is about.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The kind of problem.
        public let code: Code

        /// The 0-based position of the object in `objects`, when the problem is about one object.
        public let objectIndex: Int?

        /// The object's `objectName` (shortened if long), when the problem is about one object that has a name.
        public let objectName: String?

        /// The field at fault: an attribute key (`region`), an object field (`objectType`,
        /// `jmesPath[1].objectAlias`, `failoverObject.objectName`), or nil for the whole document.
        public let field: String?

        /// The incumbent-style sentence, such as `Invalid objectType: ssm`.
        public let message: String

        /// Creates a problem.
        /// - Parameters:
        ///   - code: The kind of problem.
        ///   - objectIndex: The object's position in `objects`, if the problem is about one object.
        ///   - objectName: The object's `objectName`, if known and non-empty.
        ///   - field: The attribute key or object field at fault.
        ///   - message: The sentence describing the problem.
        public init(code: Code, objectIndex: Int? = nil, objectName: String? = nil, field: String?, message: String) {
            self.code = code
            self.objectIndex = objectIndex
            self.objectName = objectName.flatMap { $0.isEmpty ? nil : UserText.shown($0) }
            self.field = field
            self.message = UserText.singleLine(message)
        }

        /// One line: `objects[1] "db-creds", field objectType: Invalid objectType: ssm`.
        public var description: String {
            var location: [String] = []
            if let index = self.objectIndex {
                location.append(self.objectName.map { "objects[\(index)] \"\($0)\"" } ?? "objects[\(index)]")
            }
            if let field = self.field {
                location.append("field \(field)")
            }
            return location.isEmpty ? self.message : "\(location.joined(separator: ", ")): \(self.message)"
        }
    }

    /// The kind of a problem, with a stable camelCase name for logs and metric labels.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Wrapped: String, Sendable, Hashable {
            case invalidAttributes, invalidTokens, missingToken, invalidPermission, invalidPathTranslation
            case invalidUsePodIdentity, invalidPreferredAddressType, invalidRegion, sameFailoverRegion, missingRegion
            case invalidAssumeRoleArn, invalidAssumeRoleExternalId, invalidAssumeRoleDuration, assumeRoleWithoutArn
            case invalidYAML, yamlTooLarge, yamlTooComplex, invalidFieldType, duplicateField, emptyDescriptor
            case noObjects, missingObjectName, invalidARN, arnRegionMismatch, missingObjectType, invalidARNService
            case invalidObjectType, objectTypeMismatch, ssmVersionAndLabel, invalidSSMVersion, ssmVersionIsLabel
            case pathTraversal, invalidFileName
            case invalidFilePermission, invalidObjectEncoding, invalidMountAllKeys, invalidWildcard, wildcardField
            case invalidCertificateName, certificateField, invalidWriteObjectFile
            case invalidTemplate, templateField, missingTemplateAlias, missingTemplateName, templateReference
            case missingJMESPath, missingJMESAlias, invalidJMESPath, missingFailoverAlias
            case failoverWithoutRegion, failoverVersionMismatch, duplicateObject, duplicateAlias, fileCollision
            case invalidManifest, tooManyObjects, tooManyJMESPathEntries, tooManyFiles, tooManyTemplateBytes
            case interrupted
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// The attributes are not a JSON object of strings.
        public static let invalidAttributes = Code(.invalidAttributes)
        /// `csi.storage.k8s.io/serviceAccount.tokens` is not a JSON object of `{token, expirationTimestamp}`.
        public static let invalidTokens = Code(.invalidTokens)
        /// The token the chosen authentication needs was not provided, or is empty.
        public static let missingToken = Code(.missingToken)
        /// The request's `permission` is not a decimal file mode.
        public static let invalidPermission = Code(.invalidPermission)
        /// `pathTranslation` is neither `False` nor a single character.
        public static let invalidPathTranslation = Code(.invalidPathTranslation)
        /// `usePodIdentity` is not a Go boolean (`true`, `false`, `1`, `0`, `t`, `f`, …).
        public static let invalidUsePodIdentity = Code(.invalidUsePodIdentity)
        /// `preferredAddressType` is not `ipv4`, `ipv6` or `auto`.
        public static let invalidPreferredAddressType = Code(.invalidPreferredAddressType)
        /// A region is not a valid AWS region name.
        public static let invalidRegion = Code(.invalidRegion)
        /// `failoverRegion` equals the primary region.
        public static let sameFailoverRegion = Code(.sameFailoverRegion)
        /// No primary region: neither the SecretProviderClass nor the caller gave one.
        public static let missingRegion = Code(.missingRegion)
        /// `assumeRoleArn` is not an IAM role ARN (`arn:<partition>:iam::<account>:role/<path/>name`).
        public static let invalidAssumeRoleArn = Code(.invalidAssumeRoleArn)
        /// `assumeRoleExternalId` is not 2 to 1224 letters, digits and `_+=,.@:/-`.
        public static let invalidAssumeRoleExternalId = Code(.invalidAssumeRoleExternalId)
        /// `assumeRoleDurationSeconds` is not a whole number from 900 to 3600.
        public static let invalidAssumeRoleDuration = Code(.invalidAssumeRoleDuration)
        /// `assumeRoleExternalId` or `assumeRoleDurationSeconds` is set without `assumeRoleArn`.
        public static let assumeRoleWithoutArn = Code(.assumeRoleWithoutArn)
        /// `objects` is not valid YAML, or not a list of mappings.
        public static let invalidYAML = Code(.invalidYAML)
        /// The YAML text is larger than the limit.
        public static let yamlTooLarge = Code(.yamlTooLarge)
        /// The YAML expands to too many nodes (aliases), or nests too deeply.
        public static let yamlTooComplex = Code(.yamlTooComplex)
        /// A field has the wrong YAML kind, such as a list where a string is expected.
        public static let invalidFieldType = Code(.invalidFieldType)
        /// A field is given twice in one mapping, possibly in different letter case.
        public static let duplicateField = Code(.duplicateField)
        /// An entry of `objects` is empty (`- ` or `- null`).
        public static let emptyDescriptor = Code(.emptyDescriptor)
        /// A warning (``MountPlan/warnings``): `objects` lists nothing to mount, so the mount writes no file and
        /// answers with no object versions.
        public static let noObjects = Code(.noObjects)
        /// V1: `objectName` is empty.
        public static let missingObjectName = Code(.missingObjectName)
        /// V2: a name starting with `arn:` is not an ARN.
        public static let invalidARN = Code(.invalidARN)
        /// V3, V15: an ARN's region differs from the region it is fetched in.
        public static let arnRegionMismatch = Code(.arnRegionMismatch)
        /// V4: no `objectType` and the name is not a full ARN.
        public static let missingObjectType = Code(.missingObjectType)
        /// V5: no `objectType` and the ARN's service is neither `secretsmanager` nor `ssm`.
        public static let invalidARNService = Code(.invalidARNService)
        /// V6: `objectType` is neither `secretsmanager` nor `ssmparameter`.
        public static let invalidObjectType = Code(.invalidObjectType)
        /// V7: `objectType` and the ARN's service disagree.
        public static let objectTypeMismatch = Code(.objectTypeMismatch)
        /// V8, V16: an SSM parameter with both `objectVersion` and `objectVersionLabel`.
        public static let ssmVersionAndLabel = Code(.ssmVersionAndLabel)
        /// An SSM `objectVersion` of digits that is not a version number (such as `0` or `007`).
        public static let invalidSSMVersion = Code(.invalidSSMVersion)
        /// A warning (``MountPlan/warnings``): an SSM `objectVersion` that is not a number, used as a label as the
        /// incumbent does; `objectVersionLabel` is the field meant for labels.
        public static let ssmVersionIsLabel = Code(.ssmVersionIsLabel)
        /// V9: a file name that leaves the mount directory (`..` elements, absolute paths) or starts with `..`.
        public static let pathTraversal = Code(.pathTraversal)
        /// A file name the driver would reject: empty, NUL, `.` or empty elements, or too long.
        public static let invalidFileName = Code(.invalidFileName)
        /// V10: `filePermission` is not four octal digits.
        public static let invalidFilePermission = Code(.invalidFilePermission)
        /// `objectEncoding` (of an object or a `jmesPath` entry) is not `utf-8`, `base64`, `base64url` or `hex`.
        public static let invalidObjectEncoding = Code(.invalidObjectEncoding)
        /// `mountAllKeys` is not a boolean.
        public static let invalidMountAllKeys = Code(.invalidMountAllKeys)
        /// `writeObjectFile` is not a boolean, or is false for an object that then writes no file at all.
        public static let invalidWriteObjectFile = Code(.invalidWriteObjectFile)
        /// A template entry has neither or both of `template` and `format` with `source`, an unknown `format`, or a
        /// template that does not parse (with its line and column) or breaks a template limit.
        public static let invalidTemplate = Code(.invalidTemplate)
        /// A template entry has a field only objects have (`objectName`, `objectVersion`, `jmesPath`, …), or an
        /// object has a field only templates have (`template`, `format`, `source`).
        public static let templateField = Code(.templateField)
        /// A template entry has no `objectAlias`, which names its file.
        public static let missingTemplateAlias = Code(.missingTemplateAlias)
        /// A template uses a name (or a `format` a `source`) that is not a file of the class.
        public static let missingTemplateName = Code(.missingTemplateName)
        /// A template uses another template's file.
        public static let templateReference = Code(.templateReference)
        /// An `acmcertificate` `objectName` (or `failoverObject.objectName`) is not a certificate ARN.
        public static let invalidCertificateName = Code(.invalidCertificateName)
        /// An `acmcertificate` object has a field that does not apply to a certificate (`objectVersion`,
        /// `objectVersionLabel`, `objectEncoding`), or lacks the `failoverObject` a `failoverRegion` needs.
        public static let certificateField = Code(.certificateField)
        /// `objectName` has a `*` that is not a valid trailing wildcard (``ObjectWildcard``).
        public static let invalidWildcard = Code(.invalidWildcard)
        /// A wildcard object has a field that names or pins one object: `objectVersion`, `objectVersionLabel`,
        /// `objectAlias`, `jmesPath` or `failoverObject`.
        public static let wildcardField = Code(.wildcardField)
        /// V11: a `jmesPath` entry without `path`.
        public static let missingJMESPath = Code(.missingJMESPath)
        /// V12: a `jmesPath` entry without `objectAlias`.
        public static let missingJMESAlias = Code(.missingJMESAlias)
        /// A `jmesPath` entry's `path` is not a valid JMESPath expression.
        public static let invalidJMESPath = Code(.invalidJMESPath)
        /// V13: a `failoverObject` on an object without `objectAlias`.
        public static let missingFailoverAlias = Code(.missingFailoverAlias)
        /// V14: a `failoverObject` without a `failoverRegion`.
        public static let failoverWithoutRegion = Code(.failoverWithoutRegion)
        /// V17: `failoverObject.objectVersion` differs from `objectVersion`.
        public static let failoverVersionMismatch = Code(.failoverVersionMismatch)
        /// §2.9 cases 1–4: an object repeated with the same alias or version label.
        public static let duplicateObject = Code(.duplicateObject)
        /// §2.9: an `objectAlias` (of an object or a `jmesPath` entry) already in use.
        public static let duplicateAlias = Code(.duplicateAlias)
        /// Two files of the mount would have the same path, or one would be the directory of another.
        public static let fileCollision = Code(.fileCollision)
        /// A manifest given to `validate` is not a SecretProviderClass the API server would accept.
        public static let invalidManifest = Code(.invalidManifest)
        /// `objects` lists more objects than the provider accepts in one class (`--max-objects-per-class`).
        public static let tooManyObjects = Code(.tooManyObjects)
        /// The objects have more `jmesPath` entries in all than the provider accepts in one class
        /// (`--max-jmespath-entries-per-class`).
        public static let tooManyJMESPathEntries = Code(.tooManyJMESPathEntries)
        /// The class would write more files than the provider writes for one mount (`--max-files-per-mount`).
        public static let tooManyFiles = Code(.tooManyFiles)
        /// The templates of the class are more bytes in all than the provider accepts (`--max-template-bytes-per-class`).
        public static let tooManyTemplateBytes = Code(.tooManyTemplateBytes)
        /// Validation stopped before it finished: the request's deadline passed or it was cancelled.
        public static let interrupted = Code(.interrupted)

        /// The stable camelCase name of the code.
        public var description: String {
            self.wrapped.rawValue
        }
    }

    /// The most problems listed in ``message``; ``problems`` always has all of them.
    public static let maximumListedProblems = 20

    /// Every problem found, in SecretProviderClass order; never empty.
    public let problems: [Problem]

    /// The code of the first problem.
    public var code: Code {
        self.problems[0].code
    }

    /// One line per problem (at most ``maximumListedProblems`` and ``BoundedListing/maximumBytes`` in all, then a
    /// count of the rest).
    public var message: String {
        BoundedListing.lines(
            self.problems.lazy.map(\.description),
            count: self.problems.count,
            maximumLines: Self.maximumListedProblems,
            noun: "problems"
        )
    }

    /// Creates an error from the problems found; `problems` must not be empty.
    /// - Parameter problems: The problems, in the order they should be reported.
    public init(problems: [Problem]) {
        precondition(!problems.isEmpty, "a SecretProviderClassError needs at least one problem")
        self.problems = problems
    }

    /// Creates an error with one problem.
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - field: The attribute key or field at fault.
    ///   - message: The sentence describing the problem.
    public init(code: Code, field: String?, message: String) {
        self.init(problems: [Problem(code: code, field: field, message: message)])
    }

    /// `code: "message"` for one problem; for several, the code and count, then one indented line per problem.
    public var description: String {
        guard self.problems.count > 1 else {
            return "\(self.code): \"\(self.message)\""
        }
        let lines = self.message.split(separator: "\n").map { "  \($0)" }
        return (["\(self.code): \(self.problems.count) problems:"] + lines).joined(separator: "\n")
    }
}

/// A problem, as collected by the parsing and validation steps.
typealias Problem = SecretProviderClassError.Problem

/// Shows user-supplied text safely inside one-line messages (package-wide, so every module shows a tenant's text the
/// same way).
package enum UserText {
    /// The longest user value shown in a message, in characters; longer values are cut with `…`.
    static let maximumShownLength = 200

    /// `text` with control characters escaped, cut to ``maximumShownLength`` characters.
    package static func shown(_ text: String) -> String {
        let escaped = self.singleLine(text)
        guard escaped.count > self.maximumShownLength else {
            return escaped
        }
        return String(escaped.prefix(self.maximumShownLength)) + "…"
    }

    /// `text` with newlines, tabs and other control characters written as escapes, so it stays on one line.
    static func singleLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: Self.isControl) else {
            return text
        }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where Self.isControl(scalar):
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}

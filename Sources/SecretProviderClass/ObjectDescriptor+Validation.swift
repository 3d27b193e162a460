// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import FileFormats
import JMESPath

/// The regions known while validating: the failover region always (it is a parameter), the primary one only
/// when the SecretProviderClass names it (else it comes from the node, later: ``MountPlan/resolved(fallbackRegion:)``).
struct ValidationRegions {
    /// The primary region, when known.
    let primary: String?
    /// The failover region, when there is one.
    let failover: String?
}

/// What validating one descriptor gives: the planned object when it has no problem, and the file names that
/// passed the file-name rules, for the duplicate and collision checks.
struct ValidatedObject {
    /// The object's position in `objects`.
    let index: Int
    /// The descriptor as written.
    let descriptor: ObjectDescriptor
    /// The object's own file path, when its name is valid.
    let path: String?
    /// Each `jmesPath` entry's file path, when its alias is valid.
    let jmesPathPaths: [String?]
    /// The planned object; nil when the object (or the mount's defaults) has a problem, and for a template.
    let planned: PlannedObject?
    /// The planned template of a template entry; nil for an object, or when the entry has a problem.
    var template: PlannedTemplate?
    /// Whether the object writes no file of its own (`writeObjectFile: false` without `jmesPath` entries or
    /// `mountAllKeys`), which only a template reading it justifies (``TemplateRules``).
    var writesNothing = false
}

extension ObjectDescriptor {
    /// Checks rules V1–V17 (V3 only when the primary region is known) and every file name of the object.
    /// - Parameters:
    ///   - problems: The object's problems so far (from decoding); new ones are added.
    ///   - translation: The path translation; nil when `pathTranslation` is invalid (file names are then not
    ///     checked, since they cannot be known).
    ///   - regions: The regions known now.
    ///   - defaultMode: The request's permission; nil when invalid.
    /// - Returns: The validated object.
    func validate(
        problems: inout ObjectProblems,
        translation: PathTranslation?,
        regions: ValidationRegions,
        defaultMode: FilePermission?
    ) -> ValidatedObject {
        if self.objectName.isEmpty {
            problems.report(.missingObjectName, field: "objectName", "Object name must be specified")
        }
        let type = Self.checkName(
            self.objectName,
            objectType: self.objectType,
            region: regions.primary,
            field: "objectName",
            reportsObjectType: true,
            problems: &problems
        )
        let isWildcard = self.isWildcard
        if type == .acmCertificate {
            self.checkCertificate(failoverRegion: regions.failover, problems: &problems)
        }
        if isWildcard {
            self.checkWildcard(type: type, problems: &problems)
        } else if type == .ssmParameter, !self.objectVersion.isEmpty {
            self.checkParameterVersion(problems: &problems)
        }
        let nameField = self.objectAlias.isEmpty ? "objectName" : "objectAlias"
        // A wildcard's files are named by its matches, each checked when listed.
        let path =
            isWildcard
            ? nil
            : self.checkedPath(
                self.objectAlias.isEmpty ? self.objectName : self.objectAlias,
                field: nameField,
                translation: translation,
                problems: &problems
            )
        var expressions: [JMESPathExpression?] = []
        var jmesPathPaths: [String?] = []
        for (position, entry) in self.jmesPath.enumerated() where !isWildcard {
            let field = "jmesPath[\(position)]"
            expressions.append(Self.compile(entry.path, field: field + ".path", problems: &problems))
            if entry.objectAlias.isEmpty {
                problems.report(
                    .missingJMESAlias,
                    field: field + ".objectAlias",
                    "Object alias must be specified for JMES object"
                )
                jmesPathPaths.append(nil)
            } else {
                let path = self.checkedPath(
                    entry.objectAlias,
                    field: field + ".objectAlias",
                    translation: translation,
                    problems: &problems
                )
                jmesPathPaths.append(path)
            }
        }
        if !isWildcard {
            self.validateFailover(type: type, regions: regions, problems: &problems)
            self.checkFailoverName(problems: &problems)
        }
        let shape = self.checkShape(problems: &problems)
        self.checkTemplateFields(problems: &problems)

        var planned: PlannedObject?
        if problems.list.isEmpty, let type, let translation, let defaultMode,
            let filePath = path ?? (isWildcard ? translation.fileName(for: self.objectName) : nil)
        {
            planned = self.planned(
                index: problems.index,
                type: type,
                path: filePath,
                jmesPathPaths: jmesPathPaths.compactMap { $0 },
                expressions: expressions.compactMap { $0 },
                shape: shape,
                translation: translation,
                failoverRegion: regions.failover,
                defaultMode: defaultMode
            )
        }
        var validated = ValidatedObject(
            index: problems.index,
            descriptor: self,
            path: path,
            jmesPathPaths: jmesPathPaths,
            planned: planned
        )
        validated.writesNothing = !shape.writesObjectFile && self.jmesPath.isEmpty && !shape.mountAllKeys
        return validated
    }

    /// V3 and V15: the message when `arn`'s region is not `region`, else nil.
    static func arnRegionMismatch(name: String, region: String) -> String? {
        guard let arn = AmazonResourceName(name), arn.region != region else {
            return nil
        }
        return "ARN region must match region \(UserText.shown(region)): \(UserText.shown(name))"
    }

    /// Whether `text` is an SSM version number: 1 to 18 decimal digits, not starting with 0.
    private static func isParameterVersion(_ text: String) -> Bool {
        text.count <= 18 && text.first != "0" && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// V8 and an SSM `objectVersion`: digits must be a version number; anything else is a label, as the incumbent
    /// sends it (`name:<objectVersion>`), with a warning. Failover versions must equal this one, so they need no
    /// check of their own.
    private func checkParameterVersion(problems: inout ObjectProblems) {
        if !self.objectVersionLabel.isEmpty {
            problems.report(.ssmVersionAndLabel, field: "objectVersionLabel", self.bothVersionAndLabel)
        }
        let version = UserText.shown(self.objectVersion)
        if ObjectReference.isParameterLabel(self.objectVersion) {
            problems.warn(
                .ssmVersionIsLabel,
                field: "objectVersion",
                "objectVersion \(version) is not a number, so it is used as a label, as objectVersionLabel would be "
                    + "(GetParameters name \(UserText.shown(self.objectName)):\(version)); objectVersionLabel is the "
                    + "field meant for labels"
            )
        } else if !Self.isParameterVersion(self.objectVersion) {
            problems.report(
                .invalidSSMVersion,
                field: "objectVersion",
                "ssm parameter versions are positive whole numbers, got \(version): \(UserText.shown(self.objectName))"
            )
        }
    }

    private var bothVersionAndLabel: String {
        "ssm parameters can not specify both objectVersion and objectVersionLabel: \(UserText.shown(self.objectName))"
    }

    /// V13–V17: the `failoverObject`, checked when it names an object (as the incumbent does).
    private func validateFailover(type: ObjectType?, regions: ValidationRegions, problems: inout ObjectProblems) {
        let failover = self.failoverObject
        guard !failover.objectName.isEmpty else {
            return
        }
        let name = UserText.shown(self.objectName)
        if self.objectAlias.isEmpty {
            problems.report(
                .missingFailoverAlias,
                field: "objectAlias",
                "object alias must be specified for objects with failover entries: \(name)"
            )
        }
        if let failoverRegion = regions.failover {
            // V15: the failover name against the failover region, with the primary's objectType (an invalid
            // objectType was already reported for the primary name).
            _ = Self.checkName(
                failover.objectName,
                objectType: self.objectType,
                region: failoverRegion,
                field: "failoverObject.objectName",
                reportsObjectType: false,
                problems: &problems
            )
        } else {
            problems.report(
                .failoverWithoutRegion,
                field: "failoverObject.objectName",
                "failover object allowed only when failover region is defined: \(name)"
            )
        }
        if type == .ssmParameter, !failover.objectVersion.isEmpty, !failover.objectVersionLabel.isEmpty {
            problems.report(.ssmVersionAndLabel, field: "failoverObject.objectVersionLabel", self.bothVersionAndLabel)
        }
        if failover.objectVersion != self.objectVersion {
            problems.report(
                .failoverVersionMismatch,
                field: "failoverObject.objectVersion",
                "object versions must match between primary and failover regions: \(name)"
            )
        }
    }

    /// V2–V7 for one name (the incumbent's `validateObjectName`); V3 only when `region` is known.
    /// - Returns: The object's type, when it can be told.
    private static func checkName(
        _ name: String,
        objectType: String,
        region: String?,
        field: String,
        reportsObjectType: Bool,
        problems: inout ObjectProblems
    ) -> ObjectType? {
        let declared = ObjectType(rawValue: objectType)
        if reportsObjectType, !objectType.isEmpty, declared == nil {
            problems.report(
                .invalidObjectType,
                field: "objectType",
                "Invalid objectType: \(UserText.shown(objectType))"
            )
        }
        guard !name.isEmpty else {
            return declared
        }
        let shown = UserText.shown(name)
        let isARN = name.hasPrefix("arn:")
        let arn = AmazonResourceName(name)
        if isARN, arn == nil {
            problems.report(.invalidARN, field: field, "Invalid ARN format in object name: \(shown)")
        }
        if let region, let mismatch = Self.arnRegionMismatch(name: name, region: region) {
            problems.report(.arnRegionMismatch, field: field, mismatch)
        }
        let service = arn.flatMap { ObjectType.ofARNService($0.service) }
        if objectType.isEmpty {
            if !isARN {
                problems.report(
                    .missingObjectType,
                    field: "objectType",
                    "Must use objectType when a full ARN is not specified: \(shown)"
                )
            } else if let arn, service == nil {
                problems.report(
                    .invalidARNService,
                    field: field,
                    "Invalid service in ARN: \(UserText.shown(arn.service))"
                )
            }
            return service
        }
        // Better than the incumbent: an ARN of another service (`arn:aws:sts:…`) does not match `ssmparameter`.
        if let declared, arn != nil, service != declared {
            problems.report(.objectTypeMismatch, field: field, "objectType does not match ARN: \(shown)")
        }
        return declared
    }

    /// V11 and the expression's syntax: the compiled `path`, or nil with the problem reported.
    private static func compile(_ path: String, field: String, problems: inout ObjectProblems) -> JMESPathExpression? {
        guard !path.isEmpty else {
            problems.report(.missingJMESPath, field: field, "Path must be specified for JMES object")
            return nil
        }
        do {
            return try JMESPathExpression(path)
        } catch {
            problems.report(
                .invalidJMESPath,
                field: field,
                "Invalid JMES Path: \(UserText.shown(path)). (\(error.code): \(error.message))"
            )
            return nil
        }
    }

    /// The file path for a name or alias after translation, or nil (with the problem reported) when it breaks a
    /// file-name rule; also nil, silently, when the translation is unknown or the name empty (reported elsewhere).
    func checkedPath(
        _ name: String,
        field: String,
        translation: PathTranslation?,
        problems: inout ObjectProblems
    ) -> String? {
        guard let translation, !name.isEmpty else {
            return nil
        }
        let path = translation.fileName(for: name)
        if let violation = FileNameRules.violation(of: path, name: name) {
            problems.report(violation.code, field: field, violation.message)
            return nil
        }
        return path
    }

    private func planned(
        index: Int,
        type: ObjectType,
        path: String,
        jmesPathPaths: [String],
        expressions: [JMESPathExpression],
        shape: ValueShape,
        translation: PathTranslation,
        failoverRegion: String?,
        defaultMode: FilePermission
    ) -> PlannedObject {
        let mode = self.filePermission ?? defaultMode
        let failover = self.failoverObject
        // A wildcard is listed by the same pattern in both regions (it has no failoverObject).
        let wildcard = self.wildcard(type: type)
        let jmesPathFiles = zip(zip(self.jmesPath, shape.entryEncodings), zip(jmesPathPaths, expressions)).map {
            entry,
            file in
            PlannedFile(
                path: file.0,
                mode: entry.0.filePermission ?? mode,
                objectIndex: index,
                content: .jmesPath(file.1, parentPath: path, encoding: entry.1)
            )
        }
        return PlannedObject(
            index: index,
            primary: ObjectReference(
                type: type,
                name: self.objectName,
                version: self.objectVersion,
                versionLabel: self.objectVersionLabel,
                wildcard: wildcard
            ),
            failover: failoverRegion.map { _ in
                ObjectReference(
                    type: type,
                    name: failover.objectName.isEmpty ? self.objectName : failover.objectName,
                    version: failover.objectVersion.isEmpty ? self.objectVersion : failover.objectVersion,
                    versionLabel: failover.objectVersionLabel.isEmpty
                        ? self.objectVersionLabel : failover.objectVersionLabel,
                    wildcard: wildcard
                )
            },
            file: PlannedFile(path: path, mode: mode, objectIndex: index, content: .objectValue),
            jmesPathFiles: jmesPathFiles,
            encoding: shape.encoding,
            mountAllKeys: shape.mountAllKeys,
            writesObjectFile: shape.writesObjectFile,
            translation: translation,
            wildcard: wildcard,
            matchedBy: nil
        )
    }
}

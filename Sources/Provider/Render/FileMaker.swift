// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass

/// Who makes a file of a mount, for the messages of collisions.
struct FileMaker: Sendable, CustomStringConvertible {
    /// The object or template entry the file comes from.
    enum Maker: Sendable {
        /// An object, listed or matched by a wildcard.
        case object(PlannedObject)
        /// A template entry.
        case template(PlannedTemplate)
    }

    /// Who makes the file.
    let maker: Maker
    /// The file.
    let file: PlannedFile

    /// The maker of `file` of `object`.
    init(object: PlannedObject, file: PlannedFile) {
        self.maker = .object(object)
        self.file = file
    }

    /// The maker of a template's file.
    init(template: PlannedTemplate) {
        self.maker = .template(template)
        self.file = template.file
    }

    /// Whether the file's name comes from AWS (a key of the value, or an object a wildcard matched), so only a
    /// mount can check it against the others.
    var isNamedByAWS: Bool {
        guard case .object(let object) = self.maker else { return false }
        if case .key = self.file.content { return true }
        return object.matchedBy != nil
    }

    /// `the key "user" of secretsmanager db (mountAllKeys)`, `secretsmanager prod/app/db (matched by prod/app/*,
    /// objects[2])`, `the own file of objects[1] (secretsmanager db)`, a `jmesPath` entry of one, or `template
    /// app.env (objects[3])`.
    var description: String {
        switch self.maker {
        case .template(let template): template.description
        case .object(let planned): Self.describe(self.file, of: planned)
        }
    }

    /// What makes `file` of `planned`.
    private static func describe(_ file: PlannedFile, of planned: PlannedObject) -> String {
        let object = "\(planned.primary.type.rawValue) \(UserText.shown(planned.primary.name))"
        switch file.content {
        case .key(let key):
            return "the key \"\(UserText.shown(key))\" of \(object) (mountAllKeys)"
        case .objectValue:
            if let pattern = planned.matchedBy {
                return "\(object) (matched by \(UserText.shown(pattern)), objects[\(planned.index)])"
            }
            return "the own file of objects[\(planned.index)] (\(object))"
        case .jmesPath, .template:
            return "\(file.content) of objects[\(planned.index)]"
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// The duplicate rules of the incumbent (§2.9), then, better than it, a check that no two files of the mount
/// share a path and no file is the directory of another: an alias equal to another object's name, a `jmesPath`
/// alias equal to an object's name, or `a/b` and `a_b` once `/` is translated all collide.
///
/// Each file is reported at most once, with the incumbent's message when one of its rules applies.
enum DuplicateRules {
    /// The owner of a path, for messages.
    private struct Owner {
        let index: Int
        let objectName: String
        let jmesPathEntry: Int?

        var description: String {
            let object = "objects[\(self.index)] \"\(UserText.shown(self.objectName))\""
            return self.jmesPathEntry.map { "\(object) jmesPath[\($0)]" } ?? object
        }
    }

    /// What makes two objects of one name the same object (§2.9): both rules compare the alias and the version label
    /// exactly, an empty one meaning none.
    private struct Identity: Hashable {
        let name: ExactText
        let alias: ExactText
        let label: ExactText
    }

    /// Everything seen so far, keyed by exact bytes (two canonically equivalent names are two files); every check
    /// is one lookup, so a class of thousands of objects with one name is checked in linear time.
    private struct State {
        var identities: Set<Identity> = []
        var aliases: Set<ExactText> = []
        var files = FileClaims<Owner>()
    }

    /// Checks every object against the ones before it.
    /// - Parameter objects: The validated objects, in order.
    /// - Returns: The problems, in order.
    static func check(_ objects: [ValidatedObject]) -> [Problem] {
        var state = State()
        var problems: [Problem] = []
        for object in objects {
            var objectProblems = ObjectProblems(index: object.index, objectName: object.descriptor.label)
            Self.check(object, state: &state, problems: &objectProblems)
            problems += objectProblems.list
        }
        return problems
    }

    private static func check(_ object: ValidatedObject, state: inout State, problems: inout ObjectProblems) {
        let descriptor = object.descriptor
        let owner = Owner(index: object.index, objectName: descriptor.label, jmesPathEntry: nil)
        var reported = false
        if !descriptor.objectName.isEmpty {
            let identity = Identity(
                name: ExactText(descriptor.objectName),
                alias: ExactText(descriptor.objectAlias),
                label: ExactText(descriptor.objectVersionLabel)
            )
            if !state.identities.insert(identity).inserted {
                problems.report(.duplicateObject, field: "objectName", Self.duplicateMessage(descriptor))
                reported = true
            }
        }
        if !reported, !descriptor.objectAlias.isEmpty, state.aliases.contains(ExactText(descriptor.objectAlias)) {
            problems.report(
                .duplicateAlias,
                field: "objectAlias",
                "found duplicate object alias \(UserText.shown(descriptor.objectAlias))"
            )
            reported = true
        }
        if !descriptor.objectAlias.isEmpty {
            state.aliases.insert(ExactText(descriptor.objectAlias))
        }
        if let path = object.path {
            Self.claim(
                path,
                by: owner,
                field: descriptor.objectAlias.isEmpty ? "objectName" : "objectAlias",
                reportsCollision: !reported,
                state: &state,
                problems: &problems
            )
        }
        for (position, entry) in descriptor.jmesPath.enumerated() where !entry.objectAlias.isEmpty {
            let field = "jmesPath[\(position)].objectAlias"
            let isDuplicate = !state.aliases.insert(ExactText(entry.objectAlias)).inserted
            if isDuplicate {
                problems.report(
                    .duplicateAlias,
                    field: field,
                    "Name already in use for objectAlias: found duplicate object alias "
                        + "\(UserText.shown(entry.objectAlias)) in JMES path entry \(UserText.shown(entry.path))"
                )
            }
            if position < object.jmesPathPaths.count, let path = object.jmesPathPaths[position] {
                let entryOwner = Owner(index: object.index, objectName: descriptor.objectName, jmesPathEntry: position)
                Self.claim(
                    path,
                    by: entryOwner,
                    field: field,
                    reportsCollision: !isDuplicate,
                    state: &state,
                    problems: &problems
                )
            }
        }
    }

    /// The incumbent's message (§2.9 cases 1–4) for an object whose name, alias and version label an earlier object
    /// has too: the cases differ only in which of the alias and label are given.
    private static func duplicateMessage(_ descriptor: ObjectDescriptor) -> String {
        let prefix = "found descriptor with duplicate object name \(UserText.shown(descriptor.objectName))"
        let alias =
            descriptor.objectAlias.isEmpty
            ? "no object alias" : "duplicate object alias \(UserText.shown(descriptor.objectAlias))"
        let label =
            descriptor.objectVersionLabel.isEmpty
            ? "no version label" : "duplicate version label \(UserText.shown(descriptor.objectVersionLabel))"
        return "\(prefix), \(alias), and \(label)"
    }

    /// Records `path` as `owner`'s file, reporting a collision with an earlier file or directory.
    private static func claim(
        _ path: String,
        by owner: Owner,
        field: String,
        reportsCollision: Bool,
        state: inout State,
        problems: inout ObjectProblems
    ) {
        if let collision = state.files.claim(path, by: owner), reportsCollision {
            problems.report(
                .fileCollision,
                field: field,
                collision.message(path: path, owner: collision.owner.description)
            )
        }
    }
}

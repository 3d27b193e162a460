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

    private struct State {
        var earlierWithName: [String: [ObjectDescriptor]] = [:]
        var aliases: Set<String> = []
        var files: [String: Owner] = [:]
        var directories: [String: Owner] = [:]
    }

    /// Checks every object against the ones before it.
    /// - Parameter objects: The validated objects, in order.
    /// - Returns: The problems, in order.
    static func check(_ objects: [ValidatedObject]) -> [Problem] {
        var state = State()
        var problems: [Problem] = []
        for object in objects {
            var objectProblems = ObjectProblems(index: object.index, objectName: object.descriptor.objectName)
            Self.check(object, state: &state, problems: &objectProblems)
            problems += objectProblems.list
        }
        return problems
    }

    private static func check(_ object: ValidatedObject, state: inout State, problems: inout ObjectProblems) {
        let descriptor = object.descriptor
        let owner = Owner(index: object.index, objectName: descriptor.objectName, jmesPathEntry: nil)
        var reported = false
        if !descriptor.objectName.isEmpty {
            for earlier in state.earlierWithName[descriptor.objectName, default: []] {
                if let message = Self.duplicateMessage(descriptor, earlier: earlier) {
                    problems.report(.duplicateObject, field: "objectName", message)
                    reported = true
                    break
                }
            }
            state.earlierWithName[descriptor.objectName, default: []].append(descriptor)
        }
        if !reported, !descriptor.objectAlias.isEmpty, state.aliases.contains(descriptor.objectAlias) {
            problems.report(
                .duplicateAlias,
                field: "objectAlias",
                "found duplicate object alias \(UserText.shown(descriptor.objectAlias))"
            )
            reported = true
        }
        if !descriptor.objectAlias.isEmpty {
            state.aliases.insert(descriptor.objectAlias)
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
            let isDuplicate = state.aliases.contains(entry.objectAlias)
            if isDuplicate {
                problems.report(
                    .duplicateAlias,
                    field: field,
                    "Name already in use for objectAlias: found duplicate object alias "
                        + "\(UserText.shown(entry.objectAlias)) in JMES path entry \(UserText.shown(entry.path))"
                )
            }
            state.aliases.insert(entry.objectAlias)
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

    /// §2.9 cases 1–4 for two entries with the same `objectName`; nil when the pair is allowed (different
    /// aliases, different labels, or one alias and one label).
    private static func duplicateMessage(_ descriptor: ObjectDescriptor, earlier: ObjectDescriptor) -> String? {
        let prefix = "found descriptor with duplicate object name \(UserText.shown(descriptor.objectName))"
        let alias = UserText.shown(descriptor.objectAlias)
        let label = UserText.shown(descriptor.objectVersionLabel)
        let hasAlias = !descriptor.objectAlias.isEmpty
        let earlierHasAlias = !earlier.objectAlias.isEmpty
        let hasLabel = !descriptor.objectVersionLabel.isEmpty
        let earlierHasLabel = !earlier.objectVersionLabel.isEmpty
        let sameAlias = descriptor.objectAlias == earlier.objectAlias
        let sameLabel = descriptor.objectVersionLabel == earlier.objectVersionLabel
        switch (hasAlias && earlierHasAlias, hasLabel && earlierHasLabel) {
        case (true, false) where !hasLabel && !earlierHasLabel && sameAlias:
            return "\(prefix), duplicate object alias \(alias), and no version label"
        case (false, true) where !hasAlias && !earlierHasAlias && sameLabel:
            return "\(prefix), no object alias, and duplicate version label \(label)"
        case (true, true) where sameAlias && sameLabel:
            return "\(prefix), duplicate object alias \(alias), and duplicate version label \(label)"
        case (false, false) where !hasAlias && !earlierHasAlias && !hasLabel && !earlierHasLabel:
            return "\(prefix), no object alias, and no version label"
        default:
            return nil
        }
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
        let parents = Self.parentDirectories(of: path)
        let collision: String?
        if let earlier = state.files[path] {
            collision = "the file \(UserText.shown(path)) is also written by \(earlier.description)"
        } else if let earlier = state.directories[path] {
            collision = "the file \(UserText.shown(path)) is a directory of a file of \(earlier.description)"
        } else if let parent = parents.first(where: { state.files[$0] != nil }), let earlier = state.files[parent] {
            collision =
                "the file \(UserText.shown(path)) needs the directory \(UserText.shown(parent)), which is "
                + "a file of \(earlier.description)"
        } else {
            collision = nil
        }
        if let collision {
            if reportsCollision {
                problems.report(.fileCollision, field: field, collision)
            }
            return
        }
        state.files[path] = owner
        for parent in parents where state.directories[parent] == nil {
            state.directories[parent] = owner
        }
    }

    /// `a/b/c` → `a`, `a/b`.
    private static func parentDirectories(of path: String) -> [String] {
        var parents: [String] = []
        var index = path.startIndex
        while let slash = path[index...].firstIndex(of: "/") {
            parents.append(String(path[..<slash]))
            index = path.index(after: slash)
        }
        return parents
    }
}

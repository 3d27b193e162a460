// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

extension ObjectDescriptor {
    /// Whether `objectName` has a `*`: a wildcard, valid or not, whose files are named by its matches.
    var isWildcard: Bool {
        ObjectWildcard.hasStar(self.objectName)
    }

    /// The wildcard of a valid descriptor whose `objectName` is one.
    func wildcard(type: ObjectType) -> ObjectWildcard? {
        guard case .wildcard(let wildcard) = ObjectWildcard.parse(self.objectName, type: type) else { return nil }
        return wildcard
    }

    /// A `*` in `failoverObject.objectName` of an object that is not a wildcard: the failover object is one object.
    func checkFailoverName(problems: inout ObjectProblems) {
        let failover = self.failoverObject.objectName
        guard !self.isWildcard, ObjectWildcard.hasStar(failover) else { return }
        problems.report(
            .invalidWildcard,
            field: "failoverObject.objectName",
            "failoverObject names one object, so it cannot hold \"*\" (only a wildcard objectName lists objects, and "
                + "the failover region then lists the same pattern): \(UserText.shown(failover))"
        )
    }

    /// Checks a wildcard `objectName` (``ObjectWildcard/parse(_:type:)``) and the fields a wildcard cannot have,
    /// each with its own message: `objectVersion`, `objectVersionLabel`, `objectAlias`, `jmesPath` and
    /// `failoverObject`. `filePermission`, `objectEncoding` and `mountAllKeys` apply to every match.
    /// - Parameter type: The object's type, when it can be told (the wildcard's syntax depends on it).
    func checkWildcard(type: ObjectType?, problems: inout ObjectProblems) {
        if let type, case .invalid(let problem) = ObjectWildcard.parse(self.objectName, type: type) {
            problems.report(.invalidWildcard, field: "objectName", problem)
        }
        let pattern = UserText.shown(self.objectName)
        if !self.objectVersion.isEmpty {
            problems.report(
                .wildcardField,
                field: "objectVersion",
                "a wildcard mounts the current version of every object it matches; objectVersion pins one object's "
                    + "version, so it cannot be used with \(pattern)"
            )
        }
        if !self.objectVersionLabel.isEmpty {
            problems.report(
                .wildcardField,
                field: "objectVersionLabel",
                "a wildcard mounts the current version of every object it matches; objectVersionLabel cannot select "
                    + "a label across \(pattern)"
            )
        }
        if !self.objectAlias.isEmpty {
            problems.report(
                .wildcardField,
                field: "objectAlias",
                "each object \(pattern) matches is written under its own name (after pathTranslation), so one "
                    + "objectAlias cannot name them"
            )
        }
        if !self.jmesPath.isEmpty {
            problems.report(
                .wildcardField,
                field: "jmesPath",
                "jmesPath entries name one file each, so they cannot apply to every object \(pattern) matches; list "
                    + "the object by its name to use jmesPath"
            )
        }
        let failover = self.failoverObject
        if !(failover.objectName + failover.objectVersion + failover.objectVersionLabel).isEmpty {
            problems.report(
                .wildcardField,
                field: "failoverObject",
                "the failover region lists \(pattern) by the same pattern; failoverObject cannot rename or pin it"
            )
        }
    }
}

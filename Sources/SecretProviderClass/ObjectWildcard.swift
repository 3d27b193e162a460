// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// A trailing wildcard in `objectName`: many objects by one name. Neither service allows `*` in a name, so a name
/// ending in one is never an object of its own.
///
/// - `ssmparameter` `/app/prod/*`: every parameter directly under `/app/prod/`; `/app/prod/**`: every parameter
///   below it, at any depth (`GetParametersByPath`, not recursive or recursive).
/// - `secretsmanager` `prod/app/*`: every secret whose name starts with `prod/app/`, exactly and case-sensitively
///   (`BatchGetSecretValue` with a `name` filter, whose broader answer is filtered again with ``matches(_:)``).
public struct ObjectWildcard: Sendable, Hashable {
    /// What a wildcard lists.
    public enum Scope: Sendable, Hashable {
        /// SSM `*`: the parameters one level under the path.
        case children
        /// SSM `**`: the parameters at every level under the path.
        case descendants
        /// Secrets Manager `*`: the secrets whose names start with the prefix.
        case namePrefix
    }

    /// What a match's name starts with: `/app/prod/` or `prod/app/`.
    public let prefix: String

    /// What is listed.
    public let scope: Scope

    /// The pattern as written, such as `/app/prod/**`.
    public var pattern: String {
        self.prefix + (self.scope == .descendants ? "**" : "*")
    }

    /// The `GetParametersByPath` path: the prefix without its trailing `/` (`/` for the root).
    public var path: String {
        self.prefix == "/" ? "/" : String(self.prefix.dropLast())
    }

    /// Whether `name` is one of the wildcard's objects: it starts with ``prefix`` byte for byte, has more after it,
    /// and for ``Scope/children`` no `/` after the prefix.
    public func matches(_ name: String) -> Bool {
        let bytes = name.utf8
        let prefix = self.prefix.utf8
        guard bytes.count > prefix.count, bytes.starts(with: prefix) else {
            return false
        }
        return self.scope != .children || !bytes.dropFirst(prefix.count).contains(UInt8(ascii: "/"))
    }

    /// The wildcard `name` holds, when it ends in `*`; nil for any other name. Assumes a name that passed
    /// ``parse(_:type:)``.
    init?(validated name: String, type: ObjectType) {
        guard case .success(let wildcard?) = Self.parse(name, type: type) else {
            return nil
        }
        self = wildcard
    }

    private init(prefix: String, scope: Scope) {
        self.prefix = prefix
        self.scope = scope
    }

    /// The wildcard of `name`: nil when it has no `*`, or why it is not a valid wildcard.
    static func parse(_ name: String, type: ObjectType) -> Result<ObjectWildcard?, WildcardProblem> {
        guard let first = name.firstIndex(of: "*") else {
            return .success(nil)
        }
        let prefix = String(name[..<first])
        let stars = name[first...]
        let shown = UserText.shown(name)
        if name.hasPrefix("arn:") {
            return .failure(.init("a wildcard takes a name, not an ARN: \(shown)"))
        }
        if !stars.allSatisfy({ $0 == "*" }) {
            return .failure(.init("\"*\" is allowed only at the end of objectName, as a wildcard: \(shown)"))
        }
        switch type {
        case .ssmParameter:
            guard prefix.hasPrefix("/"), prefix.hasSuffix("/"), stars.count <= 2 else {
                return .failure(
                    .init(
                        "an SSM wildcard is a path that starts with \"/\" followed by \"/*\" (one level) or \"/**\" "
                            + "(every level), such as /app/prod/*: \(shown)"
                    )
                )
            }
            return .success(ObjectWildcard(prefix: prefix, scope: stars.count == 2 ? .descendants : .children))
        case .secretsManager:
            guard !prefix.isEmpty, stars.count == 1 else {
                return .failure(
                    .init(
                        "a Secrets Manager wildcard is a name prefix followed by one \"*\", such as prod/app/* (names "
                            + "have no levels, so \"*\" already matches every name that starts with the prefix): \(shown)"
                    )
                )
            }
            return .success(ObjectWildcard(prefix: prefix, scope: .namePrefix))
        }
    }
}

/// Why an `objectName` with `*` is not a valid wildcard.
struct WildcardProblem: Error {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}

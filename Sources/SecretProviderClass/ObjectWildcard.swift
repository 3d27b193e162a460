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

    private init(prefix: String, scope: Scope) {
        self.prefix = prefix
        self.scope = scope
    }

    /// What an `objectName` says about wildcards.
    enum Parsed {
        /// No `*`: one object.
        case none
        /// A valid trailing wildcard.
        case wildcard(ObjectWildcard)
        /// A `*` that is not a valid wildcard, and why.
        case invalid(String)
    }

    /// Whether `name` has a `*` byte (so it is a wildcard, valid or not; never an object's name).
    static func hasStar(_ name: String) -> Bool {
        name.utf8.contains(Self.star)
    }

    /// The wildcard of `name`, compared byte by byte (a combining mark after `*` or `/` hides nothing).
    ///
    /// The prefix may hold only the characters a name of the service may have: for SSM letters, digits and
    /// `_ . - /` (no `//`), for Secrets Manager letters, digits and `/ _ + = . @ -`; so nothing in it can change the
    /// meaning of AWS's filter (a leading `!` negates it, a space splits it into words).
    static func parse(_ name: String, type: ObjectType) -> Parsed {
        let bytes = Array(name.utf8)
        guard let first = bytes.firstIndex(of: Self.star) else {
            return .none
        }
        let prefix = String(decoding: bytes[..<first], as: UTF8.self)
        let stars = bytes[first...]
        let shown = UserText.shown(name)
        if name.hasPrefix("arn:") {
            return .invalid("a wildcard takes a name, not an ARN: \(shown)")
        }
        if !stars.allSatisfy({ $0 == Self.star }) {
            return .invalid("\"*\" is allowed only at the end of objectName, as a wildcard: \(shown)")
        }
        switch type {
        case .ssmParameter:
            guard prefix.hasPrefix("/"), prefix.hasSuffix("/"), stars.count <= 2 else {
                return .invalid(
                    "an SSM wildcard is a path that starts with \"/\" followed by \"/*\" (one level) or \"/**\" "
                        + "(every level), such as /app/prod/*: \(shown)"
                )
            }
            guard Self.isNameText(prefix.utf8, extra: "_.-/"), prefix == "/" || !prefix.contains("//") else {
                return .invalid(
                    "an SSM wildcard's path may hold only letters, digits and _ . - / (no \"//\"): \(shown)"
                )
            }
            return .wildcard(ObjectWildcard(prefix: prefix, scope: stars.count == 2 ? .descendants : .children))
        case .secretsManager:
            guard !prefix.isEmpty, stars.count == 1 else {
                return .invalid(
                    "a Secrets Manager wildcard is a name prefix followed by one \"*\", such as prod/app/* (names "
                        + "have no levels, so \"*\" already matches every name that starts with the prefix): "
                        + shown
                )
            }
            guard Self.isNameText(prefix.utf8, extra: "/_+=.@-") else {
                return .invalid(
                    "a Secrets Manager wildcard's prefix may hold only letters, digits and / _ + = . @ -: \(shown)"
                )
            }
            return .wildcard(ObjectWildcard(prefix: prefix, scope: .namePrefix))
        case .acmCertificate:
            return .invalid(
                "an acmcertificate objectName is one certificate's ARN; wildcards list SSM parameters and secrets: "
                    + shown
            )
        }
    }

    private static let star = UInt8(ascii: "*")

    /// Whether every byte of `text` is an ASCII letter, an ASCII digit or one of `extra`.
    private static func isNameText(_ text: String.UTF8View, extra: String) -> Bool {
        text.allSatisfy { byte in
            byte.isASCIIDigit || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
                || extra.utf8.contains(byte)
        }
    }
}

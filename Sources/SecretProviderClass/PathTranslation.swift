// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// How `/` in an object's name or alias becomes a file name: the `pathTranslation` parameter.
///
/// | `pathTranslation` | `/a/b` | `a/b` |
/// |---|---|---|
/// | absent or empty | `_a_b` | `a_b` |
/// | one character, such as `-` | `-a-b` | `a-b` |
/// | `False` (any case) | `a/b` (a sub-directory) | `a/b` |
public enum PathTranslation: Sendable, Hashable, CustomStringConvertible {
    /// Every `/` is replaced with this ASCII character (the default is `_`).
    case replaceSlash(with: Unicode.Scalar)
    /// Names keep their `/` (making sub-directories); only leading `/` are removed.
    case disabled

    /// The translation used when the parameter is absent: `/` becomes `_`.
    public static let defaultTranslation = PathTranslation.replaceSlash(with: "_")

    /// Parses the parameter as the incumbent does (checked before the YAML).
    /// - Parameters:
    ///   - parameter: The value of `pathTranslation`.
    ///   - problems: Where an invalid value is reported.
    /// - Returns: The translation, or nil when the value is neither empty, `False` nor exactly one byte.
    static func parse(_ parameter: String, problems: inout [Problem]) -> PathTranslation? {
        if parameter.isEmpty {
            return self.defaultTranslation
        }
        if parameter.lowercased() == "false" {
            return .disabled
        }
        guard parameter.utf8.count == 1, let scalar = parameter.unicodeScalars.first else {
            problems.append(
                Problem(
                    code: .invalidPathTranslation,
                    field: MountAttributes.pathTranslationKey,
                    message: "pathTranslation must be either 'False' or a single character string (got \""
                        + UserText.shown(parameter) + "\")"
                )
            )
            return nil
        }
        return .replaceSlash(with: scalar)
    }

    /// The file name for an object name or alias.
    /// - Parameter name: The `objectAlias`, or the `objectName` when there is no alias.
    /// - Returns: The name with `/` replaced, or with leading `/` removed when translation is disabled.
    public func fileName(for name: String) -> String {
        switch self {
        case .replaceSlash(let replacement):
            String(String.UnicodeScalarView(name.unicodeScalars.map { $0 == "/" ? replacement : $0 }))
        case .disabled:
            String(name.drop(while: { $0 == "/" }))
        }
    }

    /// `"_"` or `False`.
    public var description: String {
        switch self {
        case .replaceSlash(let replacement): "\"\(UserText.singleLine(String(replacement)))\""
        case .disabled: "False"
        }
    }
}

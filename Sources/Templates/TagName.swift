// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import JMESPath

/// Why a tag is refused, before its position is known: the ``TemplateSyntaxError/reason``.
struct NameProblem: Error {
    /// What is wrong; quotes at most the tag's name.
    let reason: String

    /// A problem with `reason`.
    init(_ reason: String) {
        self.reason = reason
    }
}

/// The name of a tag and its helper, as written between the delimiters (and after the sigil): `db.username`, `.`,
/// `url(db.password)`, with white space around it.
///
/// A name is `.` (the innermost section's value) or segments of ASCII letters, digits and underscores, not starting
/// with a digit, joined by dots; a helper is one of ``StrictTemplate/helpers``, applied to one name.
struct TagName {
    /// The name without the helper.
    let name: String
    /// The name's segments; empty for `.`.
    let segments: [String]
    /// The helper, if any.
    let helper: TemplateHelper?

    /// Parses the text of a tag; `helperAllowed` is false for sections and closing tags.
    init(parsing content: ArraySlice<UInt8>, helperAllowed: Bool) throws(NameProblem) {
        let text = content.trimmingASCIIWhiteSpace()
        guard let open = text.firstIndex(of: UInt8(ascii: "(")) else {
            (self.name, self.segments) = try Self.parseName(text)
            self.helper = nil
            return
        }
        guard helperAllowed else {
            throw NameProblem("a helper applies to a variable, not to a section")
        }
        let inner = text[(open + 1)...].dropLast()
        guard text.last == UInt8(ascii: ")") else {
            throw NameProblem("a helper is written helper(name), such as url(db.password)")
        }
        guard !inner.contains(UInt8(ascii: "(")), !inner.contains(UInt8(ascii: ")")) else {
            throw NameProblem("a tag takes one helper at most")
        }
        let helperName = text[..<open]
        guard let helper = TemplateHelper(rawValue: String(decoding: helperName, as: UTF8.self)) else {
            let quoted = Self.quoted(helperName).map { "\($0) is not a helper" } ?? "this is not a helper"
            throw NameProblem(quoted + "; the helpers are " + StrictTemplate.helpers.joined(separator: ", "))
        }
        (self.name, self.segments) = try Self.parseName(inner)
        self.helper = helper
    }

    /// The name and its segments, or why the text is not a name.
    private static func parseName(_ text: ArraySlice<UInt8>) throws(NameProblem) -> (String, [String]) {
        guard !text.isEmpty else {
            throw NameProblem("the tag has no name")
        }
        if text.elementsEqual(".".utf8) {
            return (".", [])
        }
        let segments = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard segments.allSatisfy(JMESPathExpression.isUnquotedIdentifier) else {
            let subject = Self.quoted(text).map { "\($0) is not a valid name" } ?? "the tag's name is not valid"
            throw NameProblem(
                subject + ": a name is '.' or keys of ASCII letters, digits and underscores (not starting with a "
                    + "digit) joined by dots; give a file whose name is not one an alias (objectAlias) that is"
            )
        }
        return (String(decoding: text, as: UTF8.self), segments.map { String(decoding: $0, as: UTF8.self) })
    }

    /// The most bytes of a name an error message quotes.
    private static let quotableBytes = 64

    /// `'text'` when `text` is short and printable ASCII without spaces, else nil: an error quotes a name the
    /// author meant, not arbitrary text (which could be a value pasted into a tag).
    private static func quoted(_ text: ArraySlice<UInt8>) -> String? {
        guard !text.isEmpty, text.count <= Self.quotableBytes,
            text.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "'") })
        else {
            return nil
        }
        return "'\(String(decoding: text, as: UTF8.self))'"
    }
}

/// Trimming the delimiters' white space off a tag's text.
extension ArraySlice<UInt8> {
    /// Without the ASCII white space (``Swift/UInt8/isASCIIWhiteSpace``) at either end.
    func trimmingASCIIWhiteSpace() -> ArraySlice<UInt8> {
        guard let first = self.firstIndex(where: { !$0.isASCIIWhiteSpace }),
            let last = self.lastIndex(where: { !$0.isASCIIWhiteSpace })
        else {
            return []
        }
        return self[first...last]
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// What a variable or section tag does.
enum TagKind: Sendable, Equatable {
    /// `{{name}}`, `{{{name}}}` or `{{&name}}`: inserts the value (all three alike: nothing is escaped).
    case variable
    /// `{{#name}}`: renders its content once, with the value pushed on the context stack, unless the value is falsy.
    case section
    /// `{{^name}}`: renders its content, pushing nothing, when the value is falsy.
    case invertedSection
}

/// A variable or section tag, in template order: what rendering looks up.
struct ScannedTag: Sendable {
    /// What the tag does.
    let kind: TagKind
    /// The name, helper and position, as ``StrictTemplate/references`` lists them.
    let reference: TemplateReference
    /// The name's segments; empty for `.`.
    let segments: [String]
    /// The helper, for variables.
    let helper: TemplateHelper?
    /// The index of the next tag that is not part of this one: for a section, the tags in between are its content.
    var end: Int

    /// The tag as written, for messages: `{{db.password}}`, `{{#db}}`, `{{^db}}`, `{{url(db.password)}}`.
    var display: String {
        let name = self.helper.map { "\($0.rawValue)(\(self.reference.name))" } ?? self.reference.name
        switch self.kind {
        case .variable: return "{{\(name)}}"
        case .section: return "{{#\(name)}}"
        case .invertedSection: return "{{^\(name)}}"
        }
    }
}

/// Finds the tags of a template's text and validates them, before swift-mustache parses it.
///
/// Tags are found as swift-mustache finds them: the first `{{` starts a tag (`{{{` a triple mustache, which ends
/// at `}}}`), the first `}}` after it ends it, and a comment `{{! ... }}` may hold anything but `}}`. Since the
/// scanner reads bytes and swift-mustache reads characters (grapheme clusters), a brace that is part of a larger
/// character is refused first: then both see the same tags.
struct TemplateScanner {
    /// The template's UTF-8.
    private let bytes: [UInt8]
    /// Turns byte offsets into lines and columns.
    private var locator: TextLocator
    /// The variable and section tags found so far.
    private var tags: [ScannedTag] = []
    /// The indexes in ``tags`` of the sections open at the current position, innermost last.
    private var open: [Int] = []
    /// How many of ``open`` push a value (not inverted): `.` needs one, and references outside them are top-level.
    private var pushing = 0
    /// How many tags, comments and closing tags included, were found so far.
    private var count = 0
    /// What parsing the template costs swift-mustache.
    private var cost: MustacheParseCost

    /// A scanner at the start of `bytes`.
    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.locator = TextLocator(bytes)
        self.cost = MustacheParseCost(bytes)
    }

    /// Why a template is refused when ``MustacheParseCost`` is over budget.
    private static let tooCostly =
        "the template has too many tags and { for its length (swift-mustache would take too long to parse it); "
        + "use fewer, or split the template"

    /// The variable and section tags of `text`, each section's ``ScannedTag/end`` set.
    static func scan(_ text: String) throws(TemplateSyntaxError) -> [ScannedTag] {
        let bytes = Array(text.utf8)
        guard bytes.count <= StrictTemplate.maximumBytes else {
            throw TemplateSyntaxError(
                line: 1,
                column: 1,
                reason: "the template is \(bytes.count) bytes, more than the \(StrictTemplate.maximumBytes) allowed"
            )
        }
        try Self.refuseCombinedBraces(text, bytes)
        var scanner = TemplateScanner(bytes)
        try scanner.scanTags()
        if bytes.last == .openBrace {
            let (line, column) = scanner.locator.location(at: bytes.count - 1)
            throw TemplateSyntaxError(
                line: line,
                column: column,
                reason: "a template cannot end with {, which swift-mustache takes for the start of a tag; end it "
                    + "with a line break"
            )
        }
        return scanner.tags
    }

    /// Refuses a `{` or `}` combined with another code point into one character (such as a brace followed by a
    /// combining accent), where swift-mustache would see no brace.
    private static func refuseCombinedBraces(_ text: String, _ bytes: [UInt8]) throws(TemplateSyntaxError) {
        var offset = 0
        for character in text {
            let utf8 = character.utf8
            if utf8.count > 1, let brace = utf8.firstIndex(where: { $0 == .openBrace || $0 == .closeBrace }) {
                var locator = TextLocator(bytes)
                let (line, column) = locator.location(at: offset + utf8.distance(from: utf8.startIndex, to: brace))
                throw TemplateSyntaxError(
                    line: line,
                    column: column,
                    reason: "a brace combined with the character next to it into one character is not allowed"
                )
            }
            offset += utf8.count
        }
    }

    /// Finds and checks every tag, then that every section was closed.
    private mutating func scanTags() throws(TemplateSyntaxError) {
        var position = 0
        while let start = self.find(.openBrace, .openBrace, from: position) {
            try self.chargeBraces(in: position..<start)
            let (line, column) = self.locator.location(at: start)
            /// A syntax error at this tag.
            func syntaxError(_ reason: String) -> TemplateSyntaxError {
                TemplateSyntaxError(line: line, column: column, reason: reason)
            }
            self.count += 1
            guard self.count <= StrictTemplate.maximumTags else {
                throw syntaxError("the template has more than \(StrictTemplate.maximumTags) tags")
            }
            // swift-mustache takes a line break right after `{{` for the end of a line of text, and the `{{` is lost.
            guard !self.startsLineBreak(at: start + 2) else {
                throw syntaxError("a line break right after {{ is not allowed")
            }
            let triple = start + 2 < self.bytes.count && self.bytes[start + 2] == .openBrace
            let contentStart = start + (triple ? 3 : 2)
            guard let close = self.find(.closeBrace, .closeBrace, from: contentStart),
                !triple || (close + 2 < self.bytes.count && self.bytes[close + 2] == .closeBrace)
            else {
                throw syntaxError(triple ? "the tag is not closed with }}}" : "the tag is not closed with }}")
            }
            position = close + (triple ? 3 : 2)
            let content = self.bytes[contentStart..<close]
            let isComment = !triple && content.first == UInt8(ascii: "!")
            guard self.cost.charge(at: start), isComment || self.cost.charge(at: close) else {
                throw syntaxError(Self.tooCostly)
            }
            // swift-mustache tells tags apart by their first character, which must then be one code point.
            guard !Self.startsWithCombinedCharacter(content) else {
                throw syntaxError("a tag cannot start with a character combined with the next one")
            }
            do throws(NameProblem) {
                try self.scanTag(triple ? nil : content.first, content, line: line, column: column)
            } catch {
                throw syntaxError(error.reason)
            }
        }
        try self.chargeBraces(in: position..<self.bytes.count)
        if let innermost = self.open.last {
            let section = self.tags[innermost]
            throw TemplateSyntaxError(
                line: section.reference.line,
                column: section.reference.column,
                reason: "\(section.display) is never closed (with {{/\(section.reference.name)}})"
            )
        }
    }

    /// Charges the cost of each `{` of the text in `range` (no tag starts there).
    private mutating func chargeBraces(in range: Range<Int>) throws(TemplateSyntaxError) {
        for offset in range where self.bytes[offset] == .openBrace {
            guard self.cost.charge(at: offset) else {
                let (line, column) = self.locator.location(at: offset)
                throw TemplateSyntaxError(line: line, column: column, reason: Self.tooCostly)
            }
        }
    }

    /// Handles one tag whose text between the delimiters is `content`, `sigil` its first byte unless it is a
    /// triple mustache.
    private mutating func scanTag(
        _ sigil: UInt8?,
        _ content: ArraySlice<UInt8>,
        line: Int,
        column: Int
    ) throws(NameProblem) {
        switch sigil {
        case UInt8(ascii: "!"):
            return
        case UInt8(ascii: "#"), UInt8(ascii: "^"):
            guard self.open.count < StrictTemplate.maximumDepth else {
                throw NameProblem("sections are nested more than \(StrictTemplate.maximumDepth) deep")
            }
            let kind: TagKind = sigil == UInt8(ascii: "#") ? .section : .invertedSection
            let name = try TagName(parsing: content.dropFirst(), helperAllowed: false)
            try self.append(kind, name, line: line, column: column)
            self.open.append(self.tags.count - 1)
            self.pushing += kind == .section ? 1 : 0
        case UInt8(ascii: "/"):
            let name = try TagName(parsing: content.dropFirst(), helperAllowed: false)
            guard let innermost = self.open.popLast() else {
                throw NameProblem("{{/\(name.name)}} closes no open section")
            }
            let section = self.tags[innermost]
            guard section.reference.name == name.name else {
                let reference = section.reference
                throw NameProblem(
                    "{{/\(name.name)}} does not close \(section.display) "
                        + "(line \(reference.line), column \(reference.column))"
                )
            }
            self.tags[innermost].end = self.tags.count
            self.pushing -= section.kind == .section ? 1 : 0
        case UInt8(ascii: "&"):
            try self.append(
                .variable,
                try TagName(parsing: content.dropFirst(), helperAllowed: true),
                line: line,
                column: column
            )
        case UInt8(ascii: ">"):
            throw NameProblem("partials ({{>name}}) are not supported")
        case UInt8(ascii: "<"):
            throw NameProblem("template inheritance ({{<name}}) is not supported")
        case UInt8(ascii: "$"):
            throw NameProblem("blocks ({{$name}}) are not supported")
        case UInt8(ascii: "="):
            throw NameProblem("changing the delimiters ({{=...=}}) is not supported")
        case UInt8(ascii: "%"):
            throw NameProblem("pragmas ({{%...}}) are not supported")
        default:
            try self.append(.variable, try TagName(parsing: content, helperAllowed: true), line: line, column: column)
        }
    }

    /// Records a variable or section tag; `.` needs a section that pushed a value.
    private mutating func append(_ kind: TagKind, _ name: TagName, line: Int, column: Int) throws(NameProblem) {
        guard !name.segments.isEmpty || self.pushing > 0 else {
            throw NameProblem(
                "'.' is the value of the enclosing section, and this tag is in none ({{^name}} sets none)"
            )
        }
        let reference = TemplateReference(
            name: name.name,
            helper: name.helper?.rawValue,
            line: line,
            column: column,
            isTopLevel: self.pushing == 0 && name.name != "."
        )
        self.tags.append(
            ScannedTag(
                kind: kind,
                reference: reference,
                segments: name.segments,
                helper: name.helper,
                end: self.tags.count + 1
            )
        )
    }

    /// Whether `content`, which starts a character, starts with one of more than one code point.
    private static func startsWithCombinedCharacter(_ content: ArraySlice<UInt8>) -> Bool {
        // A character's end depends on what comes before and on the next code point only, so a few bytes tell.
        let start = String(decoding: content.prefix(32), as: UTF8.self)
        return (start.first?.unicodeScalars.count ?? 1) > 1
    }

    /// Whether a character Swift counts as a line break starts at `offset`: line feed, vertical tab, form feed,
    /// carriage return, U+0085, U+2028 or U+2029.
    private func startsLineBreak(at offset: Int) -> Bool {
        let next = self.bytes[offset..<min(offset + 3, self.bytes.count)]
        return next.first.map { (0x0A...0x0D).contains($0) } == true || next.starts(with: [0xC2, 0x85])
            || next.elementsEqual([0xE2, 0x80, 0xA8]) || next.elementsEqual([0xE2, 0x80, 0xA9])
    }

    /// The offset of the first `first` `second` pair at or after `offset`.
    private func find(_ first: UInt8, _ second: UInt8, from offset: Int) -> Int? {
        var index = offset
        while index + 1 < self.bytes.count {
            if self.bytes[index] == first {
                if self.bytes[index + 1] == second {
                    return index
                }
            }
            index += 1
        }
        return nil
    }
}

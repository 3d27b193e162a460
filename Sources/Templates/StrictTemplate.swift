// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Mustache

/// A name a template uses: a variable tag or a section (closing tags and comments are not references).
public struct TemplateReference: Sendable, Equatable {
    /// The name as written: `db.username`, or `.`.
    public let name: String
    /// The helper applied (`url` in `{{url(db.password)}}`), if any; sections never have one.
    public let helper: String?
    /// Where the tag starts, from 1.
    public let line: Int
    /// Where the tag starts, from 1, in Unicode scalars from the start of the line.
    public let column: Int
    /// Whether the tag is outside every section, or inside inverted sections only (`{{^flag}}`, which push no
    /// value): its name can then only be a file's, so its first segment must be a file of the class.
    public let isTopLevel: Bool
    /// The first segment of the name (`db` of `db.username`).
    public var root: String { String(self.name.split(separator: ".").first ?? "") }

    /// Creates a reference.
    public init(name: String, helper: String?, line: Int, column: Int, isTopLevel: Bool) {
        self.name = name
        self.helper = helper
        self.line = line
        self.column = column
        self.isTopLevel = isTopLevel
    }
}

/// A template's syntax error, at the tag at fault.
///
/// Refused: a text over ``StrictTemplate/maximumBytes`` bytes, sections nested deeper than
/// ``StrictTemplate/maximumDepth``, more than ``StrictTemplate/maximumTags`` tags; partials `{{>x}}`, inheritance
/// `{{<x}}` and blocks `{{$x}}`, set-delimiter `{{=<% %>=}}` and pragma `{{%x}}` tags; unclosed tags, unclosed or
/// mismatched sections; names that are not `.` or dot-separated `[A-Za-z_][A-Za-z0-9_]*` segments (a file named
/// `api-token` needs an alias); unknown helpers, a helper on a section, more than one helper; `.` outside every
/// section that pushes a value; and what swift-mustache 2.1.1 mishandles: a brace combined with a neighbouring code
/// point into one character, a tag starting with such a character or with a line break, a text ending in `{`, and a
/// template whose parse would take swift-mustache too long (``MustacheParseCost``).
public struct TemplateSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// From 1.
    public let line: Int
    /// From 1, in Unicode scalars from the start of the line.
    public let column: Int
    /// What is wrong; quotes at most the tag's name, never a value.
    public let reason: String
    /// `line 3, column 12: reason`.
    public var description: String { "line \(self.line), column \(self.column): \(self.reason)" }
}

/// Why a template could not be rendered; names the name, never a value.
public struct TemplateRenderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, such as `{{db.pasword}} (line 3, column 12): db has no key "pasword"`.
    public let message: String
    /// The message.
    public var description: String { self.message }
}

/// A parsed, strict Mustache template over a mount's files (swift-mustache parses and renders it).
///
/// The data are the files by name (``TemplateData``): a JSON object file exposes its keys (`{{db.username}}`), any
/// other file is its bytes (`{{apitoken}}`). Names are looked up as Mustache does: from the innermost section's value
/// out to the files, and a dotted name descends from where its first segment is found. Strict means:
/// - every name that renders must exist: a missing name fails the render (it never prints as empty), in a variable,
///   a section or an inverted section alike; the content of a section that does not render is not looked up;
/// - a variable over JSON `null` fails; a section over `null`, `false` or `[]` is skipped and an inverted section
///   renders; anything else (`""`, `0`, `{}`) is truthy;
/// - nothing is escaped (`{{x}}`, `{{{x}}}` and `{{&x}}` are alike); numbers print as JSON (`5432`), booleans as
///   `true`/`false`, arrays and objects as compact JSON; bytes that are not UTF-8 fail unless through `base64`;
/// - arrays are not iterated, so every tag renders at most once: a section over a non-empty array renders its
///   content once, with the array as `.`;
/// - helpers (``helpers``) apply to variables only, one per tag: `{{url(db.password)}}`, never to sections;
/// - the output is bounded before anything renders: the template's bytes plus each inserted value at its helper's
///   worst growth (``TemplateHelper/maximumBytes(for:)``) must fit the limit.
public struct StrictTemplate: Sendable {
    /// The most bytes of a template's text.
    public static let maximumBytes = 65_536
    /// The deepest nesting of sections.
    public static let maximumDepth = 16
    /// The most tags of a template, comments and closing tags included.
    public static let maximumTags = 1_000
    /// The helpers.
    public static let helpers = TemplateHelper.allCases.map(\.rawValue)
    /// Every name used, in order.
    public let references: [TemplateReference]
    /// The variable and section tags, in order, with the extent of each section (see ``ScannedTag``).
    let tags: [ScannedTag]
    /// The UTF-8 length of the template's text: what its text adds to the output at most.
    let textBytes: Int
    /// The template as swift-mustache parsed it, behind the text-content-type pragma.
    let mustache: MustacheTemplate
    /// The spaces and tabs ending the template on a line of their own, which swift-mustache 2.1.1 drops (its parser
    /// sets a line's leading white space apart and forgets it when the template ends there);
    /// ``render(_:maximumBytes:)`` adds them back.
    let droppedEnd: [UInt8]

    /// The first line swift-mustache is given: values are inserted as they are (no HTML escaping). The tag stands
    /// alone on its line, so swift-mustache drops the line and the template starts on a fresh line, as it would
    /// without it; only line numbers of swift-mustache's errors are one more (``init(_:)`` subtracts it).
    static let textContentType = "{{% CONTENT_TYPE: TEXT }}\n"

    /// Parses and validates `text` (see ``TemplateSyntaxError`` for what is refused).
    public init(_ text: String) throws(TemplateSyntaxError) {
        let tags = try TemplateScanner.scan(text)
        self.tags = tags
        self.references = tags.map(\.reference)
        self.textBytes = text.utf8.count
        let blanks = text.utf8.reversed().prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
        let lineStarts = text.utf8.dropLast(blanks).last.map { $0 == UInt8(ascii: "\n") } ?? true
        self.droppedEnd = lineStarts ? Array(text.utf8.suffix(blanks)) : []
        do {
            self.mustache = try MustacheTemplate(string: Self.textContentType + text)
        } catch {
            throw Self.syntaxError(fromMustache: error)
        }
    }

    /// An upper bound of the memory the parsed template holds: swift-mustache keeps the text of each section again
    /// in every section around it (so at most the text once per level of nesting), besides the text and the tags.
    public var retainedBytes: Int {
        self.textBytes * (Self.maximumDepth + 2)
    }

    /// The distinct roots of the top-level references, in order of first use.
    public var topLevelRoots: [String] {
        var seen: Set<String> = []
        return self.references.filter(\.isTopLevel).map(\.root).filter { seen.insert($0).inserted }
    }

    /// Renders the template over `data`; the output is at most `maximumBytes` bytes.
    ///
    /// - Throws: ``TemplateRenderError`` for a name that does not exist, a variable over `null`, bytes that are not
    ///   UTF-8 where text is needed, a helper that cannot apply, or an output that could exceed `maximumBytes`
    ///   (checked on an upper bound before rendering).
    public func render(_ data: TemplateData, maximumBytes: Int) throws(TemplateRenderError) -> [UInt8] {
        let plan = try TemplatePlan(template: self, data: data, maximumBytes: maximumBytes)
        let log = RenderLog(expected: plan.insertions)
        let output = Array(self.mustache.render(MustacheValue(data.root, log: log)).utf8) + self.droppedEnd
        if let problem = log.problem(afterRendering: plan.insertions.count) {
            throw TemplateRenderError(message: "internal error: \(problem)")
        }
        guard output.count <= plan.bound, output.count <= maximumBytes else {
            throw TemplateRenderError(
                message: "internal error: the output is \(output.count) bytes, more than its bound of \(plan.bound)"
            )
        }
        return output
    }

    /// A swift-mustache parse error as a syntax error, at the line and column swift-mustache reports. The scanner
    /// refuses everything swift-mustache would, so this is a second line of defence.
    private static func syntaxError(fromMustache error: any Error) -> TemplateSyntaxError {
        let prefix = "the template does not parse (swift-mustache: "
        guard let parserError = error as? MustacheTemplate.ParserError else {
            return TemplateSyntaxError(line: 1, column: 1, reason: prefix + "an unexpected error)")
        }
        let problem =
            switch parserError.error {
            case MustacheTemplate.Error.sectionCloseNameIncorrect: "a closing tag does not match its section"
            case MustacheTemplate.Error.expectedSectionEnd: "a section is never closed"
            case MustacheTemplate.Error.unfinishedName: "a tag is not closed or its name is not valid"
            default: "a tag or the text is not valid"
            }
        let context = parserError.context
        return TemplateSyntaxError(
            line: max(context.lineNumber - 1, 1),
            column: context.columnNumber,
            reason: prefix + problem + ")"
        )
    }
}

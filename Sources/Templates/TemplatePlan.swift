// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import JMESPath

/// What rendering a template over some data inserts, worked out before swift-mustache renders anything: every name
/// a rendered tag uses is looked up the way Mustache does, the output is bounded, then each inserted text is made.
///
/// Lookup follows Mustache's context stack: the files at the bottom, and each section that renders pushes its value
/// (an inverted section pushes nothing). A name's first segment is looked up from the innermost value outwards, the
/// first value having that key wins, and the other segments descend from there without going back up the stack.
/// `.` is the innermost value. The content of a section that does not render is not looked up, as Mustache does
/// not; every name that renders must exist, and a variable over `null` is an error.
struct TemplatePlan {
    /// The text of each variable tag that renders, in the order swift-mustache inserts them.
    private(set) var insertions: [String] = []
    /// An upper bound of the output's length: the template's text plus each inserted value at its helper's worst
    /// growth (``TemplateHelper/maximumBytes(for:)``).
    private(set) var bound: Int

    /// The template's variable and section tags.
    private let tags: [ScannedTag]
    /// The largest output allowed.
    private let maximumBytes: Int
    /// The variable tags that render, with their values, in order.
    private var inserted: [(tag: ScannedTag, value: TemplateValue)] = []

    /// Plans rendering `template` over `data`.
    /// - Throws: ``TemplateRenderError`` naming the first tag at fault.
    init(template: StrictTemplate, data: TemplateData, maximumBytes: Int) throws(TemplateRenderError) {
        self.tags = template.tags
        self.maximumBytes = maximumBytes
        self.bound = template.textBytes
        guard self.bound <= maximumBytes else {
            throw TemplateRenderError(
                message: "the template's text alone is \(self.bound) bytes, more than the \(maximumBytes) allowed"
            )
        }
        var stack = [data.root]
        try self.walk(0..<self.tags.count, &stack)
        self.insertions.reserveCapacity(self.inserted.count)
        for (tag, value) in self.inserted {
            do {
                self.insertions.append(try value.rendered(with: tag.helper))
            } catch {
                throw Self.error(at: tag, error.message(subject: Self.subject(of: tag)))
            }
        }
    }

    /// Looks up the tags in `range` with `stack` as the context stack, descending into sections that render.
    private mutating func walk(_ range: Range<Int>, _ stack: inout [TemplateValue]) throws(TemplateRenderError) {
        var index = range.lowerBound
        while index < range.upperBound {
            let tag = self.tags[index]
            let value = try Self.resolve(tag, in: stack)
            switch tag.kind {
            case .variable:
                try self.insert(tag, value)
            case .section where !value.isFalsy:
                stack.append(value)
                try self.walk((index + 1)..<tag.end, &stack)
                stack.removeLast()
            case .invertedSection where value.isFalsy:
                try self.walk((index + 1)..<tag.end, &stack)
            case .section, .invertedSection:
                break
            }
            index = tag.end
        }
    }

    /// Records a variable's insertion and adds its worst case to the bound.
    private mutating func insert(_ tag: ScannedTag, _ value: TemplateValue) throws(TemplateRenderError) {
        let remaining = self.maximumBytes - self.bound
        let count: Int?
        do {
            count = try value.byteCount(limit: remaining)
        } catch {
            throw Self.error(at: tag, error.message(subject: Self.subject(of: tag)))
        }
        let growth = count.map { tag.helper?.maximumBytes(for: $0) ?? $0 }
        guard let growth, growth <= remaining else {
            throw Self.error(
                at: tag,
                "the output could be larger than \(self.maximumBytes) bytes: the template's text and its values "
                    + "up to this tag, at their helpers' worst growth, could take more"
            )
        }
        self.bound += growth
        self.inserted.append((tag, value))
    }

    /// The value `tag`'s name stands for with `stack` as the context stack.
    private static func resolve(_ tag: ScannedTag, in stack: [TemplateValue]) throws(TemplateRenderError)
        -> TemplateValue
    {
        guard let first = tag.segments.first else {
            // `.`: the syntax check makes sure a section pushed a value, so this is never the files.
            return stack[stack.count - 1]
        }
        guard var value = stack.reversed().lazy.compactMap({ $0.child(first) }).first else {
            throw Self.error(
                at: tag,
                tag.reference.isTopLevel
                    ? "no file named \"\(first)\""
                    : "\"\(first)\" is neither a key of an enclosing section's value nor a file"
            )
        }
        for (position, segment) in tag.segments.enumerated().dropFirst() {
            guard let child = value.child(segment) else {
                let parent = tag.segments[..<position].joined(separator: ".")
                switch value {
                case .json(.object): throw Self.error(at: tag, "\(parent) has no key \"\(segment)\"")
                default: throw Self.error(at: tag, "\(parent) is \(value.kind), which has no keys")
                }
            }
            value = child
        }
        return value
    }

    /// How messages call the value of `tag`: its name, or `the section's value` for `.`.
    private static func subject(of tag: ScannedTag) -> String {
        tag.segments.isEmpty ? "the section's value" : tag.reference.name
    }

    /// The error `problem` at `tag`: `{{db.pasword}} (line 3, column 12): db has no key "pasword"`.
    private static func error(at tag: ScannedTag, _ problem: String) -> TemplateRenderError {
        TemplateRenderError(
            message: "\(tag.display) (line \(tag.reference.line), column \(tag.reference.column)): \(problem)"
        )
    }
}

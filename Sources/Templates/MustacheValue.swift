// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Mustache

/// A ``TemplateValue`` as swift-mustache sees it while rendering: keys through `MustacheParent`, its text and
/// falsiness through `MustacheCustomRenderable`, helpers through `MustacheTransformable`.
///
/// swift-mustache prints nothing for a name it cannot find or a transform that returns nil, so nothing here is
/// trusted to fail loudly: ``TemplatePlan`` has already looked up every name and made every inserted text, and each
/// insertion here is checked against the plan's, in order, in the ``RenderLog``. A difference (which would mean the
/// plan and swift-mustache disagree) fails the render.
///
/// Not `Sendable` (it holds the log); swift-mustache's `render(_:)` takes `Any`, and the value lives only during one
/// synchronous render.
struct MustacheValue: MustacheParent, MustacheCustomRenderable, MustacheTransformable {
    /// The value.
    private let value: TemplateValue
    /// The helper a variable tag applies, once swift-mustache has called ``transform(_:)``.
    private let helper: TemplateHelper?
    /// Where insertions are checked.
    private let log: RenderLog

    /// `value` without a helper.
    init(_ value: TemplateValue, log: RenderLog) {
        self.init(value, helper: nil, log: log)
    }

    /// `value` with `helper`.
    private init(_ value: TemplateValue, helper: TemplateHelper?, log: RenderLog) {
        self.value = value
        self.helper = helper
        self.log = log
    }

    /// The value of key `name`, or nil (swift-mustache then looks further down the context stack).
    func child(named name: String) -> Any? {
        guard self.helper == nil, let child = self.value.child(name) else { return nil }
        return MustacheValue(child, log: self.log)
    }

    /// The text a variable tag inserts: the value through the helper, as the plan made it.
    var renderText: String {
        do {
            return self.log.insert(try self.value.rendered(with: self.helper))
        } catch {
            self.log.fail("a value the plan inserts does not render")
            return ""
        }
    }

    /// Whether the value is falsy: swift-mustache skips a section over it and renders an inverted one.
    var isNull: Bool { self.value.isFalsy }

    /// The value with helper `name` applied when the tag renders; never nil (nil would print nothing).
    func transform(_ name: String) -> Any? {
        guard self.helper == nil, let helper = TemplateHelper(rawValue: name) else {
            self.log.fail("swift-mustache applied a helper the plan does not have")
            return self
        }
        return MustacheValue(self.value, helper: helper, log: self.log)
    }
}

/// The insertions of one render, checked against the plan's.
final class RenderLog {
    /// The texts the plan inserts, in order.
    private let expected: [String]
    /// How many texts were inserted so far.
    private var count = 0
    /// The first difference from the plan.
    private var problem: String?

    /// A log expecting `expected`.
    init(expected: [String]) {
        self.expected = expected
    }

    /// Checks that `text` is the next insertion the plan expects and returns it (or nothing, recording the
    /// difference).
    func insert(_ text: String) -> String {
        defer { self.count += 1 }
        guard self.count < self.expected.count, self.expected[self.count].utf8.elementsEqual(text.utf8) else {
            self.fail("insertion \(self.count + 1) is not the one planned")
            return ""
        }
        return text
    }

    /// Records `problem` unless an earlier one was.
    func fail(_ problem: String) {
        self.problem = self.problem ?? problem
    }

    /// What went wrong, once rendering is over: a recorded problem, or fewer or more insertions than planned.
    func problem(afterRendering planned: Int) -> String? {
        if let problem = self.problem {
            return problem
        }
        return self.count == planned ? nil : "\(self.count) insertions instead of the \(planned) planned"
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// Evaluates a syntax tree against a JSON value, charging every step to a work budget so that no
/// expression can run (or allocate) without bound, even one that builds huge values out of shared parts.
struct Interpreter {
    /// How many bytes of produced or scanned string text count as one unit of work.
    static let bytesPerUnit = 4

    private let limit: Int
    private let stackGuard = StackGuard()
    /// The units of work left; evaluation fails once it drops below zero.
    private(set) var budget: Int

    /// Creates an interpreter that may do `budget` units of work.
    init(budget: Int) {
        self.limit = budget
        self.budget = budget
    }

    /// Spends `units` of the budget.
    /// - Throws: an ``JMESPathError/Code/invalidValue`` error once the budget is exhausted.
    mutating func charge(_ units: Int) throws(JMESPathError) {
        self.budget -= units
        guard self.budget >= 0 else {
            throw JMESPathError(
                code: .invalidValue,
                message: "evaluation needs more than \(self.limit) steps, the limit for one search; "
                    + "the expression builds or scans too much data"
            )
        }
    }

    /// Spends budget for every value inside `value`, for results that may share structure (and so be
    /// far larger when written out than the work that built them).
    mutating func chargeSize(of value: JSONValue) throws(JMESPathError) {
        var remaining = self.budget
        value.consumeSize(&remaining)
        try self.charge(self.budget - remaining)
    }

    /// Compares two values, charging the comparison to the budget.
    mutating func equal(_ left: JSONValue, _ right: JSONValue) throws(JMESPathError) -> Bool {
        var remaining = self.budget
        let result = left.isEqual(to: right, budget: &remaining)
        try self.charge(self.budget - remaining)
        return result
    }

    /// Evaluates `node` with `value` as the current node, charging one unit of work.
    mutating func evaluate(_ node: any Node, _ value: JSONValue) throws(JMESPathError) -> JSONValue {
        try self.charge(1)
        guard self.stackGuard.hasRoom() else {
            // Only reachable in debug builds, whose frames are several times larger than release ones.
            throw JMESPathError(
                code: .invalidValue,
                message: "evaluation nests too deeply for the stack (more than \(StackGuard.maximumBytes / 1024) KiB)"
            )
        }
        return try node.evaluate(value, &self)
    }
}

extension JSONValue {
    /// Subtracts the size of the value (one unit per value, plus one per ``Interpreter/bytesPerUnit`` bytes
    /// of string) from `remaining`, stopping once it is negative. Iterative, so any depth is fine.
    fileprivate func consumeSize(_ remaining: inout Int) {
        remaining -= 1
        // The work list stays empty, and so unallocated, for scalars, the common case.
        var pending: [JSONValue] = []
        var next: JSONValue? = self
        while remaining >= 0, let value = next ?? pending.popLast() {
            next = nil
            switch value {
            case .string(let string):
                remaining -= string.utf8.count / Interpreter.bytesPerUnit
            case .array(let elements):
                remaining -= elements.count
                if remaining >= 0 {
                    pending.append(contentsOf: elements)
                }
            case .object(let object):
                remaining -= object.count
                if remaining >= 0 {
                    pending.append(contentsOf: object.values)
                }
            case .null, .bool, .number:
                break
            }
        }
    }
}

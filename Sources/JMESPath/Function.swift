// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// A built-in function of the JMESPath specification, with its signature.
enum Function: String, CaseIterable, Sendable {
    case abs
    case avg
    case ceil
    case contains
    case endsWith = "ends_with"
    case floor
    case join
    case keys
    case length
    case map
    case max
    case maxBy = "max_by"
    case merge
    case min
    case minBy = "min_by"
    case notNull = "not_null"
    case reverse
    case sort
    case sortBy = "sort_by"
    case startsWith = "starts_with"
    case sum
    case toArray = "to_array"
    case toString = "to_string"
    case toNumber = "to_number"
    case type
    case values

    /// The accepted types of each parameter, as written in error messages.
    var parameterTypes: [String] {
        switch self {
        case .abs, .ceil, .floor: ["number"]
        case .avg, .sum: ["array[number]"]
        case .contains: ["array or string", "any"]
        case .endsWith, .startsWith: ["string", "string"]
        case .join: ["string", "array[string]"]
        case .keys, .values, .merge: ["object"]
        case .length: ["string, array or object"]
        case .map: ["expression", "array"]
        case .max, .min, .sort: ["array[number] or array[string]"]
        case .maxBy, .minBy, .sortBy: ["array", "expression"]
        case .notNull, .toArray, .toString, .toNumber, .type: ["any"]
        case .reverse: ["string or array"]
        }
    }

    /// Whether the last parameter may be repeated (at least once).
    var isVariadic: Bool {
        self == .merge || self == .notNull
    }

    /// The position of the parameter that takes an expression reference (`&expr`), if any.
    var expressionParameter: Int? {
        switch self {
        case .map: 0
        case .maxBy, .minBy, .sortBy: 1
        default: nil
        }
    }

    /// A sentence describing why `count` arguments are wrong for this function, or `nil` if they are fine.
    func arityProblem(argumentCount count: Int) -> String? {
        let expected = self.parameterTypes.count
        let wasOrWere = count == 1 ? "was" : "were"
        let noun = expected == 1 ? "argument" : "arguments"
        if self.isVariadic {
            guard count < expected else { return nil }
            return "\(self.rawValue)() takes at least \(expected) \(noun) but \(count) \(wasOrWere) given"
        }
        guard count != expected else { return nil }
        return "\(self.rawValue)() takes \(expected) \(noun) but \(count) \(wasOrWere) given"
    }
}

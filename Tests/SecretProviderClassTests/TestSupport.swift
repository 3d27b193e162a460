// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Testing

/// Builds the plan of an `objects` YAML with extra parameters, as a Mount with permission "420" would.
func makePlan(
    _ objects: String,
    _ parameters: [String: String] = [:],
    permission: String = "420"
) throws(SecretProviderClassError) -> MountPlan {
    var all = parameters
    all[MountAttributes.objectsKey] = objects
    return try MountPlan(attributes: MountAttributes(parameters: all), permission: permission)
}

/// The problems of a plan that must fail; records an issue when it succeeds.
func problems(
    _ objects: String,
    _ parameters: [String: String] = [:],
    permission: String = "420",
    sourceLocation: SourceLocation = #_sourceLocation
) -> [SecretProviderClassError.Problem] {
    do {
        _ = try makePlan(objects, parameters, permission: permission)
        Issue.record("expected the plan to fail", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.problems
    }
}

/// One object of the given type and name, as YAML, plus extra lines (already indented by two spaces).
func object(_ name: String, type: String = "secretsmanager", _ extra: String = "") -> String {
    "- objectName: \"\(name)\"\n  objectType: \(type)\n" + extra
}

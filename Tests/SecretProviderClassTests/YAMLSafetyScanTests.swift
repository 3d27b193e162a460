// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import SecretProviderClass

/// YAML bombs and oversized input get a clear error quickly. Durations are printed, not asserted.
struct YAMLSafetyScanTests {
    /// The classic "billion laughs": ten levels of ten aliases, 10^10 nodes once expanded.
    static let tenLevelsOfTen: String = {
        var lines = ["- &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 {
            let aliases = Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
            lines.append("- &l\(level) [\(aliases)]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    /// Exponential aliases hidden in an unknown field of an otherwise valid object.
    static let bombInUnknownField: String = {
        var lines = ["- objectName: s", "  objectType: ssmparameter", "  padding:", "    - &a0 [x, x]"]
        for level in 1...40 {
            lines.append("    - &a\(level) [*a\(level - 1), *a\(level - 1)]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test(
        "a billion-laughs bomb is refused by the node budget, quickly",
        arguments: [tenLevelsOfTen, bombInUnknownField]
    )
    func billionLaughs(yaml: String) {
        let start = ContinuousClock.now
        let found = problems(yaml)
        let elapsed = ContinuousClock.now - start
        print("YAML bomb (\(yaml.utf8.count) bytes) refused in \(elapsed)")
        #expect(found.map(\.code) == [.yamlTooComplex])
        #expect(found.first?.message.contains("more than \(YAMLLimits().maximumNodes) nodes") == true)
    }

    @Test("an alias of a large node used as a mapping key is refused before Yams hashes it")
    func aliasAsKey() {
        var lines = ["- &k0 [a, b]"]
        for level in 1...10 {
            lines.append("- &k\(level) [*k\(level - 1), *k\(level - 1)]")
        }
        lines.append("- {? *k10 : v}")
        let start = ContinuousClock.now
        let found = problems(lines.joined(separator: "\n") + "\n")
        print("alias-as-key YAML refused in \(ContinuousClock.now - start)")
        #expect(found.map(\.code) == [.invalidYAML])
        #expect(found.first?.message.contains("mapping keys must be strings, not lists or mappings") == true)
    }

    @Test("input over 1 MiB is refused before parsing, quickly")
    func oversized() {
        let yaml =
            "- objectName: s\n  objectType: ssmparameter\n  padding: \""
            + String(repeating: "x", count: 1 << 20) + "\"\n"
        let start = ContinuousClock.now
        let found = problems(yaml)
        print("\(yaml.utf8.count)-byte YAML refused in \(ContinuousClock.now - start)")
        #expect(found.map(\.code) == [.yamlTooLarge])
        #expect(
            found.first?.message
                == "Failed to load SecretProviderClass: the YAML is \(yaml.utf8.count) bytes, more than the limit "
                + "of 1048576 bytes"
        )
    }

    @Test("a valid objects list just under 1 MiB is accepted, and the time it takes is printed")
    func largestAccepted() throws {
        var yaml = ""
        var count = 0
        let entry = { (index: Int) in "- objectName: /app/parameter-\(index)\n  objectType: ssmparameter\n" }
        while yaml.utf8.count + entry(count).utf8.count <= YAMLLimits().maximumBytes {
            yaml += entry(count)
            count += 1
        }
        let start = ContinuousClock.now
        let limits = MountPlanLimits(maximumObjects: count, maximumFiles: count)
        let plan = try MountPlan(
            attributes: MountAttributes(parameters: [MountAttributes.objectsKey: yaml]),
            permission: "420",
            limits: limits
        )
        print("\(yaml.utf8.count)-byte objects list (\(count) objects) planned in \(ContinuousClock.now - start)")
        #expect(plan.files.count == count)
    }

    @Test("F4: a list past the objects limit is refused where the item past it begins; the rest is never read")
    func longListStopsEarly() throws {
        let entries = (0..<3).map { "- objectName: s\($0)\n  objectType: ssmparameter\n" }
        // Invalid YAML after the third item: reading past the limit would report a syntax error instead.
        let yaml = entries.joined() + "- [unclosed\n"
        let limits = MountPlanLimits(maximumObjects: 2, maximumFiles: 10)
        let error = try #require(throws: SecretProviderClassError.self) {
            try MountPlan(
                attributes: MountAttributes(parameters: [MountAttributes.objectsKey: yaml]),
                permission: "420",
                limits: limits
            )
        }
        #expect(error.problems.map(\.code) == [.tooManyObjects])
        #expect(
            error.problems.first?.message
                == "objects lists more than 2 objects, more than this provider accepts (2, its "
                + "--max-objects-per-class flag); split the class"
        )
        #expect(throws: YAMLFailure.self) { try YAMLSafetyScan.check(yaml, limits: YAMLLimits()) }
        let exact = try MountPlan(
            attributes: MountAttributes(parameters: [MountAttributes.objectsKey: entries[0] + entries[1]]),
            permission: "420",
            limits: limits
        )
        #expect(exact.objects.count == 2)
    }

    @Test("deep nesting is refused before composing, which recurses")
    func deepNesting() {
        let yaml =
            "- objectName: s\n  objectType: ssmparameter\n  x: " + String(repeating: "[", count: 500)
            + String(repeating: "]", count: 500) + "\n"
        let found = problems(yaml)
        #expect(found.map(\.code) == [.yamlTooComplex])
        #expect(found.first?.message.contains("more than 64 levels deep") == true)
    }

    @Test("an alias of the node it is in is an undefined alias, not a loop")
    func recursiveAlias() {
        let found = problems("- &a [*a]\n")
        #expect(found.map(\.code) == [.invalidYAML])
    }

    @Test("the scan counts documents and respects custom limits")
    func limits() throws {
        #expect(try YAMLSafetyScan.check("", limits: YAMLLimits()) == 0)
        #expect(try YAMLSafetyScan.check("# only a comment\n", limits: YAMLLimits()) == 0)
        #expect(try YAMLSafetyScan.check("a\n---\nb\n", limits: YAMLLimits()) == 2)
        var small = YAMLLimits()
        small.maximumNodes = 3
        #expect(throws: YAMLFailure.self) { try YAMLSafetyScan.check("[a, b, c]", limits: small) }
        #expect(try YAMLSafetyScan.check("[a, b]", limits: small) == 1)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import JMESPath
import Testing

/// One case of the JMESPath compliance suite.
struct ComplianceCase: Sendable, CustomTestStringConvertible {
    /// What the case expects: a result or the kind of an error.
    enum Expectation: Sendable {
        case result(JSONValue)
        case error(String)
    }

    let file: String
    let number: Int
    let given: JSONValue
    let expression: String
    let expectation: Expectation

    var testDescription: String {
        "\(self.file) #\(self.number): \(self.expression)"
    }
}

/// Loads the compliance suite from `Tests/testdata/jmespath` in the repository (see `Tests/testdata/README.md` for
/// where it comes from). A missing folder fails the tests: the suite is part of the repository, never skipped.
enum ComplianceSuite {
    static let directory: URL = {
        // #filePath is <repo root>/Tests/JMESPathTests/ComplianceTests.swift.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("testdata/jmespath").standardized
    }()

    /// The suite's files, except `benchmarks.json`, which `jmespath-benchmark` runs instead.
    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && $0 != "benchmarks.json" }.sorted()
    }()

    /// Every case of every file, parsed with the module's own JSON parser.
    static let cases: [ComplianceCase] = files.flatMap { file in
        (try? loadCases(file: file)) ?? []
    }

    static func loadCases(file: String) throws -> [ComplianceCase] {
        let data = try Data(contentsOf: directory.appendingPathComponent(file))
        guard case .array(let groups) = try JSONValue(parsing: data) else { return [] }
        var cases: [ComplianceCase] = []
        for case .object(let group) in groups {
            guard case .array(let groupCases)? = group["cases"] else { continue }
            for case .object(let testCase) in groupCases {
                guard case .string(let expression)? = testCase["expression"] else { continue }
                let expectation: ComplianceCase.Expectation =
                    if case .string(let kind)? = testCase["error"] {
                        .error(kind)
                    } else {
                        .result(testCase["result"] ?? .null)
                    }
                cases.append(
                    ComplianceCase(
                        file: file,
                        number: cases.count + 1,
                        given: group["given"] ?? .null,
                        expression: expression,
                        expectation: expectation
                    )
                )
            }
        }
        return cases
    }
}

@Suite("JMESPath compliance suite")
struct ComplianceTests {
    @Test("all fifteen compliance files load and contain cases; the count is printed")
    func filesLoad() throws {
        print("JMESPath compliance suite: \(ComplianceSuite.cases.count) cases in \(ComplianceSuite.files.count) files")
        #expect(ComplianceSuite.files.count == 15, "no compliance suite at \(ComplianceSuite.directory.path)")
        #expect(ComplianceSuite.cases.count == 892)
        for file in ComplianceSuite.files {
            #expect(try !ComplianceSuite.loadCases(file: file).isEmpty, "\(file) has no cases")
        }
    }

    @Test("compliance case", arguments: ComplianceSuite.cases)
    func complianceCase(_ testCase: ComplianceCase) {
        let outcome: Result<JSONValue, JMESPathError> = Result { () throws(JMESPathError) in
            try JMESPathExpression(testCase.expression).search(testCase.given)
        }
        switch (testCase.expectation, outcome) {
        case (.result(let expected), .success(let actual)):
            #expect(actual == expected, "\(testCase.expression) gave \(actual), expected \(expected)")
        case (.error(let kind), .failure(let error)):
            #expect(error.code.rawValue == kind, "\(testCase.expression) failed with \(error), expected \(kind)")
        case (.result(let expected), .failure(let error)):
            Issue.record("\(testCase.expression) failed with \(error), expected \(expected)")
        case (.error(let kind), .success(let actual)):
            Issue.record("\(testCase.expression) gave \(actual), expected a \(kind) error")
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

// Runs every case of the compliance suite's benchmarks.json and prints, per case, how many times per second
// the expression compiles and how many times per second the compiled expression searches the case's
// document. Usage: jmespath-benchmark [--json] [--seconds S] [BENCHMARKS.JSON]
// Without a path it reads Tests/testdata/jmespath/benchmarks.json of the repository. With --json it prints one JSON object per case (for scripts/bench-jmespath.sh).

import Foundation
import JMESPath

struct BenchmarkCase {
    let comment: String
    let expression: String
    let given: JSONValue
}

struct Options {
    var json = false
    var seconds = 0.3
    var path: String?

    init(arguments: [String]) {
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "--json": self.json = true
            case "--seconds": self.seconds = remaining.popFirst().flatMap(Double.init) ?? self.seconds
            default: self.path = argument
            }
        }
    }

    var benchmarksPath: String {
        if let path = self.path {
            return path
        }
        // #filePath is <repo root>/Sources/JMESPathBenchmark/main.swift.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent("Tests/testdata/jmespath/benchmarks.json").standardized.path
    }
}

func loadCases(path: String) throws -> [BenchmarkCase] {
    guard case .array(let groups) = try JSONValue(parsing: try Data(contentsOf: URL(fileURLWithPath: path))) else {
        return []
    }
    var cases: [BenchmarkCase] = []
    for case .object(let group) in groups {
        guard case .array(let groupCases)? = group["cases"] else { continue }
        for case .object(let testCase) in groupCases {
            guard case .string(let expression)? = testCase["expression"] else { continue }
            let comment = if case .string(let text)? = testCase["comment"] { text } else { expression }
            cases.append(BenchmarkCase(comment: comment, expression: expression, given: group["given"] ?? .null))
        }
    }
    return cases
}

/// Calls `body` in growing batches until `seconds` have passed; returns calls per second.
func throughput(seconds: Double, _ body: () -> Int) -> Double {
    let clock = ContinuousClock()
    var calls = 0
    var batch = 1
    var sink = 0
    let start = clock.now
    var elapsed = Duration.zero
    while elapsed < .seconds(seconds) {
        for _ in 0..<batch {
            sink &+= body()
        }
        calls += batch
        batch *= 2
        elapsed = clock.now - start
    }
    // Keep the results observable so the optimizer cannot drop the work.
    if sink == Int.min {
        print(sink)
    }
    let components = elapsed.components
    return Double(calls) / (Double(components.seconds) + Double(components.attoseconds) / 1e18)
}

func measure(_ benchmark: BenchmarkCase, seconds: Double) throws -> (compile: Double, search: Double) {
    let compiled = try JMESPathExpression(benchmark.expression)
    _ = try compiled.search(benchmark.given)
    let compile = throughput(seconds: seconds) {
        (try? JMESPathExpression(benchmark.expression))?.source.utf8.count ?? 0
    }
    let search = throughput(seconds: seconds) {
        (try? compiled.search(benchmark.given))?.isNull == true ? 1 : 0
    }
    return (compile, search)
}

let options = Options(arguments: Array(CommandLine.arguments.dropFirst()))
do {
    let cases = try loadCases(path: options.benchmarksPath)
    if !options.json {
        print(
            "case".padding(toLength: 36, withPad: " ", startingAt: 0),
            "compile/s".leftPadded(14),
            "search/s".leftPadded(14)
        )
    }
    for benchmark in cases {
        let (compile, search) = try measure(benchmark, seconds: options.seconds)
        if options.json {
            let line: JSONValue = [
                "comment": .string(benchmark.comment), "compile": .number(compile.rounded()),
                "search": .number(search.rounded()),
            ]
            print(line.serialized())
        } else {
            let name = benchmark.comment.padding(toLength: 36, withPad: " ", startingAt: 0)
            print(name, String(Int(compile)).leftPadded(14), String(Int(search)).leftPadded(14))
        }
    }
} catch {
    FileHandle.standardError.write(Data("jmespath-benchmark: \(error)\n".utf8))
    exit(1)
}

extension String {
    func leftPadded(_ width: Int) -> String {
        String(repeating: " ", count: Swift.max(0, width - self.count)) + self
    }
}

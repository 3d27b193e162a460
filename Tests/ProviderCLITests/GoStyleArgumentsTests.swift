// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import ProviderCLI

struct GoStyleArgumentsTests {
    static let cases: [(input: [String], expected: [String])] = [
        (["--driver-writes-secrets"], ["--driver-writes-secrets=true"]),
        (["-driver-writes-secrets"], ["--driver-writes-secrets=true"]),
        (["--driver-writes-secrets=false"], ["--driver-writes-secrets=false"]),
        (["-qps=20", "-burst", "40"], ["--qps=20", "--burst", "40"]),
        (["--provider-volume=/var/run/x"], ["--provider-volume=/var/run/x"]),
        (["serve", "--qps", "3"], ["serve", "--qps", "3"]),
        (["--unknown-flag"], ["--unknown-flag"]),
        (["-h"], ["-h"]),
        (["--", "-qps"], ["--", "-qps"]),
    ]

    @Test("Go flag syntax is rewritten for the argument parser", arguments: Self.cases)
    func normalize(input: [String], expected: [String]) {
        let normalized = GoStyleArguments.normalize(
            input,
            longFlags: ServeCommand.longFlags,
            booleanFlags: ServeCommand.booleanFlags
        )
        #expect(normalized == expected)
    }
}

struct GoValuesTests {
    static let booleans: [(String, Bool?)] = [
        ("1", true), ("t", true), ("T", true), ("TRUE", true), ("true", true), ("True", true),
        ("0", false), ("f", false), ("F", false), ("FALSE", false), ("false", false), ("False", false),
        ("yes", nil), ("tRUE", nil), ("", nil), ("2", nil),
    ]

    @Test("Booleans follow strconv.ParseBool", arguments: Self.booleans)
    func boolean(text: String, expected: Bool?) {
        #expect(GoBool(argument: text)?.value == expected)
    }

    static let durations: [(String, Duration?)] = [
        ("100ms", .milliseconds(100)), ("2s", .seconds(2)), ("1.5s", .milliseconds(1500)), ("1m30s", .seconds(90)),
        ("1h", .seconds(3600)), ("250us", .microseconds(250)), ("250µs", .microseconds(250)), ("7ns", .nanoseconds(7)),
        ("0", .zero), ("-1s", .seconds(-1)), ("+3s", .seconds(3)),
        ("", nil), ("5", nil), ("s", nil), ("1d", nil), ("1.s5", nil), (".s", nil), ("abc", nil),
    ]

    @Test("Durations follow time.ParseDuration", arguments: Self.durations)
    func duration(text: String, expected: Duration?) {
        #expect(GoDuration(argument: text)?.duration == expected)
    }
}

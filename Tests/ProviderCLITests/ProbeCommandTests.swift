// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Testing

@testable import ProviderCLI

struct ProbeCommandTests {
    private static func parse(_ arguments: [String]) throws -> ProbeCommand {
        let normalized = GoStyleArguments.normalize(
            ["probe"] + arguments,
            longFlags: ServeCommand.longFlags,
            booleanFlags: ServeCommand.booleanFlags
        )
        return try #require(try ProviderCommand.parseAsRoot(normalized) as? ProbeCommand)
    }

    @Test("The defaults are serve's health address and a 2s timeout")
    func defaults() throws {
        let command = try Self.parse(["/healthz"])
        #expect(command.path == "/healthz")
        #expect(command.healthAddr == ":8989")
        #expect(command.timeout.duration == .seconds(2))
    }

    @Test("The chart's exec probe arguments are accepted, in Go's forms too")
    func chartArguments() throws {
        let command = try Self.parse(["-health-addr=127.0.0.1:9000", "--timeout", "500ms", "/readyz"])
        #expect(command.healthAddr == "127.0.0.1:9000")
        #expect(command.timeout.duration == .milliseconds(500))
        #expect(command.path == "/readyz")
    }

    static let badValues: [(arguments: [String], names: String)] = [
        (["healthz"], "PATH"),
        (["/health z"], "PATH"),
        ([], "path"),
        (["--health-addr=8989", "/healthz"], "--health-addr"),
        (["--timeout=0", "/healthz"], "--timeout"),
        (["--timeout=2", "/healthz"], "--timeout"),
    ]

    @Test("A bad value is rejected with a message naming it", arguments: Self.badValues)
    func badValue(arguments: [String], names: String) {
        do {
            _ = try Self.parse(arguments)
            Issue.record("\(arguments) was accepted")
        } catch {
            #expect(ProviderCommand.message(for: error).contains(names))
        }
    }
}

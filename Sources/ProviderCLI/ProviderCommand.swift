// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import ArgumentParser
import Provider

/// The `secrets-store-csi-driver-provider-aws` command line: `serve` (the default) and the user tools.
public struct ProviderCommand: AsyncParsableCommand {
    /// The command tree.
    public static let configuration = CommandConfiguration(
        commandName: ProviderInfo.runtimeName,
        abstract: "AWS Secrets Manager and SSM Parameter Store provider for the Secrets Store CSI driver.",
        version: ProviderInfo.version,
        subcommands: [
            ServeCommand.self, MountCommand.self, ValidateCommand.self, JMESPathCommand.self, ProbeCommand.self,
        ],
        defaultSubcommand: ServeCommand.self
    )

    /// Creates the command; used by the argument parser.
    public init() {}

    /// Parses `arguments` (Go-style flags accepted) and runs the selected command, exiting the process when done.
    public static func main(arguments: [String]) async {
        let normalized = GoStyleArguments.normalize(
            arguments,
            longFlags: ServeCommand.longFlags,
            booleanFlags: ServeCommand.booleanFlags
        )
        do {
            var command = try Self.parseAsRoot(normalized)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            Self.exit(withError: error)
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// Rewrites an argument vector written for the incumbent's Go `flag` package into the form the argument parser takes.
///
/// Go accepts `-name` as well as `--name`, and a boolean flag either bare (`--driver-writes-secrets`) or with a value
/// joined by `=` (`--driver-writes-secrets=false`). Charts and manifests made for the incumbent render these forms,
/// so they must keep working unchanged.
enum GoStyleArguments {
    /// Normalises `arguments` for the given long flag names; `booleanFlags` are the ones that may stand bare.
    static func normalize(_ arguments: [String], longFlags: Set<String>, booleanFlags: Set<String>) -> [String] {
        var normalized: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                normalized.append(contentsOf: arguments[(index - 1)...])
                break
            }
            guard let (name, value) = Self.split(argument), longFlags.contains(name) else {
                normalized.append(argument)
                continue
            }
            if let value, value.isEmpty {
                // Go takes `--name=` as the empty value; ArgumentParser needs it as a separate argument.
                normalized.append(contentsOf: ["--\(name)", ""])
            } else if let value {
                normalized.append("--\(name)=\(value)")
            } else if booleanFlags.contains(name) {
                normalized.append("--\(name)=true")
            } else {
                normalized.append("--\(name)")
            }
        }
        return normalized
    }

    /// Splits `-name`, `--name`, `-name=value` or `--name=value` into the name and the optional value.
    private static func split(_ argument: String) -> (name: String, value: String?)? {
        var body = Substring(argument)
        if body.hasPrefix("--") {
            body = body.dropFirst(2)
        } else if body.hasPrefix("-") {
            body = body.dropFirst()
        } else {
            return nil
        }
        guard !body.isEmpty, !body.hasPrefix("-") else { return nil }
        if let equals = body.firstIndex(of: "=") {
            return (String(body[..<equals]), String(body[body.index(after: equals)...]))
        }
        return (String(body), nil)
    }
}

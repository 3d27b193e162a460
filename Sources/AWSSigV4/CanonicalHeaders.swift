// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// The header part of a canonical request: the `name:value` block and the signed-header list.
package struct CanonicalHeaders: Sendable, Hashable {
    /// Headers that are sent but never signed, because proxies and tracing agents may add or rewrite them in
    /// transit (botocore skips the same ones).
    private static let unsignedNames: Set<String> = ["user-agent", "x-amzn-trace-id", "expect"]

    /// One `name:value\n` line per signed header, sorted by name.
    package let block: String
    /// The signed header names, lower case, sorted and joined with `;`.
    package let signedHeaders: String

    /// Canonicalizes `headers`: names in lower case and sorted (byte order); each value trimmed, with runs of spaces
    /// and tabs collapsed to one space; repeated names merged into one line with the values joined by `,` in order.
    ///
    /// - Parameter headers: The headers to send, already validated and unfolded.
    /// - Throws: ``SigV4Error/Code/missingHost`` if there is no `Host` header.
    package init(signing headers: [SigV4Request.Header]) throws(SigV4Error) {
        var valuesByName: [String: [String]] = [:]
        for header in headers {
            let name = header.name.lowercased()
            guard !Self.unsignedNames.contains(name) else { continue }
            valuesByName[name, default: []].append(Self.trimmedAndCollapsed(header.value))
        }
        guard valuesByName["host"] != nil else {
            throw SigV4Error(code: .missingHost, message: "The request has no Host header; SigV4 always signs it.")
        }
        let names = valuesByName.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var block = ""
        for name in names {
            block += name
            block += ":"
            block += valuesByName[name, default: []].joined(separator: ",")
            block += "\n"
        }
        self.block = block
        self.signedHeaders = names.joined(separator: ";")
    }

    /// `value` without leading and trailing spaces or tabs, and with inner runs of them replaced by one space.
    private static func trimmedAndCollapsed(_ value: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        var changed = false
        for byte in value.utf8 {
            if HTTPSyntax.isWhitespace(byte) {
                // Anything but a single space between two words changes the value.
                changed = changed || pendingSpace || output.isEmpty || byte != UInt8(ascii: " ")
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace {
                    output.append(UInt8(ascii: " "))
                    pendingSpace = false
                }
                output.append(byte)
            }
        }
        return changed || pendingSpace ? String(decoding: output, as: UTF8.self) : value
    }
}

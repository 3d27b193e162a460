// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// Joins the lines of an error message so that it stays short whatever the input: at most a number of lines and
/// of bytes, then a count of what was left out.
///
/// Error messages reach the driver as a gRPC status message and then a Kubernetes event; a default gRPC client
/// drops metadata over 16 KiB (as `RESOURCE_EXHAUSTED`, losing the real cause), and events are cut shorter still.
/// A class of thousands of objects must still get a readable message.
public enum BoundedListing {
    /// The most bytes a listing takes with a one-line header of up to 256 bytes before it, the final count line
    /// included.
    public static let maximumBytes = 8 * 1024

    /// The longest line kept, in bytes; a longer one is cut at a character boundary and ends with `…`.
    public static let maximumLineBytes = 1024

    /// The first lines of `lines`, one per line, then `… and N more <noun>` for those left out.
    ///
    /// - Parameters:
    ///   - lines: The lines, in order; only those shown are read.
    ///   - count: How many lines there are in all.
    ///   - maximumLines: The most lines shown.
    ///   - noun: What the lines are, for the count (`problems`, `objects`).
    /// - Returns: At most ``maximumBytes`` bytes.
    public static func lines(
        _ lines: some Sequence<String>,
        count: Int,
        maximumLines: Int,
        noun: String
    ) -> String {
        // Room for a header and the final count line, so they always fit.
        let budget = Self.maximumBytes - 256 - 64 - noun.utf8.count
        var shown: [String] = []
        var bytes = 0
        for line in lines.prefix(maximumLines) {
            let cut = Self.cut(line, to: Self.maximumLineBytes)
            guard bytes + cut.utf8.count + 1 <= budget else { break }
            bytes += cut.utf8.count + 1
            shown.append(cut)
        }
        if count > shown.count {
            shown.append("… and \(count - shown.count) more \(noun)")
        }
        return shown.joined(separator: "\n")
    }

    /// `text` cut to at most `maximumBytes` bytes of UTF-8 at a character boundary, ending with `…` when cut.
    static func cut(_ text: String, to maximumBytes: Int) -> String {
        guard text.utf8.count > maximumBytes else { return text }
        var result = ""
        var bytes = 0
        for character in text {
            let size = character.utf8.count
            guard bytes + size <= maximumBytes - 3 else { break }
            bytes += size
            result.append(character)
        }
        return result + "…"
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// An estimate of the time swift-mustache 2.1.1 takes to parse a template, so that a hostile one is refused first.
///
/// Its parser measures the text left to parse (`String.distance`, one step per character to the end) at every `{`
/// of the text and at the `}}` of every tag but comments: its time grows with their number times the text after
/// them, up to seconds for 64 KiB of `{ ` or of tags before combining characters. This charges that length, in
/// bytes weighted by how slow a step over them is (ASCII 1, a carriage return 7, other bytes 10, measured), each
/// time; the budget lets every ASCII template within the size and tag limits through, and bounds the parse to about
/// 0.2 s of one core (measured: 1.5 ns per ASCII byte).
struct MustacheParseCost {
    /// The most cost allowed: two measures of the whole template per tag.
    static let budget = 2 * StrictTemplate.maximumTags * StrictTemplate.maximumBytes

    /// The template's UTF-8.
    private let bytes: [UInt8]
    /// The offset charged up to.
    private var offset = 0
    /// The weight of the bytes from ``offset`` to the end.
    private var remaining: Int
    /// The cost so far.
    private var total = 0

    /// A meter for the template `bytes`.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.remaining = bytes.reduce(0) { $0 + Self.weight(of: $1) }
    }

    /// Charges a measure of the text from `target` to the end; targets never decrease. Returns whether the budget
    /// still holds.
    mutating func charge(at target: Int) -> Bool {
        while self.offset < target {
            self.remaining -= Self.weight(of: self.bytes[self.offset])
            self.offset += 1
        }
        self.total += self.remaining
        return self.total <= Self.budget
    }

    /// How slow a step of `String.distance` over `byte` is, relative to an ASCII byte.
    private static func weight(of byte: UInt8) -> Int {
        byte < 0x80 ? (byte == UInt8(ascii: "\r") ? 7 : 1) : 10
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// Turns byte offsets of a text into lines and columns (both from 1; columns count Unicode scalars), reading each
/// byte once while the offsets asked for grow.
struct TextLocator {
    /// The text's UTF-8.
    private let bytes: [UInt8]
    /// The offset read up to.
    private var offset = 0
    /// The line of ``offset``.
    private var line = 1
    /// The column of ``offset``.
    private var column = 1

    /// Locates offsets of `bytes`.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The line and column of the byte at `target`.
    mutating func location(at target: Int) -> (line: Int, column: Int) {
        if target < self.offset {
            (self.offset, self.line, self.column) = (0, 1, 1)
        }
        while self.offset < target {
            let byte = self.bytes[self.offset]
            if byte == UInt8(ascii: "\n") {
                self.line += 1
                self.column = 1
            } else if byte & 0xC0 != 0x80 {
                self.column += 1
            }
            self.offset += 1
        }
        return (self.line, self.column)
    }
}

/// The bytes the scanner looks for.
extension UInt8 {
    /// Whether the byte is ASCII white space: space, tab, line feed, vertical tab, form feed or carriage return.
    var isASCIIWhiteSpace: Bool {
        self == 0x20 || (0x09...0x0D).contains(self)
    }

    /// `{`.
    static let openBrace = UInt8(ascii: "{")
    /// `}`.
    static let closeBrace = UInt8(ascii: "}")
}

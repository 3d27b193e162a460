// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSSigV4
import Foundation

/// A request parsed from the raw HTTP text of a vector file (`.req`, `.sreq`, `request.txt`, `*-signed-request.txt`).
///
/// Header lines are `Name:value`; a line that starts with a space or tab continues the previous value (obs-fold) and
/// is kept with its line break, as on the wire. The request line is split at its first and last space, because the
/// `get-space` cases have a literal space in the path.
struct RawHTTPRequest {
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    var method: String
    var path: String
    /// The query as written, without `?`; `nil` when the target has no `?`.
    var rawQuery: String?
    var headers: [SigV4Request.Header]
    var body: [UInt8]

    init(parsing text: String) throws {
        let (head, body) = Self.splitHeadAndBody(text)
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard let requestLine = lines.popFirst(),
            let firstSpace = requestLine.firstIndex(of: " "),
            let lastSpace = requestLine.lastIndex(of: " "),
            firstSpace < lastSpace
        else {
            throw ParseError(description: "The request line is malformed.")
        }
        self.method = String(requestLine[..<firstSpace])
        let target = requestLine[requestLine.index(after: firstSpace)..<lastSpace]
        if let questionMark = target.firstIndex(of: "?") {
            self.path = String(target[..<questionMark])
            self.rawQuery = String(target[target.index(after: questionMark)...])
        } else {
            self.path = String(target)
            self.rawQuery = nil
        }

        self.headers = []
        for line in lines where !line.isEmpty {
            if let first = line.first, first == " " || first == "\t" {
                guard !self.headers.isEmpty else { throw ParseError(description: "A fold precedes every header.") }
                self.headers[self.headers.count - 1].value += "\n" + line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw ParseError(description: "The header line '\(line)' has no colon.")
            }
            self.headers.append(
                .init(name: String(line[..<colon]), value: String(line[line.index(after: colon)...]))
            )
        }
        self.body = Array(body.utf8)
    }

    /// The decoded query parameters in order; a parameter without `=` has an empty value.
    var queryItems: [SigV4Request.QueryItem] {
        guard let rawQuery = self.rawQuery, !rawQuery.isEmpty else { return [] }
        return rawQuery.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in String(part).removingPercentEncoding ?? String(part) }
            return .init(name: decode(parts[0]), value: parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// The value of the first header called `name` (case-insensitive).
    func header(_ name: String) -> String? {
        self.headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The request to sign, with the body as its payload.
    var sigV4Request: SigV4Request {
        SigV4Request(
            method: self.method,
            path: self.path,
            queryItems: self.queryItems,
            headers: self.headers,
            payload: .bytes(self.body)
        )
    }

    /// `headers` in a form that ignores order, name case and whitespace: sorted `name:value` lines with each value
    /// trimmed and its runs of whitespace (line folds included) collapsed to one space.
    static func comparable(_ headers: [SigV4Request.Header]) -> [String] {
        headers.map { header in
            let words = header.value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            return "\(header.name.lowercased()):\(words.joined(separator: " "))"
        }
        .sorted()
    }

    private static func splitHeadAndBody(_ text: String) -> (head: Substring, body: Substring) {
        guard let blank = text.range(of: "\n\n") else {
            return (text[...], "")
        }
        return (text[..<blank.lowerBound], text[blank.upperBound...])
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging

/// A log handler that writes one JSON object per line: `time`, `level`, `logger`, `msg`, then the metadata fields.
struct JSONLogHandler: LogHandler {
    /// Where finished lines go.
    struct Sink: Sendable {
        /// Receives one complete line, newline included.
        let write: @Sendable (String) -> Void

        /// Standard error of the process; each line is written with a single call so lines never interleave.
        static let standardError = Sink { line in
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let sink: Sink

    init(label: String, sink: Sink) {
        self.label = label
        self.sink = sink
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = self.metadata
        if let provided = self.metadataProvider?.get() {
            fields.merge(provided) { _, new in new }
        }
        if let extra = event.metadata {
            fields.merge(extra) { _, new in new }
        }
        let time = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
        var line = "{\"time\":\(Self.quoted(time + "Z")),\"level\":\(Self.quoted(event.level.rawValue))"
        line += ",\"logger\":\(Self.quoted(self.label)),\"msg\":\(Self.quoted(event.message.description))"
        for key in fields.keys.sorted() where !["time", "level", "logger", "msg"].contains(key) {
            line += ",\(Self.quoted(key)):\(Self.json(fields[key]!))"
        }
        self.sink.write(line + "}\n")
    }

    private static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string):
            return self.quoted(string)
        case .stringConvertible(let convertible):
            return self.quoted(convertible.description)
        case .array(let values):
            return "[" + values.map(self.json).joined(separator: ",") + "]"
        case .dictionary(let dictionary):
            let members = dictionary.keys.sorted().map { "\(self.quoted($0)):\(self.json(dictionary[$0]!))" }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal for `text`, escaping quotes, backslashes and control characters.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

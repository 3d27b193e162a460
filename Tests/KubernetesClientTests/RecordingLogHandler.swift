// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Logging
import Synchronization

/// A log handler that records every message with its metadata flattened to text.
struct RecordingLogHandler: LogHandler {
    /// The records, shared by every copy of the handler.
    final class Records: Sendable {
        private let lines = Mutex<[(level: Logger.Level, text: String)]>([])

        var all: [(level: Logger.Level, text: String)] {
            self.lines.withLock { $0 }
        }

        fileprivate func append(_ level: Logger.Level, _ text: String) {
            self.lines.withLock { $0.append((level, text)) }
        }
    }

    let records: Records
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = self.metadata.merging(event.metadata ?? [:]) { $1 }
            .sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }
        self.records.append(event.level, ([event.message.description] + fields).joined(separator: " "))
    }

    /// A trace-level logger and the records it writes.
    static func logger() -> (Logger, Records) {
        let records = Records()
        return (Logger(label: "kubernetes-client-tests") { _ in RecordingLogHandler(records: records) }, records)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import Logging
import Synchronization

/// A log handler that keeps every event as text, so tests can check levels, fields and that no secret or token is
/// ever logged.
///
/// ```swift
/// let (logger, records) = RecordingLogHandler.logger()
/// // … run the code under test with `logger` …
/// #expect(!records.all.contains { $0.text.contains("s3cret") })
/// ```
public struct RecordingLogHandler: LogHandler {
    /// One event: its level, then its message followed by its metadata as sorted `key=value` pairs.
    public struct Record: Sendable {
        /// The event's level.
        public var level: Logger.Level
        /// `message key=value …`.
        public var text: String
    }

    /// Where the records go; shared by every copy of the handler.
    public final class Records: Sendable {
        private let records = Mutex<[Record]>([])

        /// Every record, in order.
        public var all: [Record] {
            self.records.withLock { $0 }
        }

        fileprivate func append(_ record: Record) {
            self.records.withLock { $0.append(record) }
        }
    }

    private let records: Records
    /// The logger's metadata.
    public var metadata: Logger.Metadata = [:]
    /// The logger's level; trace, so that nothing escapes the check.
    public var logLevel: Logger.Level = .trace

    /// The logger's metadata value for `key`.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    /// Records the event.
    public func log(event: LogEvent) {
        let fields = self.metadata.merging(event.metadata ?? [:]) { $1 }
            .sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }
        let text = ([event.message.description] + fields).joined(separator: " ")
        self.records.append(Record(level: event.level, text: text))
    }

    /// A trace-level logger and the records it writes.
    public static func logger(label: String = "test") -> (Logger, Records) {
        let records = Records()
        var logger = Logger(label: label) { _ in RecordingLogHandler(records: records) }
        logger.logLevel = .trace
        return (logger, records)
    }
}

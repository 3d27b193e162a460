// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Logging
import Synchronization

/// A log handler that keeps every record, for checking levels and that no secret is logged.
struct CapturingLogHandler: LogHandler {
    /// One log record, flattened to text.
    struct Record: Sendable {
        var level: Logger.Level
        var text: String
    }

    /// Where the records go; shared by copies of the handler.
    final class Store: Sendable {
        private let records = Mutex<[Record]>([])

        /// Every record so far.
        var all: [Record] {
            self.records.withLock { $0 }
        }

        func append(_ record: Record) {
            self.records.withLock { $0.append(record) }
        }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = self.metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        self.store.append(Record(level: event.level, text: "\(event.message) \(fields)"))
    }

    /// A logger at trace level and the store its records go to.
    static func logger() -> (Logger, Store) {
        let store = Store()
        return (Logger(label: "test", factory: { _ in CapturingLogHandler(store: store) }), store)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Logging

/// The format of log lines on standard error.
enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Human-readable lines.
    case text
    /// One JSON object per line.
    case json
}

/// A `--log-level` value: one of swift-log's level names.
struct LogLevel: ExpressibleByArgument, Equatable, Sendable {
    /// The level.
    let level: Logger.Level

    init(_ level: Logger.Level) {
        self.level = level
    }

    init?(argument: String) {
        guard let level = Logger.Level(rawValue: argument.lowercased()) else { return nil }
        self.level = level
    }

    var defaultValueDescription: String {
        self.level.rawValue
    }

    static var allValueStrings: [String] {
        Logger.Level.allCases.map(\.rawValue)
    }
}

/// Bootstraps swift-log once for the process.
enum LoggingSetup {
    /// Routes all loggers to standard error in `format`, at `level` and above.
    static func bootstrap(format: LogFormat, level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler
            switch format {
            case .text:
                handler = StreamLogHandler.standardError(label: label)
            case .json:
                handler = JSONLogHandler(label: label, sink: .standardError)
            }
            handler.logLevel = level
            return handler
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import Synchronization
import Testing

@testable import ProviderCLI

struct JSONLogHandlerTests {
    private final class Lines: Sendable {
        let lines = Mutex<[String]>([])
    }

    @Test("Each event is one JSON object line with level, message and metadata")
    func line() throws {
        let captured = Lines()
        var handler = JSONLogHandler(label: "test", sink: .init { line in captured.lines.withLock { $0.append(line) } })
        handler[metadataKey: "grpc.method"] = "Mount"
        let logger = Logger(label: "test", factory: { _ in handler })
        logger.info("quote \" and\nnewline", metadata: ["count": "3", "nested": ["a": ["1", "2"]]])
        let lines = captured.lines.withLock { $0 }
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.hasSuffix("}\n"))
        #expect(line.filter { $0 == "\n" }.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info")
        #expect(object["logger"] as? String == "test")
        #expect(object["msg"] as? String == "quote \" and\nnewline")
        #expect(object["grpc.method"] as? String == "Mount")
        #expect(object["count"] as? String == "3")
        #expect((object["nested"] as? [String: [String]])?["a"] == ["1", "2"])
        #expect((object["time"] as? String)?.hasSuffix("Z") == true)
    }

    @Test("Levels below the handler's level are dropped")
    func level() {
        let captured = Lines()
        var handler = JSONLogHandler(label: "test", sink: .init { line in captured.lines.withLock { $0.append(line) } })
        handler.logLevel = .warning
        let logger = Logger(label: "test", factory: { _ in handler })
        logger.info("hidden")
        logger.error("shown")
        #expect(captured.lines.withLock { $0.count } == 1)
    }

    @Test("Control characters are escaped")
    func escaping() {
        #expect(JSONLogHandler.quoted("a\u{01}b\\") == #""a\u0001b\\""#)
    }
}

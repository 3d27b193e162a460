// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import GRPCCore
import GRPCNIOTransportHTTP2
import Testing

@testable import ProviderServer

struct DeadlineTransportTests {
    typealias Transport = DeadlineTransport<HTTP2ServerTransport.Posix>

    static let cases: [(String, Metadata, Metadata)] = [
        ("a timeout is moved", ["grpc-timeout": "120S", "x": "1"], ["x": "1", "provider-deadline-timeout": "120S"]),
        ("without one nothing changes", ["x": "1"], ["x": "1"]),
        ("an empty request keeps empty metadata", [:], [:]),
        ("a malformed one is moved as it is", ["grpc-timeout": "soon"], ["provider-deadline-timeout": "soon"]),
    ]

    @Test("grpc-swift never sees grpc-timeout; the services find it under the forwarded key", arguments: Self.cases)
    func moved(name: String, metadata: Metadata, expected: Metadata) throws {
        let part = Transport.movingTimeout(.metadata(metadata))
        guard case .metadata(let moved) = part else {
            Issue.record("\(name): the metadata part became another part")
            return
        }
        #expect(moved == expected, "\(name)")
        #expect(Array(moved[stringValues: "grpc-timeout"]).isEmpty, "\(name)")
    }

    @Test("message parts pass unchanged")
    func messages() {
        let bytes = GRPCNIOTransportBytes(repeating: 7, count: 3)
        guard case .message(let passed) = Transport.movingTimeout(.message(bytes)) else {
            Issue.record("the message part became another part")
            return
        }
        #expect(passed == bytes)
    }

    @Test("the deadline is now plus the forwarded timeout; none without a valid one")
    func deadline() {
        let before = ContinuousClock.now
        let deadline = GRPCTimeout.deadline(of: ["provider-deadline-timeout": "2S"])
        #expect(deadline.map { $0 >= before + .seconds(2) && $0 <= .now + .seconds(2) } == true)
        #expect(GRPCTimeout.deadline(of: ["provider-deadline-timeout": "soon"]) == nil)
        #expect(GRPCTimeout.deadline(of: ["grpc-timeout": "2S"]) == nil)
    }
}

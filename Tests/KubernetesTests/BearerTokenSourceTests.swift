// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import ProviderTestSupport
import Testing

@testable import Kubernetes

/// The bearer token: fixed, or re-read from a rotating token file when it changes, but not on every request.
struct BearerTokenSourceTests {
    @Test("no credentials send no token; a fixed token is sent as it is")
    func fixed() throws {
        let clock = ManualClock()
        #expect(try BearerTokenSource(credentials: .none, clock: clock.timeSource).token() == nil)
        #expect(try BearerTokenSource(credentials: .token("abc"), clock: clock.timeSource).token() == "abc")
    }

    @Test("a token file is re-read when its modification time changes, checked at most once a second")
    func rotation() async throws {
        try await TemporaryDirectory.with { directory in
            let clock = ManualClock()
            let base = Date(timeIntervalSince1970: 1_800_000_000)
            let path = try directory.write("token", "first-token\n", modified: base)
            let source = BearerTokenSource(credentials: .tokenFile(path), clock: clock.timeSource)
            #expect(try source.token() == "first-token")

            // The kubelet writes a new token: not noticed within the check interval...
            try directory.write("token", "second-token", modified: base + 60)
            clock.advance(by: .milliseconds(500))
            #expect(try source.token() == "first-token")
            // ...but as soon as the interval has passed.
            clock.advance(by: .milliseconds(500))
            #expect(try source.token() == "second-token")
        }
    }

    @Test("an unchanged modification time means no re-read, until the token is a minute old")
    func maximumAge() async throws {
        try await TemporaryDirectory.with { directory in
            let clock = ManualClock()
            let modified = Date(timeIntervalSince1970: 1_800_000_000)
            let path = try directory.write("token", "first-token", modified: modified)
            let source = BearerTokenSource(credentials: .tokenFile(path), clock: clock.timeSource)
            #expect(try source.token() == "first-token")
            // Rewritten with the same modification time: invisible to the time check.
            try directory.write("token", "second-token", modified: modified)
            for _ in 0..<59 {
                clock.advance(by: .seconds(1))
                #expect(try source.token() == "first-token")
            }
            clock.advance(by: .seconds(1))
            #expect(try source.token() == "second-token")
        }
    }

    @Test("a reload reads the file at once, whatever the intervals")
    func reload() async throws {
        try await TemporaryDirectory.with { directory in
            let clock = ManualClock()
            let modified = Date(timeIntervalSince1970: 1_800_000_000)
            let path = try directory.write("token", "first-token", modified: modified)
            let source = BearerTokenSource(credentials: .tokenFile(path), clock: clock.timeSource)
            #expect(try source.token() == "first-token")
            try directory.write("token", "second-token", modified: modified)
            #expect(try source.token() == "first-token")
            #expect(try source.token(reload: true) == "second-token")
            #expect(try source.token() == "second-token")
        }
    }

    @Test("a file that cannot be read: an error at first, the last token afterwards")
    func unreadable() async throws {
        try await TemporaryDirectory.with { directory in
            let clock = ManualClock()
            let missing = BearerTokenSource(
                credentials: .tokenFile(directory.path + "/missing"),
                clock: clock.timeSource
            )
            let error = try #require(throws: KubernetesError.self) { try missing.token() }
            #expect(error.code == .invalidConfiguration)
            #expect(error.message == "cannot read the Kubernetes bearer token file '\(directory.path)/missing'")

            let path = try directory.write("token", "kept-token")
            let source = BearerTokenSource(credentials: .tokenFile(path), clock: clock.timeSource)
            #expect(try source.token() == "kept-token")
            try FileManager.default.removeItem(atPath: path)
            clock.advance(by: .seconds(120))
            #expect(try source.token() == "kept-token")

            let empty = try directory.write("empty", " \n")
            let emptyError = try #require(throws: KubernetesError.self) {
                try BearerTokenSource(credentials: .tokenFile(empty), clock: clock.timeSource).token()
            }
            #expect(emptyError.message == "the Kubernetes bearer token file '\(empty)' is empty")
        }
    }
}

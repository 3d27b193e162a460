// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Foundation
import ProviderTestSupport
import Synchronization
import Testing

@testable import Provider

/// `assumeRoleArn` through the mount and the reconciler, with the real chained provider calling a fake STS on the
/// harness's clock.
@Suite("MountService with an assumed role")
struct MountServiceAssumeRoleTests {
    static let role = "arn:aws:iam::210987654321:role/reader"

    @Test("a reconciliation after the assumed credentials expire assumes the role again and brings the rotation")
    func reconcileAfterExpiry() async throws {
        let harness = MountHarness()
        let sts = FakeSTS(clock: harness.clock)
        harness.aws.assumeRolesThrough(
            AWSClientRuntime(
                configuration: AWSClientConfiguration(userAgent: "test"),
                transport: sts,
                clock: harness.clock.timeSource
            )
        )
        let east = harness.aws.sm("us-east-1")
        east.put("db", "one", version: "v1")
        var builder = MountRequestBuilder(objects: smObject("db"))
        builder.extra = ["assumeRoleArn": Self.role]
        _ = try await harness.mount(builder.build())
        #expect(harness.volume.text("db") == "one")
        #expect(sts.sessions == ["default@app"])

        // Within the credentials' 15 minutes a pass needs no STS call.
        east.put("db", "two", version: "v2")
        harness.clock.advance(by: .seconds(60))
        _ = await harness.reconciler.pass()
        #expect(harness.volume.text("db") == "two")
        #expect(sts.sessions.count == 1)

        // Past their expiry: the pass assumes the role again, then reads the rotation.
        east.put("db", "three", version: "v3")
        harness.clock.advance(by: .seconds(15 * 60))
        #expect(await harness.reconciler.pass() == [MountRequestBuilder.target: .changed])
        #expect(harness.volume.text("db") == "three")
        #expect(sts.sessions == ["default@app", "default@app"])
        #expect(
            harness.aws.made == [
                .webIdentity(
                    roleArn: "arn:aws:iam::123456789012:role/app",
                    region: "us-east-1",
                    token: MountRequestBuilder.irsaToken
                ),
                .assumeRole(roleArn: Self.role, regions: ["us-east-1"], base: "web#1"),
            ]
        )
    }
}

/// STS answering `AssumeRole` with credentials that expire 15 minutes later on `clock`; records each session name.
final class FakeSTS: AWSHTTPTransport {
    private let clock: ManualClock
    private let state = Mutex<[String]>([])

    init(clock: ManualClock) {
        self.clock = clock
    }

    /// The `RoleSessionName` of each `AssumeRole` call, in order.
    var sessions: [String] {
        self.state.withLock { $0 }
    }

    func execute(_ request: AWSHTTPRequest, deadline: ContinuousClock.Instant) async throws -> AWSHTTPResponse {
        let form = String(decoding: request.body, as: UTF8.self)
        let session = form.split(separator: "&").first { $0.hasPrefix("RoleSessionName=") }?.dropFirst(16) ?? ""
        let count = self.state.withLock { sessions -> Int in
            sessions.append(String(session).removingPercentEncoding ?? "")
            return sessions.count
        }
        let expiration = self.clock.date.addingTimeInterval(15 * 60).formatted(.iso8601)
        let xml = """
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
            <AssumedRoleUser><Arn>arn:aws:sts::210987654321:assumed-role/reader/default@app</Arn></AssumedRoleUser>
            <Credentials><AccessKeyId>ASIACHAINED\(count)</AccessKeyId><SecretAccessKey>chained/secret</SecretAccessKey>
            <SessionToken>chained-token</SessionToken><Expiration>\(expiration)</Expiration></Credentials>
            </AssumeRoleResult></AssumeRoleResponse>
            """
        return AWSHTTPResponse(status: 200, body: Array(xml.utf8))
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import ProviderTestSupport
import Testing

@testable import Provider

/// `writeObjectFile: false`: the object feeds its `jmesPath` entries and key files, and its own file is not written.
@Suite("MountService writeObjectFile")
struct MountServiceWriteObjectFileTests {
    let harness = MountHarness()

    static let objects = """
        - objectName: db
          objectType: secretsmanager
          writeObjectFile: "false"
          jmesPath:
            - {path: username, objectAlias: user}
        """

    @Test("only the entries are written and reported; a check without change writes nothing; a rotation rewrites")
    func entriesOnly() async throws {
        let east = self.harness.aws.sm("us-east-1")
        east.put("db", #"{"username": "app", "password": "p1"}"#, version: "v1")
        let result = try await self.harness.mount(MountRequestBuilder(objects: Self.objects).build())
        #expect(self.harness.volume.files().keys.sorted() == ["user"])
        #expect(result.objectVersions == [ObjectVersion(id: "user", version: "v1")])
        self.harness.clock.advance(by: .seconds(1))
        #expect(await self.harness.reconciler.pass() == [MountRequestBuilder.target: .unchanged])

        east.put("db", #"{"username": "app2", "password": "p2"}"#, version: "v2")
        self.harness.clock.advance(by: .seconds(1))
        #expect(await self.harness.reconciler.pass() == [MountRequestBuilder.target: .changed])
        #expect(self.harness.volume.text("user") == "app2")
        #expect(self.harness.volume.files().keys.sorted() == ["user"])
    }
}

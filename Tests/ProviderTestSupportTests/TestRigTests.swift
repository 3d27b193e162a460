// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import ProviderTestSupport
import Testing

struct TestRigTests {
    @Test("The rig starts once per process and answers on its control endpoints")
    func startsOnce() async throws {
        let first = try await TestRig.shared()
        let second = try await TestRig.shared()
        #expect(first.aws == second.aws)
        #expect(first.accessKeyId.hasPrefix("AKIA"))
        let faults = try await first.control(first.aws, "GET", "/__faults")
        // Other suites of this process share the rig and may have faults set; the list itself must be there.
        #expect(faults["faults"] is [Any])
        let requests = try await first.control(first.kubernetes, "GET", "/__requests")
        #expect(requests["requests"] != nil)
    }
}

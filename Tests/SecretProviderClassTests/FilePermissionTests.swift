// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Testing

struct FilePermissionTests {
    @Test(
        "the request's permission is the driver's decimal JSON number, or the same number as a JSON string",
        arguments: [("420", 0o644), (" 420\n", 0o644), ("\"420\"", 0o644), ("0", 0), ("384", 0o600), ("4095", 0o7777)]
    )
    func requestPermission(text: String, mode: Int) throws {
        #expect(try FilePermission(requestPermission: text).rawValue == mode)
    }

    @Test(
        "anything else is rejected, naming the permission field",
        arguments: ["", "0644", "-1", "4.2e2", "420.0", "4096", "abc", "\"\"", "99999999999999999999"]
    )
    func invalidRequestPermission(text: String) throws {
        let error = try #require(throws: SecretProviderClassError.self) { try FilePermission(requestPermission: text) }
        #expect(error.code == .invalidPermission)
        #expect(error.problems.first?.field == "permission")
        #expect(error.problems.first?.message.hasPrefix("failed to unmarshal file permission, error: ") == true)
    }

    @Test(
        "filePermission is exactly four octal digits",
        arguments: [("0600", 0o600), ("0644", 0o644), ("0777", 0o777), ("4755", 0o4755), ("0000", 0)]
    )
    func octal(text: String, mode: Int) throws {
        let permission = try #require(FilePermission(octal: text))
        #expect(permission.rawValue == mode)
        #expect(permission.description == text)
    }

    @Test("other texts are not file permissions", arguments: ["600", "06000", "0800", "+644", "0x1F", "", "٠٦٠٠"])
    func invalidOctal(text: String) {
        #expect(FilePermission(octal: text) == nil)
    }

    @Test("only the permission bits are applied; the special bits are dropped as Go's os.Chmod drops them")
    func permissionBits() throws {
        #expect(try #require(FilePermission(octal: "4755")).permissionBits == 0o755)
        #expect(FilePermission.driverDefault.description == "0644")
        #expect(FilePermission(rawValue: 0o10000) == nil)
    }

    @Test("the request's permission is the default mode; objects and jmesPath entries override it")
    func defaults() throws {
        let plan = try makePlan(
            object("a")
                + object(
                    "b",
                    "  filePermission: \"0600\"\n  jmesPath:\n    - path: x\n      objectAlias: x\n"
                        + "    - path: y\n      objectAlias: y\n      filePermission: \"0400\"\n"
                ),
            permission: "384"
        )
        #expect(plan.defaultMode.description == "0600")
        #expect(plan.files.map(\.mode.description) == ["0600", "0600", "0600", "0400"])
        let other = try makePlan(object("a"), permission: "292")
        #expect(other.files.map(\.mode.description) == ["0444"])
    }
}

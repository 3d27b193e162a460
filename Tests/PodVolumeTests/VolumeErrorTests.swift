// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import PodVolume
import Testing

struct VolumeErrorTests {
    @Test(
        "Codes have stable camelCase names",
        arguments: [
            (VolumeError.Code.invalidTarget, "invalidTarget"),
            (.invalidPath, "invalidPath"),
            (.writeFailed, "writeFailed"),
            (.readFailed, "readFailed"),
        ]
    )
    func codeNames(_ code: VolumeError.Code, name: String) {
        #expect(code.description == name)
    }

    @Test("Codes are distinct")
    func codesDistinct() {
        let codes: Set<VolumeError.Code> = [.invalidTarget, .invalidPath, .writeFailed, .readFailed]
        #expect(codes.count == 4)
    }

    @Test("The description is code: \"message\"; path and errno are kept")
    func description() {
        let error = VolumeError(code: .readFailed, message: "cannot read \"x\" in /t: boom", path: "x", errno: 5)
        #expect(error.description == "readFailed: \"cannot read \"x\" in /t: boom\"")
        #expect(error.path == "x")
        #expect(error.errno == 5)
        let bare = VolumeError(code: .invalidTarget, message: "m")
        #expect(bare.path == nil)
        #expect(bare.errno == nil)
    }
}

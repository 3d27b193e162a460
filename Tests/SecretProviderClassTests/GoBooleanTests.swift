// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Testing

/// Go's `strconv.ParseBool`, the one parser of every boolean the incumbent reads (flags, `usePodIdentity`).
struct GoBooleanTests {
    @Test(
        "the twelve spellings Go accepts, and nothing else",
        arguments: [
            ("1", true), ("t", true), ("T", true), ("TRUE", true), ("true", true), ("True", true),
            ("0", false), ("f", false), ("F", false), ("FALSE", false), ("false", false), ("False", false),
            ("yes", nil), ("tRUE", nil), ("", nil), (" true", nil), ("2", nil),
        ] as [(String, Bool?)]
    )
    func parse(text: String, expected: Bool?) {
        #expect(GoBoolean.parse(text) == expected)
    }
}

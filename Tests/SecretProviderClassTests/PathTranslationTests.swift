// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Testing

struct PathTranslationTests {
    @Test(
        "the translation table of §2.7",
        arguments: [
            // (pathTranslation, name, file name)
            ("", "/a/b", "_a_b"),
            ("", "a/b", "a_b"),
            ("", "plain", "plain"),
            ("-", "/a/b", "-a-b"),
            ("0", "a/b", "a0b"),
            (".", "a/b", "a.b"),
            ("False", "/a/b", "a/b"),
            ("false", "/a/b", "a/b"),
            ("FALSE", "a/b", "a/b"),
            ("fAlSe", "///a", "a"),
        ]
    )
    func table(parameter: String, name: String, fileName: String) throws {
        let plan = try makePlan(object(name, type: "ssmparameter"), ["pathTranslation": parameter])
        #expect(plan.files.map(\.path) == [fileName])
        #expect(plan.pathTranslation.fileName(for: name) == fileName)
    }

    @Test("the translation applies to aliases and jmesPath aliases too")
    func aliases() throws {
        let plan = try makePlan(
            object("s", "  objectAlias: db/creds\n  jmesPath:\n    - path: u\n      objectAlias: db/user\n")
        )
        #expect(plan.files.map(\.path) == ["db_creds", "db_user"])
    }

    @Test(
        "anything but empty, False or one byte is rejected before the YAML is read",
        arguments: ["__", "no", "é", "True", "  "]
    )
    func invalid(parameter: String) throws {
        let found = problems("not: [valid", ["pathTranslation": parameter])
        #expect(found.first?.code == .invalidPathTranslation)
        #expect(found.first?.field == "pathTranslation")
        #expect(
            found.first?.message.hasPrefix("pathTranslation must be either 'False' or a single character string")
                == true
        )
    }

    @Test("descriptions")
    func descriptions() {
        #expect(PathTranslation.defaultTranslation.description == "\"_\"")
        #expect(PathTranslation.disabled.description == "False")
    }
}

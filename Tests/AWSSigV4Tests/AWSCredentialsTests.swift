// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSSigV4
import Foundation
import Testing

@Suite("AWSCredentials")
struct AWSCredentialsTests {
    private static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    private static let token = "FQoGZXIvYXdzEXAMPLETOKEN"
    private static let credentials = AWSCredentials(
        accessKeyId: "ASIAEXAMPLE",
        secretAccessKey: Self.secret,
        sessionToken: Self.token,
        expiration: Date(timeIntervalSince1970: 1_440_941_760)
    )

    /// Every way a value commonly ends up in a log line.
    private static func renderings(of credentials: AWSCredentials) -> [String] {
        var dumped = ""
        dump(credentials, to: &dumped)
        return [
            credentials.description,
            credentials.debugDescription,
            "\(credentials)",
            String(describing: credentials),
            String(reflecting: credentials),
            "\([credentials])",
            "\(Optional(credentials) as Any)",
            dumped,
        ]
    }

    @Test("never prints the secret access key or session token")
    func redactsSecrets() {
        for text in Self.renderings(of: Self.credentials) {
            #expect(!text.contains(Self.secret), "\(text)")
            #expect(!text.contains(Self.token), "\(text)")
            #expect(text.contains("<REDACTED>"), "\(text)")
            #expect(text.contains("ASIAEXAMPLE"), "\(text)")
        }
    }

    @Test("describes itself with the key ID, redacted secrets and the expiration")
    func describesItself() {
        #expect(
            Self.credentials.description.hasPrefix(
                "AWSCredentials(accessKeyId: ASIAEXAMPLE, secretAccessKey: <REDACTED>, sessionToken: <REDACTED>, "
                    + "expiration: 2015-08-30"
            )
        )
        let longTerm = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: Self.secret)
        #expect(
            longTerm.description
                == "AWSCredentials(accessKeyId: AKIDEXAMPLE, secretAccessKey: <REDACTED>, sessionToken: nil, "
                + "expiration: nil)"
        )
    }

    @Test("reflects with the secrets redacted")
    func mirrorRedactsSecrets() {
        let children = Dictionary(
            uniqueKeysWithValues: Mirror(reflecting: Self.credentials).children.map { ($0.label ?? "", "\($0.value)") }
        )
        #expect(children["accessKeyId"] == "ASIAEXAMPLE")
        #expect(children["secretAccessKey"] == "<REDACTED>")
        #expect(children["sessionToken"] == "<REDACTED>")
    }
}

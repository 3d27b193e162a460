// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSSigV4
import Testing

/// The classic `aws4_testsuite/` vectors: canonical request, string to sign, `Authorization` and signed request.
@Suite("aws4_testsuite vectors")
struct AWS4TestSuiteTests {
    /// Cases whose session token is added after signing rather than signed (see `post-sts-token/readme.txt`).
    private static let tokenAddedAfterSigning: Set<String> = ["post-sts-token/post-sts-header-after"]

    @Test("finds all 34 cases; the count is printed")
    func findsAllCases() {
        print("SigV4 classicCases: \(SigV4TestData.classicCases.count) cases")
        #expect(SigV4TestData.classicCases.count == 34)
    }

    @Test(
        "signs the case like the reference",
        arguments: SigV4TestData.classicCases
    )
    func signsCase(_ name: String) throws {
        let base = "aws4_testsuite/\(name)/\(name.split(separator: "/").last ?? "")"
        let request = try RawHTTPRequest(parsing: SigV4TestData.text("\(base).req"))
        let expectedSignedRequest = try RawHTTPRequest(parsing: SigV4TestData.text("\(base).sreq"))
        // The suite states the session token only in the signed request (and, when signed, the canonical one).
        let token = expectedSignedRequest.header("X-Amz-Security-Token")
        let signer = try SigV4Signer(
            region: "us-east-1",
            service: "service",
            options: .init(signSessionToken: !Self.tokenAddedAfterSigning.contains(name))
        )

        // The request already carries X-Amz-Date (and, in post-sts-header-before, the token): the signer replaces
        // both with the same values, which the canonical request comparison confirms.
        let signed = try signer.sign(
            request.sigV4Request,
            credentials: SigV4TestData.credentials(sessionToken: token),
            date: SigV4TestData.date
        )

        #expect(signed.artifacts.canonicalRequest == (try SigV4TestData.text("\(base).creq")))
        #expect(signed.artifacts.stringToSign == (try SigV4TestData.text("\(base).sts")))
        #expect(signed.authorization == (try SigV4TestData.text("\(base).authz")))
        // Compare the rest of the signed request without its Authorization line: the one in
        // get-vanilla-with-session-token.sreq is known to be wrong, and `.authz` was compared above.
        let withoutAuthorization = { (headers: [SigV4Request.Header]) in
            RawHTTPRequest.comparable(headers.filter { $0.name.lowercased() != "authorization" })
        }
        #expect(withoutAuthorization(signed.headers) == withoutAuthorization(expectedSignedRequest.headers))
    }
}

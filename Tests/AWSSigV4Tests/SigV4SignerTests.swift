// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSSigV4
import Foundation
import Testing

@Suite("SigV4Signer")
struct SigV4SignerTests {
    private static let host = SigV4Request.Header(name: "Host", value: "example.amazonaws.com")
    private static let token = "FQoGZXIvYXdzEXAMPLETOKEN"

    private static func signer(
        service: String = "service",
        options: SigV4Signer.Options = .init(),
        keyCache: SigningKeyCache = SigningKeyCache()
    ) throws -> SigV4Signer {
        try SigV4Signer(region: "us-east-1", service: service, options: options, keyCache: keyCache)
    }

    private static func names(_ headers: [SigV4Request.Header]) -> [String] {
        headers.map(\.name)
    }

    @Test("signs get-vanilla with the published signature")
    func signsGetVanilla() throws {
        let request = SigV4Request(method: "GET", headers: [Self.host])
        let signed = try Self.signer().sign(request, credentials: SigV4TestData.credentials(), date: SigV4TestData.date)

        #expect(signed.artifacts.signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        #expect(
            signed.authorization
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        )
        #expect(signed.artifacts.credentialScope == "20150830/us-east-1/service/aws4_request")
        #expect(signed.artifacts.amzDate == "20150830T123600Z")
        #expect(
            signed.headers == [
                Self.host,
                .init(name: "X-Amz-Date", value: "20150830T123600Z"),
                .init(name: "Authorization", value: signed.authorization),
            ]
        )
    }

    @Test("signs a Secrets Manager JSON 1.1 POST")
    func signsJSONPost() throws {
        let body = Array(#"{"SecretId":"db-password"}"#.utf8)
        let request = SigV4Request(
            method: "POST",
            headers: [
                .init(name: "Host", value: "secretsmanager.us-east-1.amazonaws.com"),
                .init(name: "Content-Type", value: "application/x-amz-json-1.1"),
                .init(name: "X-Amz-Target", value: "secretsmanager.GetSecretValue"),
            ],
            payload: .bytes(body)
        )
        let signed = try Self.signer(service: "secretsmanager").sign(
            request,
            credentials: SigV4TestData.credentials(sessionToken: Self.token),
            date: SigV4TestData.date
        )

        // Expected values computed independently with Python's hashlib and hmac.
        let bodyHash = "89a3d1f89636bd94269122eb92e3ab9175593f17fd657a212ea97ae8fea87ad6"
        #expect(
            signed.artifacts.canonicalRequest == """
                POST
                /

                content-type:application/x-amz-json-1.1
                host:secretsmanager.us-east-1.amazonaws.com
                x-amz-date:20150830T123600Z
                x-amz-security-token:\(Self.token)
                x-amz-target:secretsmanager.GetSecretValue

                content-type;host;x-amz-date;x-amz-security-token;x-amz-target
                \(bodyHash)
                """
        )
        #expect(signed.artifacts.credentialScope == "20150830/us-east-1/secretsmanager/aws4_request")
        #expect(signed.artifacts.signature == "e33b643797bd9499dcd1ba982d5233dc0d60f5a022c2442b98919f638348c185")
        #expect(
            Self.names(signed.headers) == [
                "Host", "Content-Type", "X-Amz-Target", "X-Amz-Security-Token", "X-Amz-Date", "Authorization",
            ]
        )
    }

    @Test("signs the session token by default")
    func signsSessionToken() throws {
        let request = SigV4Request(method: "GET", headers: [Self.host])
        let signed = try Self.signer().sign(
            request,
            credentials: SigV4TestData.credentials(sessionToken: Self.token),
            date: SigV4TestData.date
        )

        #expect(signed.artifacts.signedHeaders == "host;x-amz-date;x-amz-security-token")
        #expect(signed.artifacts.canonicalRequest.contains("x-amz-security-token:\(Self.token)\n"))
        #expect(Self.names(signed.headers) == ["Host", "X-Amz-Security-Token", "X-Amz-Date", "Authorization"])
    }

    @Test("adds the session token after signing when asked to")
    func appendsSessionTokenAfterSigning() throws {
        let request = SigV4Request(method: "GET", headers: [Self.host])
        let signer = try Self.signer(options: .init(signSessionToken: false))
        let signed = try signer.sign(
            request,
            credentials: SigV4TestData.credentials(sessionToken: Self.token),
            date: SigV4TestData.date
        )
        let unsigned = try signer.sign(request, credentials: SigV4TestData.credentials(), date: SigV4TestData.date)

        #expect(signed.artifacts.signedHeaders == "host;x-amz-date")
        #expect(!signed.artifacts.canonicalRequest.contains(Self.token))
        // Leaving the token out of the signature makes it the signature of long-term credentials.
        #expect(signed.artifacts == unsigned.artifacts)
        #expect(signed.headers.contains(.init(name: "X-Amz-Security-Token", value: Self.token)))
        #expect(Self.names(signed.headers) == ["Host", "X-Amz-Date", "X-Amz-Security-Token", "Authorization"])
    }

    @Test("treats an empty session token as none")
    func ignoresEmptySessionToken() throws {
        let request = SigV4Request(method: "GET", headers: [Self.host])
        let signed = try Self.signer().sign(
            request,
            credentials: SigV4TestData.credentials(sessionToken: ""),
            date: SigV4TestData.date
        )

        #expect(signed.artifacts.signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        #expect(!Self.names(signed.headers).contains("X-Amz-Security-Token"))
    }

    @Test("adds X-Amz-Content-Sha256 only when asked to", arguments: [false, true])
    func contentSHA256Header(enabled: Bool) throws {
        let request = SigV4Request(method: "POST", headers: [Self.host], payload: .bytes(Array("Param1=value1".utf8)))
        let signed = try Self.signer(options: .init(addContentSHA256Header: enabled)).sign(
            request,
            credentials: SigV4TestData.credentials(),
            date: SigV4TestData.date
        )
        let bodyHash = "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"

        #expect(signed.artifacts.canonicalRequest.hasSuffix("\n\(bodyHash)"))
        if enabled {
            #expect(signed.artifacts.signedHeaders == "host;x-amz-content-sha256;x-amz-date")
            #expect(signed.headers.contains(.init(name: "X-Amz-Content-Sha256", value: bodyHash)))
        } else {
            #expect(signed.artifacts.signedHeaders == "host;x-amz-date")
            #expect(!Self.names(signed.headers).contains("X-Amz-Content-Sha256"))
        }
    }

    @Test(
        "uses the payload hash of each payload kind",
        arguments: [
            (SigV4Request.Payload.bytes([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (.unsigned, "UNSIGNED-PAYLOAD"),
            (
                .precomputedSHA256("9095672BBD1F56DFC5B65F3E153ADC8731A4A654192329106275F4C7B24D0B6E"),
                "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"
            ),
        ]
    )
    func payloadHash(payload: SigV4Request.Payload, expected: String) throws {
        let request = SigV4Request(method: "PUT", headers: [Self.host], payload: payload)
        let signed = try Self.signer(options: .init(addContentSHA256Header: true)).sign(
            request,
            credentials: SigV4TestData.credentials(),
            date: SigV4TestData.date
        )

        #expect(signed.artifacts.canonicalRequest.hasSuffix("\n\(expected)"))
        #expect(signed.headers.contains(.init(name: "X-Amz-Content-Sha256", value: expected)))
    }

    @Test("replaces its own headers when a signed request is signed again")
    func resignsIdempotently() throws {
        let signer = try Self.signer()
        let credentials = SigV4TestData.credentials(sessionToken: Self.token)
        let first = try signer.sign(
            SigV4Request(method: "GET", headers: [Self.host]),
            credentials: credentials,
            date: SigV4TestData.date
        )
        let retry = try signer.sign(
            SigV4Request(method: "GET", headers: first.headers),
            credentials: credentials,
            date: SigV4TestData.date.addingTimeInterval(30)
        )

        #expect(Self.names(retry.headers) == ["Host", "X-Amz-Security-Token", "X-Amz-Date", "Authorization"])
        #expect(retry.headers.contains(.init(name: "X-Amz-Date", value: "20150830T123630Z")))
        #expect(retry.artifacts.signedHeaders == first.artifacts.signedHeaders)
        #expect(retry.artifacts.signature != first.artifacts.signature)
    }

    @Test("sends but does not sign headers that proxies rewrite")
    func skipsUnsignableHeaders() throws {
        let request = SigV4Request(
            method: "GET",
            headers: [
                Self.host,
                .init(name: "User-Agent", value: "csi-provider/1.0"),
                .init(name: "Expect", value: ""),
            ]
        )
        let signed = try Self.signer().sign(request, credentials: SigV4TestData.credentials(), date: SigV4TestData.date)

        #expect(signed.artifacts.signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        #expect(Self.names(signed.headers) == ["Host", "User-Agent", "Expect", "X-Amz-Date", "Authorization"])
    }

    @Test("unfolds folded header values in what it signs and sends")
    func unfoldsHeaderValues() throws {
        let request = SigV4Request(
            method: "GET",
            headers: [Self.host, .init(name: "My-Header1", value: "value1\r\n  value2\n\tvalue3")]
        )
        let signed = try Self.signer().sign(request, credentials: SigV4TestData.credentials(), date: SigV4TestData.date)

        #expect(signed.artifacts.canonicalRequest.contains("\nmy-header1:value1 value2 value3\n"))
        #expect(signed.headers.contains(.init(name: "My-Header1", value: "value1   value2 \tvalue3")))
    }

    @Test("presigns with the session token signed or appended", arguments: [true, false])
    func presignsSessionToken(signed: Bool) throws {
        let request = SigV4Request(
            method: "GET",
            queryItems: [
                .init(name: "Action", value: "GetCallerIdentity"),
                .init(name: "Version", value: "2011-06-15"),
            ],
            headers: [Self.host]
        )
        let presigned = try Self.signer(options: .init(signSessionToken: signed)).presign(
            request,
            credentials: SigV4TestData.credentials(sessionToken: "a/b+c="),
            date: SigV4TestData.date,
            expiresInSeconds: 900
        )

        #expect(
            presigned.queryItems.map(\.name) == [
                "Action", "Version", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders",
                "X-Amz-Expires", "X-Amz-Security-Token", "X-Amz-Signature",
            ]
        )
        #expect(presigned.artifacts.canonicalRequest.contains("X-Amz-Security-Token=a%2Fb%2Bc%3D") == signed)
        #expect(
            presigned.encodedQuery == "Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"
                + "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=900"
                + "&X-Amz-Security-Token=a%2Fb%2Bc%3D&X-Amz-Signature=\(presigned.artifacts.signature)"
        )
        #expect(presigned.headers == [Self.host])
    }

    @Test("rejects a presigned lifetime AWS does not accept", arguments: [0, -1, 604_801])
    func rejectsExpiration(seconds: Int) throws {
        let request = SigV4Request(method: "GET", headers: [Self.host])
        let error = #expect(throws: SigV4Error.self) {
            try Self.signer().presign(
                request,
                credentials: SigV4TestData.credentials(),
                date: SigV4TestData.date,
                expiresInSeconds: seconds
            )
        }
        #expect(error?.code == .invalidExpiration)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Testing

struct CertificateValidationTests {
    static let arn = "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab"
    static let westArn = "arn:aws:acm:us-west-2:123456789012:certificate/5678abcd-12ab-34cd-56ef-1234567890ab"

    @Test("a certificate ARN plans an acmcertificate object, with or without objectType")
    func planned() throws {
        for yaml in [
            "- {objectName: \"\(Self.arn)\", objectAlias: tls}",
            "- {objectName: \"\(Self.arn)\", objectType: acmcertificate, objectAlias: tls}",
        ] {
            let plan = try makePlan(yaml, ["region": "us-east-1"])
            #expect(plan.objects.first?.type == .acmCertificate)
            #expect(plan.files.map(\.path) == ["tls"])
        }
        let failover = try makePlan(
            "- {objectName: \"\(Self.arn)\", objectAlias: tls, failoverObject: {objectName: \"\(Self.westArn)\"}}",
            ["region": "us-east-1", "failoverRegion": "us-west-2"]
        ).resolved(fallbackRegion: nil)
        #expect(failover.sources(of: failover.plan.objects[0]).map(\.reference.name) == [Self.arn, Self.westArn])
    }

    /// (extra YAML of the object, parameters, the code, the field, the words of the message).
    static let problemRows: [(String, [String: String], SecretProviderClassError.Code, String, String)] = [
        (
            "objectName: tls, objectType: acmcertificate", [:], .invalidCertificateName, "objectName",
            "an acmcertificate is named by its ARN"
        ),
        (
            "objectName: \"arn:aws:acm:us-east-1:123456789012:key/x\", objectType: acmcertificate", [:],
            .invalidCertificateName, "objectName", "certificate/<id>"
        ),
        ("objectName: \"\(westArn)\"", [:], .arnRegionMismatch, "objectName", "ARN region must match region us-east-1"),
        ("objectName: \"\(arn)\", objectVersion: \"1\"", [:], .certificateField, "objectVersion", "no versions"),
        ("objectName: \"\(arn)\", objectVersionLabel: x", [:], .certificateField, "objectVersionLabel", "no versions"),
        ("objectName: \"\(arn)\", objectEncoding: base64", [:], .certificateField, "objectEncoding", "PEM text"),
        (
            "objectName: \"\(arn)\", objectAlias: tls", ["failoverRegion": "us-west-2"], .certificateField,
            "failoverObject", "must name the certificate in that region"
        ),
        (
            "objectName: \"\(arn)\", objectAlias: tls, failoverObject: {objectName: \"\(arn)\"}",
            ["failoverRegion": "us-west-2"], .arnRegionMismatch, "failoverObject.objectName", "us-west-2"
        ),
        ("objectName: \"\(arn)*\", objectType: acmcertificate", [:], .invalidWildcard, "objectName", "not an ARN"),
    ]

    @Test("what a certificate cannot have is refused, naming the field", arguments: problemRows)
    func refused(
        yaml: String,
        parameters: [String: String],
        code: SecretProviderClassError.Code,
        field: String,
        message: String
    ) {
        var all = parameters
        all["region"] = "us-east-1"
        let found = problems("- {\(yaml)}", all)
        let problem = found.first { $0.code == code }
        #expect(problem?.field == field, "\(found)")
        #expect(problem?.message.contains(message) == true, "\(found)")
    }
}

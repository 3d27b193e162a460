// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

extension ObjectDescriptor {
    /// Checks an `acmcertificate` object: its names are certificate ARNs (whose region the common rules check), a
    /// certificate has no versions, labels or encoding, and an ARN names one region, so a `failoverRegion` needs a
    /// `failoverObject` naming the certificate there.
    func checkCertificate(failoverRegion: String?, problems: inout ObjectProblems) {
        for (field, name) in [
            ("objectName", self.objectName), ("failoverObject.objectName", self.failoverObject.objectName),
        ]
        where !name.isEmpty && !Self.isCertificateARN(name) {
            problems.report(
                .invalidCertificateName,
                field: field,
                "an acmcertificate is named by its ARN, arn:<partition>:acm:<region>:<account>:certificate/<id>: "
                    + UserText.shown(name)
            )
        }
        let fields = [
            ("objectVersion", self.objectVersion), ("objectVersionLabel", self.objectVersionLabel),
            ("failoverObject.objectVersion", self.failoverObject.objectVersion),
            ("failoverObject.objectVersionLabel", self.failoverObject.objectVersionLabel),
        ]
        for (field, value) in fields where !value.isEmpty {
            problems.report(
                .certificateField,
                field: field,
                "a certificate has no versions or labels; its serial number is the object version the driver sees"
            )
        }
        if !self.objectEncoding.isEmpty || self.jmesPath.contains(where: { !$0.objectEncoding.isEmpty }) {
            problems.report(
                .certificateField,
                field: "objectEncoding",
                "objectEncoding does not apply to a certificate: its files are PEM text"
            )
        }
        if let failoverRegion, self.failoverObject.objectName.isEmpty {
            problems.report(
                .certificateField,
                field: "failoverObject",
                "a certificate ARN names one region: with failoverRegion \(UserText.shown(failoverRegion)), "
                    + "failoverObject.objectName must name the certificate in that region"
            )
        }
    }

    /// Whether `name` is an ACM certificate ARN.
    private static func isCertificateARN(_ name: String) -> Bool {
        guard let arn = AmazonResourceName(name) else { return false }
        return arn.service == "acm" && arn.resource.hasPrefix("certificate/") && arn.resource.count > 12
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Testing

/// The `region` metric label (F11 of the 2026-12 review: a SecretProviderClass's made-up regions became labels).
struct AWSRegionsTests {
    static let labels: [(region: String, label: String)] = [
        ("us-east-1", "us-east-1"), ("eu-west-3", "eu-west-3"), ("ap-southeast-7", "ap-southeast-7"),
        ("mx-central-1", "mx-central-1"), ("cn-northwest-1", "cn-northwest-1"), ("us-gov-west-1", "us-gov-west-1"),
        ("us-iso-east-1", "us-iso-east-1"), ("us-isob-east-1", "us-isob-east-1"), ("eu-isoe-west-1", "eu-isoe-west-1"),
        ("us-isof-south-1", "us-isof-south-1"), ("eusc-de-east-1", "eusc-de-east-1"),
        // Calls in no region (the Pod Identity agent) keep their empty label.
        ("", ""),
        // Anything else a SecretProviderClass may name.
        ("tenant-chosen-1", "other"), ("us-east-99", "other"), ("xx-fake-1", "other"), ("US-EAST-1", "other"),
        ("us-east-1 ", "other"), ("us-east-1.", "other"), ("aws-global", "other"), ("other", "other"),
        ("us\u{2010}east-1", "other"),
    ]

    @Test("a known region is its own label; any other name is 'other'", arguments: Self.labels)
    func label(region: String, label: String) {
        #expect(AWSRegions.metricLabel(for: region) == label)
    }

    @Test("made-up regions, however many, give one label")
    func madeUpRegions() {
        let labels = Set((0..<100).map { AWSRegions.metricLabel(for: "tenant-chosen-\($0)") })
        #expect(labels == ["other"])
    }

    @Test("every known region is a valid region name and listed once")
    func knownRegionsAreValid() throws {
        #expect(Set(AWSRegions.known).count == AWSRegions.known.count)
        let resolver = AWSEndpointResolver(configuration: AWSClientConfiguration(userAgent: "test"))
        for region in AWSRegions.known {
            #expect(throws: Never.self) { try resolver.endpoint(for: .secretsManager, region: region) }
        }
    }
}

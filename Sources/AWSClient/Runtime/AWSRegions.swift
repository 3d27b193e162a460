// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// The AWS regions, in every partition, that a metric may name.
///
/// A SecretProviderClass may name any DNS label as its `region`, and a metric series, once made, lives as long as the
/// process; so a region is a metric label only when it is one of ``known``, and any other name is counted under
/// ``otherLabel``. A tenant can then add at most one series per kind of call, whatever it names.
///
/// The choice for regions AWS opens later: they are counted as `other` until this list is updated (logs and errors
/// still name the exact region). Names that merely look like regions (`xx-name-9`) are not admitted, not even a few:
/// a tenant could take those few places with made-up names before a real new region did.
package enum AWSRegions {
    /// The label of a region that is not one of ``known``.
    package static let otherLabel = "other"

    /// Every region of the partitions `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, `aws-iso-e`, `aws-iso-f`
    /// and `aws-eusc`, as botocore 1.43's `partitions.json` lists them (its `*-global` pseudo-regions left out).
    package static let known: [String] = [
        // aws
        "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
        "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
        "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1",
        "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1",
        "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
        // aws-cn
        "cn-north-1", "cn-northwest-1",
        // aws-us-gov
        "us-gov-east-1", "us-gov-west-1",
        // aws-iso, aws-iso-b, aws-iso-e, aws-iso-f
        "us-iso-east-1", "us-iso-west-1", "us-isob-east-1", "us-isob-west-1", "eu-isoe-west-1", "us-isof-east-1",
        "us-isof-south-1",
        // aws-eusc
        "eusc-de-east-1",
    ]

    /// ``known`` by their UTF-8 bytes: a region is looked up byte for byte, never by canonical equivalence.
    private static let labels: [[UInt8]: String] = Dictionary(
        uniqueKeysWithValues: Self.known.map { (Array($0.utf8), $0) }
    )

    /// The metric label of `region`: the region itself when it is one of ``known``, the empty label for a call
    /// made in no region (the Pod Identity agent), and ``otherLabel`` for any other name.
    package static func metricLabel(for region: String) -> String {
        if region.isEmpty {
            return ""
        }
        return Self.labels[Array(region.utf8)] ?? Self.otherLabel
    }
}

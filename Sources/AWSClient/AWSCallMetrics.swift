// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import CoreMetrics

/// Counts every HTTP attempt to AWS (retries included, as AWS counts them against quotas) by service, operation,
/// region and outcome, and times it, on the process-wide metrics factory.
enum AWSCallMetrics {
    /// Records one attempt of `operation` that started at `sent` and ended with `outcome` (`success`, an
    /// ``AWSError/Code`` name, or `cancelled`).
    static func record(_ operation: AWSOperation, outcome: String, since sent: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - sent
        let service = operation.service.signingName
        Counter(
            label: "secrets_provider_aws_requests_total",
            dimensions: [
                ("service", service), ("operation", operation.name), ("region", operation.region),
                ("outcome", outcome),
            ]
        ).increment()
        Timer(
            label: "secrets_provider_aws_request_duration_seconds",
            dimensions: [("service", service), ("operation", operation.name)]
        ).recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}

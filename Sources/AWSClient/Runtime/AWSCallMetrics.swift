// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import CoreMetrics

/// Counts every HTTP attempt to AWS (retries included, as AWS counts them against quotas) by service, operation,
/// region and outcome, and times it; counts credential fetches by source. On the process-wide metrics factory.
///
/// Every label value comes from a bounded set: the service and operation are this module's own, the outcome is an
/// ``AWSError/Code`` name (never the error code AWS answered), and the region is one of ``AWSRegions/known`` or
/// `other` (``AWSRegions/metricLabel(for:)``), because a SecretProviderClass may name any region it likes.
enum AWSCallMetrics {
    /// Counts one credential fetch from STS (`web_identity`, `assume_role`) or the Pod Identity agent (`pod_identity`).
    static func credentialRefresh(source: String) {
        Counter(label: "secrets_provider_credential_refreshes_total", dimensions: [("source", source)]).increment()
    }

    /// Records one attempt of `operation` that started at `sent` and ended with `outcome` (`success`, an
    /// ``AWSError/Code`` name, or `cancelled`).
    static func record(_ operation: AWSOperation, outcome: String, since sent: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - sent
        let service = operation.service.signingName
        Counter(
            label: "secrets_provider_aws_requests_total",
            dimensions: [
                ("service", service), ("operation", operation.name),
                ("region", AWSRegions.metricLabel(for: operation.region)), ("outcome", outcome),
            ]
        ).increment()
        Timer(
            label: "secrets_provider_aws_request_duration_seconds",
            dimensions: [("service", service), ("operation", operation.name)]
        ).recordSeconds(elapsed / .seconds(1))
    }
}

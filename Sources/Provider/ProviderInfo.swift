// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// Identity of this provider as reported to the driver and in user agents.
public enum ProviderInfo {
    /// The runtime name the incumbent reports, kept so the driver and dashboards see a drop-in replacement.
    public static let runtimeName = "secrets-store-csi-driver-provider-aws"

    /// The semantic version of this build.
    public static let version = "0.1.0"

    /// The provider API version spoken with the driver.
    public static let apiVersion = "v1alpha1"
}

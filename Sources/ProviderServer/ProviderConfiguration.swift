// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import OperationsHTTP
public import PodVolume
public import Provider
public import SecretProviderClass

/// Everything the provider process is configured with, built once from flags and environment, validated once and
/// passed down. Library modules read no environment variables themselves.
public struct ProviderConfiguration: Sendable, Equatable {
    /// The directory holding the provider socket (`--provider-volume`).
    public var providerVolume: String

    /// Whether the driver writes the files (`--driver-writes-secrets`); otherwise the provider writes them.
    public var driverWritesSecrets: Bool

    /// Kubernetes client queries per second (`--qps`).
    public var kubernetesQPS: Int

    /// Kubernetes client burst (`--burst`).
    public var kubernetesBurst: Int

    /// The EKS add-on version reported in the AWS user agent (`--eks-addon-version`), if any.
    public var eksAddonVersion: String?

    /// The HTTP timeout for the EKS Pod Identity agent (`--pod-identity-http-timeout`); `nil` for the default.
    public var podIdentityHTTPTimeout: Duration?

    /// The IPv4 endpoint of the EKS Pod Identity agent (`--pod-identity-endpoint`).
    public var podIdentityEndpoint: String

    /// The IPv6 endpoint of the EKS Pod Identity agent (`--pod-identity-endpoint-ipv6`).
    public var podIdentityEndpointIPv6: String

    /// The kubeconfig file (`--kubeconfig`); `nil` for in-cluster configuration.
    public var kubeconfig: String?

    /// How long in-flight RPCs may run after SIGTERM before they are cancelled.
    public var shutdownGracePeriod: Duration

    /// Target paths must lie inside this directory (`--target-path-root`; the chart sets `/var/lib/kubelet/pods`).
    public var targetPathRoot: String?

    /// This node's name (`--node-name`, else `NODE_NAME`): saves the pod lookup when finding the node's region.
    public var nodeName: String?

    /// The time between reconciliation passes (`--reconcile-interval`); zero turns reconciliation off.
    public var reconcileInterval: Duration

    /// How long a value read by stage or label is served from memory (`--cache-ttl`).
    public var cacheTTL: Duration

    /// The most secret bytes kept in memory (`--cache-max-bytes`).
    public var cacheMaximumBytes: Int

    /// The most values kept in memory (`--cache-max-entries`).
    public var cacheMaximumEntries: Int

    /// The most objects, `jmesPath` entries, files and template bytes of one SecretProviderClass
    /// (`--max-objects-per-class`, `--max-jmespath-entries-per-class`, `--max-files-per-mount`,
    /// `--max-template-bytes-per-class`).
    public var planLimits: MountPlanLimits

    /// The most bytes of one file and of one mount, and the JMESPath work of one mount (`--max-file-bytes`,
    /// `--max-mount-bytes`, `--max-files-per-mount`, `--max-jmespath-steps-per-mount`).
    public var renderLimits: RenderLimits

    /// The most objects one wildcard `objectName` may match (`--max-wildcard-matches`; ours).
    public var maximumWildcardMatches: Int

    /// Whether the provider writes into targets that are not tmpfs or ramfs (`--allow-non-tmpfs-targets`): for tests
    /// and tools only, never in a cluster, where the driver always mounts a tmpfs.
    public var allowNonTmpfsTargets: Bool

    /// How the files are laid out in pods' volumes (`--volume-layout`; ours): atomic generations by default.
    public var volumeLayout: VolumeLayout

    /// Where `/healthz` and `/readyz` are served (`--health-addr`, Go `host:port`); nil or empty for nowhere.
    public var healthAddress: String?

    /// Where `/metrics` is served (`--metrics-addr`, Go `host:port`); nil or empty for nowhere.
    public var metricsAddress: String?

    /// The time a client of the health or metrics endpoint has to send its request, and again to receive the answer
    /// (`--operations-read-timeout`).
    public var operationsReadTimeout: Duration

    /// The most connections open at once on each of the health and metrics endpoints (`--operations-max-connections`);
    /// more are closed at once.
    public var operationsMaximumConnections: Int

    /// The process environment: `AWS_REGION`, the AWS endpoint, FIPS and CA bundle variables, `KUBECONFIG` and the
    /// in-cluster Kubernetes variables. Read once by the executable; library modules never read the environment.
    public var environment: [String: String]

    /// The file name of the socket inside ``providerVolume``; the driver looks for `<provider>.sock`.
    public static let socketName = "aws.sock"

    /// The defaults, identical to the incumbent's flags (ours: see each property).
    public static var defaults: Self {
        Self(
            providerVolume: "/var/run/secrets-store-csi-providers",
            driverWritesSecrets: false,
            kubernetesQPS: 5,
            kubernetesBurst: 10,
            eksAddonVersion: nil,
            podIdentityHTTPTimeout: nil,
            podIdentityEndpoint: "http://169.254.170.23/v1/credentials",
            podIdentityEndpointIPv6: "http://[fd00:ec2::23]/v1/credentials",
            kubeconfig: nil,
            shutdownGracePeriod: .seconds(25),
            targetPathRoot: nil,
            nodeName: nil,
            reconcileInterval: .seconds(120),
            cacheTTL: .seconds(30),
            cacheMaximumBytes: 32 * 1024 * 1024,
            cacheMaximumEntries: 10_000,
            planLimits: MountPlanLimits(),
            renderLimits: RenderLimits(),
            maximumWildcardMatches: 500,
            allowNonTmpfsTargets: false,
            volumeLayout: .generations,
            healthAddress: ":8989",
            metricsAddress: ":8095",
            operationsReadTimeout: OperationsHTTPLimits.defaults.readTimeout,
            operationsMaximumConnections: OperationsHTTPLimits.defaults.maximumConnections,
            environment: [:]
        )
    }

    /// The defaults, changed by `configure`.
    public static func defaults(configure: (inout Self) -> Void) -> Self {
        var configuration = Self.defaults
        configure(&configuration)
        return configuration
    }

    /// The path of the provider socket, `<providerVolume>/aws.sock`.
    public var socketPath: String {
        let directory =
            self.providerVolume.hasSuffix("/") ? String(self.providerVolume.dropLast()) : self.providerVolume
        return directory + "/" + Self.socketName
    }

    /// The limits of the health and metrics endpoints.
    public var operationsLimits: OperationsHTTPLimits {
        OperationsHTTPLimits(
            readTimeout: self.operationsReadTimeout,
            maximumConnections: self.operationsMaximumConnections
        )
    }

    /// Checks every value and reports all problems at once, each naming its flag.
    ///
    /// - Throws: ``ServerError`` with code ``ServerError/Code/invalidConfiguration``.
    public func validate() throws(ServerError) {
        var problems: [String] = []
        if !self.providerVolume.hasPrefix("/") {
            problems.append("--provider-volume must be an absolute path, got '\(self.providerVolume)'")
        }
        if self.kubernetesQPS < 1 {
            problems.append("--qps must be at least 1, got \(self.kubernetesQPS)")
        }
        if self.kubernetesBurst < 1 {
            problems.append("--burst must be at least 1, got \(self.kubernetesBurst)")
        }
        if let timeout = self.podIdentityHTTPTimeout, timeout <= .zero {
            problems.append("--pod-identity-http-timeout must be positive, got \(timeout)")
        }
        for (flag, url) in [
            ("--pod-identity-endpoint", self.podIdentityEndpoint),
            ("--pod-identity-endpoint-ipv6", self.podIdentityEndpointIPv6),
        ] where !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            problems.append("\(flag) must be an http:// or https:// URL, got '\(url)'")
        }
        if let root = self.targetPathRoot, !root.hasPrefix("/") {
            problems.append("--target-path-root must be an absolute path, got '\(root)'")
        }
        if self.reconcileInterval < .zero {
            problems.append("--reconcile-interval must not be negative, got \(self.reconcileInterval)")
        } else if self.reconcileInterval > .zero && self.reconcileInterval < .seconds(1) {
            problems.append("--reconcile-interval must be 0 (off) or at least 1s, got \(self.reconcileInterval)")
        }
        if self.cacheTTL < .zero {
            problems.append("--cache-ttl must not be negative, got \(self.cacheTTL)")
        }
        if self.cacheMaximumBytes < 0 {
            problems.append("--cache-max-bytes must not be negative, got \(self.cacheMaximumBytes)")
        }
        for (flag, value) in [
            ("--cache-max-entries", self.cacheMaximumEntries),
            ("--max-objects-per-class", self.planLimits.maximumObjects),
            ("--max-jmespath-entries-per-class", self.planLimits.maximumJMESPathEntries),
            ("--max-files-per-mount", self.planLimits.maximumFiles),
            ("--max-template-bytes-per-class", self.planLimits.maximumTemplateBytes),
            ("--max-file-bytes", self.renderLimits.maximumFileBytes),
            ("--max-mount-bytes", self.renderLimits.maximumMountBytes),
            ("--max-jmespath-steps-per-mount", self.renderLimits.jmesPathSteps),
            ("--max-wildcard-matches", self.maximumWildcardMatches),
        ] where value < 1 {
            problems.append("\(flag) must be at least 1, got \(value)")
        }

        for (flag, address) in [("--health-addr", self.healthAddress), ("--metrics-addr", self.metricsAddress)] {
            if let address, !address.isEmpty, ListenAddress(address) == nil {
                problems.append("\(flag) must be host:port such as :8989 or 127.0.0.1:8989, got '\(address)'")
            }
        }
        if self.operationsReadTimeout <= .zero {
            problems.append("--operations-read-timeout must be positive, got \(self.operationsReadTimeout)")
        }
        if self.operationsMaximumConnections < 1 {
            problems.append(
                "--operations-max-connections must be at least 1, got \(self.operationsMaximumConnections)"
            )
        }
        if self.shutdownGracePeriod < .zero {
            problems.append("the shutdown grace period must not be negative")
        }
        if !problems.isEmpty {
            throw ServerError(code: .invalidConfiguration, message: problems.joined(separator: "; "))
        }
    }
}

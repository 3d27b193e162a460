// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Logging
import Metrics
import Prometheus
import Provider
import ProviderServer
import SecretProviderClass
import ServiceLifecycle

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `serve`: runs the provider on its Unix socket until SIGTERM or SIGINT. The flags are the incumbent's, with the
/// same names, defaults and value syntax, plus ours.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the provider API to the Secrets Store CSI driver (the default command)."
    )

    /// The long flags of this command, which Go-style arguments are normalised for.
    static let longFlags: Set<String> = [
        "provider-volume", "driver-writes-secrets", "qps", "burst", "eks-addon-version", "pod-identity-http-timeout",
        "kubeconfig", "log-level", "log-format", "pod-identity-endpoint", "pod-identity-endpoint-ipv6",
        "target-path-root", "node-name", "reconcile-interval", "cache-ttl", "cache-max-bytes", "cache-max-entries",
        "health-addr", "metrics-addr", "operations-read-timeout", "operations-max-connections",
        "max-objects-per-class", "max-jmespath-entries-per-class", "max-files-per-mount", "max-file-bytes",
        "max-mount-bytes", "max-jmespath-steps-per-mount", "max-wildcard-matches", "allow-non-tmpfs-targets",
        "max-template-bytes-per-class",
        "volume-layout",
    ]

    /// The flags that may be given without a value, meaning `true`.
    static let booleanFlags: Set<String> = ["driver-writes-secrets", "allow-non-tmpfs-targets"]

    @Option(help: "Directory of the provider socket aws.sock.")
    var providerVolume = ProviderConfiguration.defaults.providerVolume

    @Option(help: "Return the files to the driver instead of writing them (Go boolean syntax; bare means true).")
    var driverWritesSecrets = GoBool(false)

    @Option(help: "Kubernetes client queries per second.")
    var qps = ProviderConfiguration.defaults.kubernetesQPS

    @Option(help: "Kubernetes client burst.")
    var burst = ProviderConfiguration.defaults.kubernetesBurst

    @Option(help: "EKS add-on version, reported in the AWS user agent.")
    var eksAddonVersion = ""

    @Option(help: "HTTP timeout for the EKS Pod Identity agent, in Go duration syntax (for example 500ms or 2s).")
    var podIdentityHttpTimeout: GoDuration?

    @Option(help: "Path of a kubeconfig file; in-cluster configuration when absent.")
    var kubeconfig: String?

    @Option(help: "Minimum level logged: trace, debug, info, notice, warning, error or critical.")
    var logLevel = LogLevel(.info)

    @Option(help: "Log line format: text or json.")
    var logFormat: LogFormat = .text

    @Option(help: "IPv4 endpoint of the EKS Pod Identity agent.")
    var podIdentityEndpoint = ProviderConfiguration.defaults.podIdentityEndpoint

    @Option(help: "IPv6 endpoint of the EKS Pod Identity agent.")
    var podIdentityEndpointIpv6 = ProviderConfiguration.defaults.podIdentityEndpointIPv6

    @Option(help: "Refuse target paths outside this directory (the chart sets /var/lib/kubelet/pods).")
    var targetPathRoot: String?

    @Option(help: "This node's name (default: the NODE_NAME environment variable); saves a pod lookup per process.")
    var nodeName: String?

    @Option(help: "Time between the provider's own checks for rotated secrets (Go duration; 0 turns them off).")
    var reconcileInterval = GoDuration(ProviderConfiguration.defaults.reconcileInterval)

    @Option(help: "How long a fetched secret version or label is served from memory (Go duration; 0: no reuse).")
    var cacheTtl = GoDuration(ProviderConfiguration.defaults.cacheTTL)

    @Option(help: "The most secret bytes kept in memory.")
    var cacheMaxBytes = ProviderConfiguration.defaults.cacheMaximumBytes

    @Option(help: "The most secret values kept in memory.")
    var cacheMaxEntries = ProviderConfiguration.defaults.cacheMaximumEntries

    @Option(help: "The most objects one SecretProviderClass may list.")
    var maxObjectsPerClass = ProviderConfiguration.defaults.planLimits.maximumObjects

    @Option(help: "The most jmesPath entries of all objects of one SecretProviderClass.")
    var maxJmespathEntriesPerClass = ProviderConfiguration.defaults.planLimits.maximumJMESPathEntries

    @Option(help: "The most bytes of all templates (objectType: template) of one SecretProviderClass together.")
    var maxTemplateBytesPerClass = ProviderConfiguration.defaults.planLimits.maximumTemplateBytes

    @Option(help: "The most files one mount writes (objects and jmesPath entries).")
    var maxFilesPerMount = ProviderConfiguration.defaults.planLimits.maximumFiles

    @Option(help: "The most bytes of one file of a mount.")
    var maxFileBytes = ProviderConfiguration.defaults.renderLimits.maximumFileBytes

    @Option(help: "The most bytes of all files of one mount.")
    var maxMountBytes = ProviderConfiguration.defaults.renderLimits.maximumMountBytes

    @Option(help: "The JMESPath work (steps) all jmesPath entries of one mount may do.")
    var maxJmespathStepsPerMount = ProviderConfiguration.defaults.renderLimits.jmesPathSteps

    @Option(help: "The most objects one wildcard objectName (/app/prod/*, prod/app/*) may match; more fail the mount.")
    var maxWildcardMatches = ProviderConfiguration.defaults.maximumWildcardMatches

    @Option(
        help: """
            Write into target directories that are not tmpfs or ramfs (Go boolean; for tests and tools only: the \
            driver always mounts a tmpfs, and secrets must never land on a disk).
            """
    )
    var allowNonTmpfsTargets = GoBool(false)

    @Option(
        help: """
            How files are laid out in pods' volumes: generations (atomic: the kubelet's ..data layout, every file \
            switched at once) or plain (files renamed into place one by one, as the incumbent; a kill in the middle \
            leaves old and new files side by side).
            """
    )
    var volumeLayout = VolumeLayoutArgument(ProviderConfiguration.defaults.volumeLayout)

    @Option(help: "Address of /healthz and /readyz, as host:port (empty: none).")
    var healthAddr = ProviderConfiguration.defaults.healthAddress ?? ""

    @Option(help: "Address of the Prometheus /metrics endpoint, as host:port (empty: none).")
    var metricsAddr = ProviderConfiguration.defaults.metricsAddress ?? ""

    @Option(
        help: """
            Time a client of the health or metrics endpoint has to send its request, and again to receive the \
            answer (Go duration).
            """
    )
    var operationsReadTimeout = GoDuration(ProviderConfiguration.defaults.operationsReadTimeout)

    @Option(help: "The most connections open at once on each of the health and metrics endpoints; more are closed.")
    var operationsMaxConnections = ProviderConfiguration.defaults.operationsMaximumConnections

    /// The configuration these flags describe.
    func makeConfiguration() -> ProviderConfiguration {
        ProviderConfiguration.defaults { configuration in
            configuration.providerVolume = self.providerVolume
            configuration.driverWritesSecrets = self.driverWritesSecrets.value
            configuration.kubernetesQPS = self.qps
            configuration.kubernetesBurst = self.burst
            configuration.eksAddonVersion = self.eksAddonVersion.isEmpty ? nil : self.eksAddonVersion
            configuration.podIdentityHTTPTimeout = self.podIdentityHttpTimeout?.duration
            configuration.kubeconfig = self.kubeconfig
            configuration.podIdentityEndpoint = self.podIdentityEndpoint
            configuration.podIdentityEndpointIPv6 = self.podIdentityEndpointIpv6
            configuration.targetPathRoot = self.targetPathRoot.flatMap { $0.isEmpty ? nil : $0 }
            configuration.nodeName = self.nodeName.flatMap { $0.isEmpty ? nil : $0 }
            configuration.reconcileInterval = self.reconcileInterval.duration
            configuration.cacheTTL = self.cacheTtl.duration
            configuration.cacheMaximumBytes = self.cacheMaxBytes
            configuration.cacheMaximumEntries = self.cacheMaxEntries
            configuration.planLimits = MountPlanLimits(
                maximumObjects: self.maxObjectsPerClass,
                maximumJMESPathEntries: self.maxJmespathEntriesPerClass,
                maximumFiles: self.maxFilesPerMount,
                maximumTemplateBytes: self.maxTemplateBytesPerClass
            )
            configuration.renderLimits = RenderLimits(
                maximumFileBytes: self.maxFileBytes,
                maximumMountBytes: self.maxMountBytes,
                maximumFiles: self.maxFilesPerMount,
                jmesPathSteps: self.maxJmespathStepsPerMount
            )
            configuration.maximumWildcardMatches = self.maxWildcardMatches
            configuration.allowNonTmpfsTargets = self.allowNonTmpfsTargets.value
            configuration.volumeLayout = self.volumeLayout.layout
            configuration.healthAddress = self.healthAddr.isEmpty ? nil : self.healthAddr
            configuration.metricsAddress = self.metricsAddr.isEmpty ? nil : self.metricsAddr
            configuration.operationsReadTimeout = self.operationsReadTimeout.duration
            configuration.operationsMaximumConnections = self.operationsMaxConnections
        }
    }

    func validate() throws {
        do {
            try self.makeConfiguration().validate()
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        var configuration = self.makeConfiguration()
        configuration.environment = ProcessInfo.processInfo.environment
        configuration.nodeName =
            configuration.nodeName
            ?? configuration.environment["NODE_NAME"].flatMap {
                $0.isEmpty ? nil : $0
            }
        LoggingSetup.bootstrap(format: self.logFormat, level: self.logLevel.level)
        // Files this process creates are private unless a mode is given explicitly: the socket and secret files
        // are never readable by others, even for an instant.
        umask(0o077)
        let logger = Logger(label: ProviderInfo.runtimeName)
        logger.info(
            "Starting \(ProviderInfo.runtimeName)",
            metadata: [
                "version": "\(ProviderInfo.version)",
                "driver_writes_secrets": "\(configuration.driverWritesSecrets)",
                "reconcile_interval": "\(configuration.reconcileInterval)",
                "cache_ttl": "\(configuration.cacheTTL)",
            ]
        )
        logger.info(
            "The CSIDriver needs tokenRequests for the audiences sts.amazonaws.com and pods.eks.amazonaws.com"
        )
        if let timeout = configuration.podIdentityHTTPTimeout, timeout > .seconds(30) {
            logger.warning("--pod-identity-http-timeout is above 30s; mounts may wait that long for the agent")
        }
        // One registry for every metric of the process, served on --metrics-addr.
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let group = try ProviderGraph.makeServiceGroup(
            configuration: configuration,
            seams: .live(configuration: configuration, logger: logger),
            metricsRegistry: registry,
            logger: logger
        )
        try await group.run()
    }
}

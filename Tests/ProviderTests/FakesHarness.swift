// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Logging
import MetricsTestKit
import ProviderTestSupport
import SecretProviderClass
import Testing

@testable import Provider

/// A ``MountService`` wired to the fakes: two AWS regions (`us-east-1`, `us-west-2`), the default Kubernetes
/// objects of ``FakeKubernetes``, and an ``InMemoryVolume`` with the builder's target directory.
struct MountHarness {
    let aws: FakeAWSServiceFactory
    let kubernetes: FakeKubernetes
    let volume: InMemoryVolume
    let credentials: CredentialCache
    let lookups: KubernetesLookups
    let service: MountService
    /// Where the service registers provider-writes mounts.
    let registry = MountRegistry()
    /// Reconciles the registered mounts.
    let reconciler: Reconciler
    /// The one clock of the service, its caches, the credential cache, the Kubernetes lookups and the reconciler.
    let clock: ManualClock
    /// The metrics the service recorded.
    let metrics = TestMetrics()
    /// What the mounts logged.
    let logs: RecordingLogHandler.Records
    private let logger: Logger

    /// Creates the service.
    ///
    /// - Parameters:
    ///   - driverWritesSecrets: Return the files instead of writing them.
    ///   - region: The configured `AWS_REGION` fallback.
    ///   - nodeName: The node name passed by the chart, if any.
    ///   - probe: Shared by both regions' fakes to measure overlapping calls.
    ///   - maximumConcurrentFetches: The per-mount limit.
    ///   - cacheTTL: How long values by stage or label are served from memory.
    ///   - cacheMaximumBytes: The cache's size limit.
    ///   - planLimits: The bounds of a class.
    ///   - renderLimits: The bounds of a mount's files.
    ///   - maximumWildcardMatches: The most objects one wildcard may match.
    ///   - clock: The one clock of the service and its caches.
    init(
        driverWritesSecrets: Bool = false,
        region: String? = nil,
        nodeName: String? = nil,
        probe: ConcurrencyProbe? = nil,
        maximumConcurrentFetches: Int = 8,
        cacheTTL: Duration = .seconds(30),
        cacheMaximumBytes: Int = 1 << 20,
        planLimits: MountPlanLimits = MountPlanLimits(),
        renderLimits: RenderLimits = RenderLimits(),
        maximumWildcardMatches: Int = 500,
        clock: ManualClock = ManualClock()
    ) {
        self.clock = clock
        (self.logger, self.logs) = RecordingLogHandler.logger(label: "provider-tests")
        self.aws = FakeAWSServiceFactory(probe: probe)
        self.kubernetes = FakeKubernetes()
        self.volume = InMemoryVolume()
        self.credentials = CredentialCache(factory: self.aws, clock: clock.timeSource)
        self.lookups = KubernetesLookups(kubernetes: self.kubernetes, nodeName: nodeName, clock: clock.timeSource)
        self.service = MountService(
            configuration: MountServiceConfiguration(
                driverWritesSecrets: driverWritesSecrets,
                region: region,
                maximumConcurrentFetches: maximumConcurrentFetches,
                cacheTTL: cacheTTL,
                cacheMaximumBytes: cacheMaximumBytes,
                planLimits: planLimits,
                renderLimits: renderLimits,
                maximumWildcardMatches: maximumWildcardMatches
            ),
            kubernetes: self.lookups,
            credentials: self.credentials,
            factory: self.aws,
            volume: self.volume,
            registry: self.registry,
            metrics: ProviderMetrics(factory: self.metrics),
            clock: clock.timeSource
        )
        self.reconciler = self.service.reconciler(
            Reconciler.Configuration(interval: .seconds(60), maximumConcurrentMounts: 4),
            logger: self.logger
        )
    }

    /// Mounts `request` with a 30-second deadline (or `deadline`), logging into ``logs``.
    func mount(_ request: MountRequest, deadline: ContinuousClock.Instant? = nil) async throws -> MountResult {
        try await self.service.mount(request, deadline: deadline ?? .now + .seconds(30), logger: self.logger)
    }

    /// Mounts `request` and returns the ``ProviderError`` it must throw.
    func failure(
        _ request: MountRequest,
        deadline: ContinuousClock.Instant? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> ProviderError {
        do {
            _ = try await self.mount(request, deadline: deadline)
        } catch let error as ProviderError {
            return error
        }
        Issue.record("the mount succeeded", sourceLocation: sourceLocation)
        throw HarnessError.mountSucceeded
    }

    /// Nothing reached AWS, Kubernetes or the volume, and no credential source or client was made.
    func expectUntouched(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(self.aws.totalCalls == 0, "AWS calls", sourceLocation: sourceLocation)
        #expect(self.aws.made.isEmpty, "credential sources", sourceLocation: sourceLocation)
        #expect(self.aws.clientsMade == 0, "AWS clients", sourceLocation: sourceLocation)
        #expect(self.kubernetes.totalCalls == 0, "Kubernetes calls", sourceLocation: sourceLocation)
        #expect(self.volume.writes.isEmpty, "writes", sourceLocation: sourceLocation)
    }
}

/// Why a harness helper gave up.
enum HarnessError: Error {
    case mountSucceeded
}

/// One Secrets Manager object as YAML, optionally with `jmesPath` entries (path, alias).
func smObject(
    _ name: String,
    alias: String? = nil,
    version: String? = nil,
    label: String? = nil,
    jmesPath: [(String, String)] = [],
    failoverName: String? = nil
) -> String {
    var yaml = "- objectName: \"\(name)\"\n  objectType: secretsmanager\n"
    if let alias { yaml += "  objectAlias: \"\(alias)\"\n" }
    if let version { yaml += "  objectVersion: \"\(version)\"\n" }
    if let label { yaml += "  objectVersionLabel: \"\(label)\"\n" }
    if !jmesPath.isEmpty {
        yaml += "  jmesPath:\n"
        for (path, alias) in jmesPath {
            yaml += "    - path: '\(path)'\n      objectAlias: \"\(alias)\"\n"
        }
    }
    if let failoverName { yaml += "  failoverObject:\n    objectName: \"\(failoverName)\"\n" }
    return yaml
}

/// One SSM parameter as YAML.
func ssmObject(_ name: String, alias: String? = nil, version: String? = nil, label: String? = nil) -> String {
    var yaml = "- objectName: \"\(name)\"\n"
    if !name.hasPrefix("arn:") { yaml += "  objectType: ssmparameter\n" }
    if let alias { yaml += "  objectAlias: \"\(alias)\"\n" }
    if let version { yaml += "  objectVersion: \"\(version)\"\n" }
    if let label { yaml += "  objectVersionLabel: \"\(label)\"\n" }
    return yaml
}

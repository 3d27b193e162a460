// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
public import Coordination
public import Logging
public import PodVolume
public import SecretProviderClass

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Serves `Mount` requests: with one request at a time or thousands, the steps are always the same.
///
/// 1. Parse and validate the whole request (attributes, tokens, permission, the objects, the target path) and fail
///    before any network call, listing every problem.
/// 2. Region (the SecretProviderClass's, else `AWS_REGION`, else the node's label), identity and credentials.
/// 3. Fetch every object in every region at once, within the deadline; apply the failover contract.
/// 4. Render the files; write them all or none (or hand them to the driver).
///
/// Every request is bounded (the size of its class, its files and the work of its `jmesPath` entries, checked
/// against the deadline as it goes), and no secret value or token is logged.
public struct MountService: MountHandling {
    private let configuration: MountServiceConfiguration
    private let kubernetes: KubernetesLookups
    /// Fetch, render and deliver (internal: tests look at its cache).
    let pipeline: MountPipeline
    private let plans: MountPlanCache
    private let gate: TenantGate

    /// Creates the service.
    ///
    /// - Parameters:
    ///   - configuration: Writing mode, region fallback, timeouts, concurrency and the cache.
    ///   - kubernetes: The cached Kubernetes lookups.
    ///   - credentials: The credential sources by identity.
    ///   - factory: Makes the AWS clients.
    ///   - volume: Writes and reads the pod's files.
    ///   - registry: Where provider-writes mounts are registered for reconciliation.
    ///   - metrics: Where the cache, Secrets Manager batching and reconciliation are counted.
    ///   - clock: The clock of the pipeline, its caches (values, remembered batch refusals) and the reconciler (the
    ///     one the credential cache and the Kubernetes lookups are given too).
    public init(
        configuration: MountServiceConfiguration,
        kubernetes: KubernetesLookups,
        credentials: CredentialCache,
        factory: any AWSServiceFactory,
        volume: any VolumeWriting,
        registry: MountRegistry = MountRegistry(),
        metrics: ProviderMetrics = ProviderMetrics(),
        clock: TimeSource = .system
    ) {
        self.configuration = configuration
        self.kubernetes = kubernetes
        self.plans = MountPlanCache(limits: configuration.planLimits)
        let gate = TenantGate()
        self.gate = gate
        self.pipeline = MountPipeline(
            driverWritesSecrets: configuration.driverWritesSecrets,
            maximumConcurrentFetches: configuration.maximumConcurrentFetches,
            maximumWildcardMatches: configuration.maximumWildcardMatches,
            renderLimits: configuration.renderLimits,
            credentials: credentials,
            factory: factory,
            volume: volume,
            cache: ValueCache(
                ttl: configuration.cacheTTL,
                maximumBytes: configuration.cacheMaximumBytes,
                maximumEntries: configuration.cacheMaximumEntries,
                metrics: metrics,
                clock: clock
            ),
            permissions: BatchPermissions(clock: clock),
            metrics: metrics,
            registry: registry,
            gate: gate,
            clock: clock
        )
    }

    /// The reconciler of the mounts this service registers, sharing its cache.
    public func reconciler(_ configuration: Reconciler.Configuration, logger: Logger) -> Reconciler {
        Reconciler(configuration: configuration, pipeline: self.pipeline, logger: logger)
    }

    /// Drops the cached values read by stage or label whose freshness window has passed, so secrets nobody asks for
    /// do not stay in memory; run on a timer in every mode.
    public func sweepCache() {
        self.pipeline.cache.sweep()
    }

    /// How often ``sweepCache()`` should run: the freshness window, between one second and a minute.
    public var cacheSweepInterval: Duration {
        min(max(self.configuration.cacheTTL, .seconds(1)), .seconds(60))
    }

    /// Mounts the objects of one pod volume.
    ///
    /// A request with `current_object_version` (the driver's rotation) re-checks every version and label instead
    /// of trusting the cache; files whose bytes and mode are unchanged are never rewritten. A provider-writes mount
    /// is registered for reconciliation. The result, and the error once the request has been read, carry its
    /// ``RequestSummary``.
    ///
    /// - Throws: ``ProviderError`` naming every field or object at fault; nothing is written then.
    public func mount(
        _ request: MountRequest,
        deadline: ContinuousClock.Instant?,
        logger: Logger
    ) async throws -> MountResult {
        let started = self.pipeline.clock.now()
        let deadline = deadline ?? .now + self.configuration.defaultTimeout
        let prepared = try await self.prepare(request, deadline: deadline)
        let attributes = prepared.attributes
        var summary = RequestSummary(
            pod: attributes.podName,
            namespace: attributes.podNamespace,
            objects: prepared.plan.objects.count
        )
        do {
            let outcome = try await self.mount(
                prepared,
                request: request,
                started: started,
                deadline: deadline,
                logger: logger
            )
            summary.filesWritten = outcome.written.count
            return MountResult(objectVersions: outcome.versions, files: outcome.files, summary: summary)
        } catch var error as ProviderError {
            error.summary = summary
            throw error
        }
    }

    /// Resolves the regions and the identity of a prepared request, then fetches, renders and writes its files.
    private func mount(
        _ prepared: Prepared,
        request: MountRequest,
        started: ContinuousClock.Instant,
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async throws -> MountPipeline.Outcome {
        let attributes = prepared.attributes
        var logger = logger
        let pod = "\(attributes.podNamespace)/\(attributes.podName)"
        logger[metadataKey: "pod"] = "\(pod)"
        let plan = try await self.resolveRegions(prepared.plan, attributes: attributes, deadline: deadline)
        let identity = try await self.identity(of: attributes, plan: plan.plan, deadline: deadline)
        logger.debug(
            "Servicing mount request",
            metadata: [
                "service_account": "\(attributes.serviceAccountName)", "regions": "\(plan.regions)",
                "identity": "\(identity)", "objects": "\(plan.plan.objects.count)",
                "mode": "\(self.configuration.driverWritesSecrets ? "driver-writes" : "provider-writes")",
            ]
        )
        let context = MountContext(
            target: request.targetPath,
            targetIdentity: prepared.targetIdentity,
            plan: plan,
            identity: identity,
            token: prepared.token.token,
            tokenExpiry: Self.instant(of: prepared.token.expirationTimestamp, now: started),
            pod: pod
        )
        let outcome: MountPipeline.Outcome
        let pipeline = self.pipeline
        let mountedVersions = Dictionary(
            request.currentObjectVersions.map { ($0.id, $0.version) },
            uniquingKeysWith: { _, last in last }
        )
        let freshAfter = request.currentObjectVersions.isEmpty ? nil : started
        let run = { @Sendable [logger] in
            try await pipeline.run(
                context,
                mountedVersions: mountedVersions,
                freshAfter: freshAfter,
                deadline: deadline,
                logger: logger,
                delivery: .mount
            )
        }
        do {
            outcome =
                MountPipeline.isHeavy(plan.plan.objects, templates: plan.plan.templates, valueBytes: 0)
                ? try await self.gate.onHeavyThreads(run) : try await run()
        } catch let error as ProviderError {
            logger.debug("Mount failed", metadata: ["error.code": "\(error.code)", "error": "\(error.message)"])
            throw error
        }
        logger.debug(
            "Mounted",
            metadata: [
                "files": "\(outcome.versions.count)", "written": "\(outcome.written.count)",
                "regions": "\(plan.regions)",
            ]
        )
        return outcome
    }

    private struct Prepared {
        let attributes: MountAttributes
        let plan: MountPlan
        let token: ServiceAccountToken
        let targetIdentity: TargetIdentity
    }

    /// Every check that needs no network call. A class the plan cache does not know is validated in the tenant's
    /// turn (``TenantGate``), and validation stops at the deadline or on cancellation.
    private func prepare(_ request: MountRequest, deadline: ContinuousClock.Instant) async throws -> Prepared {
        guard !request.targetPath.isEmpty else {
            throw ProviderError(code: .invalidRequest, message: "Missing mount path: target_path is empty")
        }
        do {
            let (attributes, key) = try await self.read(request)
            let permission = request.permission
            let plan: MountPlan
            if let remembered = try self.plans.remembered(key) {
                plan = remembered
            } else {
                let plans = self.plans
                plan = try await self.gate.run(attributes.podNamespace) { isCancelled in
                    try plans.validate(key, attributes: attributes, permission: permission) {
                        isCancelled() || ContinuousClock.now >= deadline
                    }
                }
            }
            let token = try attributes.token(for: plan.authentication)
            let identity = try self.pipeline.volume.checkTarget(request.targetPath)
            return Prepared(attributes: attributes, plan: plan, token: token, targetIdentity: identity)
        } catch let error as SecretProviderClassError {
            throw MountFailure.error(error)
        } catch let error as VolumeError {
            throw MountFailure.error(error)
        }
    }

    /// Requests with attributes larger than this are read on the heavy-step threads (``TenantGate``).
    static let largeAttributesBytes = 64 * 1024

    /// The request's attributes and its plan's cache key. Parsing and hashing cost time in proportion to the
    /// attributes' size, and the tenant is only known once they are read, so a large request is read on the
    /// heavy-step threads, at their lower priority: a tenant sending huge classes over and over does not hold up the
    /// threads every other tenant's mounts run on.
    private func read(_ request: MountRequest) async throws -> (MountAttributes, MountPlanCache.Key) {
        let read = { @Sendable () throws -> (MountAttributes, MountPlanCache.Key) in
            let attributes = try MountAttributes(json: request.attributes, secrets: request.secrets)
            return (attributes, MountPlanCache.Key(attributes: attributes, permission: request.permission))
        }
        guard request.attributes.utf8.count > Self.largeAttributesBytes else {
            return try read()
        }
        return try await self.gate.runBeforeTenantIsKnown(read)
    }

    private func resolveRegions(
        _ plan: MountPlan,
        attributes: MountAttributes,
        deadline: ContinuousClock.Instant
    ) async throws -> ResolvedMountPlan {
        var fallback: String?
        if plan.region == nil {
            fallback = self.configuration.region
            if fallback?.isEmpty ?? true {
                fallback = try await self.kubernetes.nodeRegion(
                    podNamespace: attributes.podNamespace,
                    podName: attributes.podName,
                    deadline: deadline
                )
            }
        }
        do {
            return try plan.resolved(fallbackRegion: fallback)
        } catch {
            throw MountFailure.error(error)
        }
    }

    private func identity(
        of attributes: MountAttributes,
        plan: MountPlan,
        deadline: ContinuousClock.Instant
    ) async throws -> MountIdentity {
        let method: MountIdentity.Method
        switch plan.authentication {
        case .irsa:
            method = .irsa(
                roleArn: try await self.kubernetes.roleArn(
                    namespace: attributes.podNamespace,
                    serviceAccount: attributes.serviceAccountName,
                    deadline: deadline
                )
            )
        case .podIdentity(let addressType):
            method = .podIdentity(addressType)
        }
        return MountIdentity(
            namespace: attributes.podNamespace,
            serviceAccount: attributes.serviceAccountName,
            method: method,
            assumeRole: plan.assumeRole
        )
    }

    /// The instant of an RFC 3339 expiry on the clock that reads `now` at this moment, or nil when there is none
    /// or it cannot be read.
    static func instant(of timestamp: String, now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        guard let date = AWSTimestamp.parse(timestamp) else { return nil }
        let seconds = date.timeIntervalSinceNow
        return now + .milliseconds(Int64((seconds * 1000).rounded()))
    }
}

/// How ``MountService`` works: writing mode, region fallback, timeouts, concurrency and the cache.
public struct MountServiceConfiguration: Sendable {
    /// Return the files to the driver instead of writing them (`--driver-writes-secrets`).
    public var driverWritesSecrets: Bool
    /// `AWS_REGION`: the primary region when the SecretProviderClass names none, before the node's label.
    public var region: String?
    /// The deadline of a request that carries none.
    public var defaultTimeout: Duration
    /// The most AWS calls one mount makes at once.
    public var maximumConcurrentFetches: Int
    /// The most objects one wildcard may match (`--max-wildcard-matches`).
    public var maximumWildcardMatches: Int
    /// How long a value read by stage or label is served from memory (`--cache-ttl`); zero serves only pinned
    /// versions from memory.
    public var cacheTTL: Duration
    /// The most secret bytes the cache holds (`--cache-max-bytes`).
    public var cacheMaximumBytes: Int
    /// The most values the cache holds (`--cache-max-entries`).
    public var cacheMaximumEntries: Int
    /// The most objects, `jmesPath` entries and files of one class.
    public var planLimits: MountPlanLimits
    /// The most bytes, files and JMESPath work of one mount's files.
    public var renderLimits: RenderLimits

    /// Creates a configuration.
    public init(
        driverWritesSecrets: Bool = false,
        region: String? = nil,
        defaultTimeout: Duration = .seconds(30),
        maximumConcurrentFetches: Int = 8,
        cacheTTL: Duration = .seconds(30),
        cacheMaximumBytes: Int = 32 * 1024 * 1024,
        cacheMaximumEntries: Int = 10_000,
        planLimits: MountPlanLimits = MountPlanLimits(),
        renderLimits: RenderLimits = RenderLimits(),
        maximumWildcardMatches: Int = 500
    ) {
        self.cacheTTL = cacheTTL
        self.cacheMaximumBytes = cacheMaximumBytes
        self.cacheMaximumEntries = cacheMaximumEntries
        self.planLimits = planLimits
        self.renderLimits = renderLimits
        self.driverWritesSecrets = driverWritesSecrets
        self.region = region
        self.defaultTimeout = defaultTimeout
        self.maximumConcurrentFetches = maximumConcurrentFetches
        self.maximumWildcardMatches = maximumWildcardMatches
    }
}

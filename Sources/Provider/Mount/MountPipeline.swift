// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Coordination
import FileFormats
import Logging
import PodVolume
import SecretProviderClass
import Templates

/// A validated mount with everything looked up: what a `Mount` resolved, and what the reconciler replays.
struct MountContext: Sendable {
    /// The pod's volume directory.
    let target: String
    /// What the target directory was when the `Mount` checked it; every write into it must find the same.
    let targetIdentity: TargetIdentity
    /// The objects, files and regions.
    let plan: ResolvedMountPlan
    /// Who the mount acts as.
    let identity: MountIdentity
    /// The service account token for the identity's audience; never logged.
    let token: String
    /// When the token expires, if the driver said; past it the reconciler waits for the next `Mount`.
    let tokenExpiry: ContinuousClock.Instant?
    /// `namespace/name` of the pod, for logs.
    let pod: String
}

/// Fetch, render and deliver: the steps a `Mount` and a reconciliation share.
struct MountPipeline: Sendable {
    /// What one run produced.
    struct Outcome: Sendable {
        /// One version per file.
        let versions: [ObjectVersion]
        /// The files, when the driver writes them.
        let files: [VolumeFile]
        /// The paths written into the target (those whose bytes or mode changed), then those removed.
        let written: [String]
        /// How many entries of the volume's layout a reconciliation repaired (links a killed provider left missing
        /// or dangling).
        var repaired = 0
    }

    /// How a run's files reach the volume.
    enum Delivery: Sendable {
        /// A `Mount`: the files are written, then the mount is registered for reconciliation.
        case mount
        /// A reconciliation of `registration`: the files are written only while it is its target's current one.
        case reconcile(MountRegistry.Registration)
    }

    let driverWritesSecrets: Bool
    let maximumConcurrentFetches: Int
    let maximumWildcardMatches: Int
    let renderLimits: RenderLimits
    let credentials: CredentialCache
    let factory: any AWSServiceFactory
    let volume: any VolumeWriting
    let cache: ValueCache
    let permissions: BatchPermissions
    let metrics: ProviderMetrics
    let registry: MountRegistry
    /// Where a tenant waits for its turn to render (one CPU-heavy step per tenant at a time).
    let gate: TenantGate
    /// The clock of freshness and token expiry, the one the caches read.
    let clock: TimeSource

    /// Reads back the pinned versions the volume already holds, fetches every other object (through the cache),
    /// renders every file within the mount's limits and, when all succeeded, writes the files that changed (or
    /// returns them all to the driver).
    ///
    /// - Parameters:
    ///   - context: The mount.
    ///   - mountedVersions: The versions the volume holds, by file name.
    ///   - freshAfter: If set, values by stage or label must have been fetched at or after this instant.
    ///   - deadline: When to give up; nothing is written past it.
    ///   - logger: The caller's logger.
    ///   - delivery: A `Mount` (write, then register) or a reconciliation (write while still registered).
    /// - Throws: ``ProviderError`` naming every failed object, or the limit or deadline that stopped the mount;
    ///   nothing is written then.
    func run(
        _ context: MountContext,
        mountedVersions: [String: String],
        freshAfter: ContinuousClock.Instant?,
        deadline: ContinuousClock.Instant,
        logger: Logger,
        delivery: Delivery
    ) async throws -> Outcome {
        let fetchers = try self.fetchers(context, logger: logger)
        let mounted = MountedValues.read(context, versions: mountedVersions, from: self.volume)
        let fetcher = ObjectFetcher(
            maximumConcurrency: self.maximumConcurrentFetches,
            listingLimits: ListingLimits(
                maximumMatches: self.maximumWildcardMatches,
                maximumBytes: self.renderLimits.maximumMountBytes
            ),
            cache: self.cache,
            identity: context.identity
        )
        // Fetches end by 80 % of the time left, so a region that never answers fails in time for the failover
        // region's value to be used and the files to be written before the caller gives up.
        let now = ContinuousClock.now
        let results = await fetcher.fetchAll(
            context.plan,
            fetchers: fetchers,
            known: mounted,
            freshAfter: freshAfter,
            deadline: deadline > now ? now + (deadline - now) * 0.8 : deadline
        )
        let objects = WildcardExpansion.expand(context.plan.plan.objects, results: results)
        let templates = context.plan.plan.templates
        if case .reconcile(let registration) = delivery,
            let versions = Self.unchangedVersions(objects, templates: templates, mounted: mountedVersions)
        {
            // Every object is at the version the volume holds: nothing to render or write. A pass costs no
            // rendering for the mounts whose secrets did not rotate, only a look at the volume's links.
            let repaired = try self.repair(context, registration: registration)
            return Outcome(versions: versions, files: [], written: [], repaired: repaired)
        }
        let valueBytes = objects.reduce(0) { total, resolved in
            guard case .fetched(let value) = resolved.outcome else { return total }
            return total + value.bytes.count
        }
        let step: @Sendable (_ isCancelled: @escaping @Sendable () -> Bool) throws -> Outcome = { isCancelled in
            let (files, versions) = try self.render(
                objects,
                templates: templates,
                valueBytes: valueBytes,
                deadline: deadline,
                isCancelled: isCancelled
            )
            guard ContinuousClock.now < deadline else {
                throw ProviderError(
                    code: .deadlineExceeded,
                    message: "the mount's deadline passed after every object was fetched; nothing was written"
                )
            }
            return try self.deliver(files, versions: versions, context: context, delivery: delivery)
        }
        // A large mount's rendering and writing are heavy work: one at a time per tenant, off the cooperative
        // threads. A small one (most mounts) costs less than the hop to another thread, so it runs here.
        guard Self.isHeavy(objects.map(\.object), templates: templates, valueBytes: valueBytes) else {
            return try step { Task.isCancelled }
        }
        return try await self.gate.run(context.identity.namespace, step)
    }

    /// Whether rendering and writing these objects (whose values are `valueBytes` in all) and templates is heavy
    /// work: any template, more than ``lightObjects`` objects, any `jmesPath` entry (whose work can reach the mount's
    /// JMESPath budget), `mountAllKeys` or decoding, or more than ``lightBytes`` of values.
    static func isHeavy(_ objects: [PlannedObject], templates: [PlannedTemplate], valueBytes: Int) -> Bool {
        !templates.isEmpty || objects.count > Self.lightObjects
            || objects.contains { !$0.jmesPathFiles.isEmpty || $0.mountAllKeys || $0.encoding != .utf8 }
            || valueBytes > Self.lightBytes
    }

    /// The most objects of a light mount.
    static let lightObjects = 32

    /// The most bytes of values of a light mount.
    static let lightBytes = 128 * 1024

    /// Returns the files to the driver, or writes those that changed into the target (a reconciliation only while
    /// its registration is current; a `Mount` registers after writing), serialised with every other write of it.
    private func deliver(
        _ files: [RenderedFile],
        versions: [ObjectVersion],
        context: MountContext,
        delivery: Delivery
    ) throws(ProviderError) -> Outcome {
        let volumeFiles = files.map {
            VolumeFile(path: $0.file.path, mode: $0.file.mode.permissionBits, contents: $0.contents)
        }
        if self.driverWritesSecrets {
            // The driver replaces the whole volume with what it gets, so every file is returned.
            return Outcome(versions: versions, files: volumeFiles, written: [])
        }
        do {
            return try self.registry.exclusively(context.target) { () throws(VolumeError) -> Outcome in
                if case .reconcile(let registration) = delivery, !self.registry.isCurrent(registration) {
                    return Outcome(versions: versions, files: [], written: [])  // A newer `Mount` replaced it.
                }
                let written = try self.volume.write(
                    volumeFiles,
                    into: context.target,
                    expecting: context.targetIdentity
                )
                if case .mount = delivery {
                    self.registry.register(context, versions: versions)
                }
                return Outcome(versions: versions, files: [], written: written)
            }
        } catch {
            throw MountFailure.error(error)
        }
    }

    /// Repairs the layout of the volume (``VolumeWriting/repair(_:expecting:)``) while `registration` is its
    /// target's current one, serialised with every other write of it; 0 when the driver writes the files.
    private func repair(
        _ context: MountContext,
        registration: MountRegistry.Registration
    ) throws(ProviderError) -> Int {
        guard !self.driverWritesSecrets else {
            return 0
        }
        do {
            return try self.registry.exclusively(context.target) { () throws(VolumeError) -> Int in
                guard self.registry.isCurrent(registration) else { return 0 }
                return try self.volume.repair(context.target, expecting: context.targetIdentity)
            }
        } catch {
            throw MountFailure.error(error)
        }
    }

    /// The versions of every file when every object was fetched at the version the volume already holds for each
    /// of its files, and the volume holds no other file (one a wildcard no longer matches); nil when anything
    /// changed or failed. Templates render the same files from the same values, so they keep the versions the
    /// volume holds.
    private static func unchangedVersions(
        _ objects: [ResolvedObject],
        templates: [PlannedTemplate],
        mounted: [String: String]
    ) -> [ObjectVersion]? {
        var versions: [ObjectVersion] = []
        for resolved in objects {
            // Key files are named by the value: only rendering knows them (an unchanged value writes nothing). An
            // object that only feeds templates has no file whose version the volume holds: its templates are rendered
            // again and written only if their contents changed.
            guard case .fetched(let value) = resolved.outcome, !resolved.object.mountAllKeys,
                !resolved.object.writtenFiles.isEmpty
            else { return nil }
            for file in resolved.object.writtenFiles {
                guard mounted[file.objectVersionID] == value.version else { return nil }
                versions.append(ObjectVersion(id: file.objectVersionID, version: value.version))
            }
        }
        for template in templates {
            guard let version = mounted[template.file.objectVersionID] else { return nil }
            versions.append(ObjectVersion(id: template.file.objectVersionID, version: version))
        }
        // The same files as the volume holds, each once: a file that left (a wildcard no longer matches it) or two
        // objects making one file (a collision rendering reports) must be rendered.
        let ids = Set(versions.map(\.id))
        return ids.count == versions.count && ids.count == mounted.count ? versions : nil
    }

    /// Renders every object's files (a wildcard's as its matches) within the mount's limits, checking the deadline
    /// before each entry.
    ///
    /// The sizes known before rendering (the values themselves) are checked first, so a mount that cannot fit fails
    /// before any `jmesPath` entry is evaluated.
    /// - Throws: ``ProviderError`` listing every object that failed, or naming the limit or deadline that stopped
    ///   rendering.
    private func render(
        _ objects: [ResolvedObject],
        templates: [PlannedTemplate],
        valueBytes: Int,
        deadline: ContinuousClock.Instant,
        isCancelled: @escaping @Sendable () -> Bool
    ) throws(ProviderError) -> (files: [RenderedFile], versions: [ObjectVersion]) {
        if valueBytes > self.renderLimits.maximumMountBytes {
            throw ProviderError(
                code: .invalidRequest,
                message: "the objects' values are \(valueBytes) bytes in all, more than a mount may write "
                    + "(\(self.renderLimits.maximumMountBytes), --max-mount-bytes); nothing was written"
            )
        }
        var budget = RenderBudget(limits: self.renderLimits) { isCancelled() || ContinuousClock.now >= deadline }
        var files: [RenderedFile] = []
        var versions: [ObjectVersion] = []
        var failures: [MountFailure.Entry] = []
        // Every file of the mount with who makes it: files named by AWS (key files, wildcard matches) must not take
        // another's path. The class's own files were checked against each other before any I/O.
        var claims = FileClaims<FileMaker>()
        let checksNames = objects.contains { $0.object.mountAllKeys || $0.object.matchedBy != nil }
        if checksNames {
            for resolved in objects where resolved.object.matchedBy == nil && resolved.object.wildcard == nil {
                for file in resolved.object.writtenFiles {
                    _ = claims.claim(file.path, by: FileMaker(object: resolved.object, file: file))
                }
            }
            for template in templates {
                _ = claims.claim(template.file.path, by: FileMaker(template: template))
            }
        }
        var templateRenderer = TemplateRenderer()
        for resolved in objects {
            let object = resolved.object
            switch resolved.outcome {
            case .fetched(let value):
                do {
                    let rendered = try FileRenderer.renderObject(object, value: value.bytes, budget: &budget)
                    if checksNames {
                        try FileRenderer.claim(rendered.files, of: object, claims: &claims)
                    }
                    if !templates.isEmpty {
                        templateRenderer.record(rendered, of: object)
                    }
                    files += rendered.files
                    versions += rendered.files.map {
                        ObjectVersion(id: $0.file.objectVersionID, version: value.version)
                    }
                } catch  where error.stopsMount {
                    throw ProviderError(code: error.code, message: "\(error.message); nothing was written")
                } catch {
                    failures.append(MountFailure.entry(object, render: error, region: value.region))
                }
            case .failed(let objectFailures):
                failures.append(MountFailure.entry(object, failures: objectFailures))
            }
        }
        // Templates read the other files, so they render only once every object did; the first that fails stops
        // the rest (the mount fails anyway), so failing templates cost no more work than one.
        if failures.isEmpty, !templates.isEmpty {
            let data = templateRenderer.data(for: templates)
            for template in templates where failures.isEmpty {
                do {
                    let (file, version) = try templateRenderer.render(template, data: data, budget: &budget)
                    files.append(file)
                    versions.append(version)
                } catch  where error.stopsMount {
                    throw ProviderError(code: error.code, message: "\(error.message); nothing was written")
                } catch {
                    failures.append(MountFailure.entry(template, render: error))
                }
            }
        }
        guard failures.isEmpty else {
            throw MountFailure.error(failures, objectCount: objects.count + templates.count)
        }
        return (files, versions)
    }

    private func fetchers(_ context: MountContext, logger: Logger) throws -> [String: RegionFetchers] {
        var fetchers: [String: RegionFetchers] = [:]
        for region in context.plan.regions.all {
            do {
                let credentials = try self.credentials.provider(
                    for: context.identity,
                    region: region,
                    otherRegions: context.plan.regions.all,
                    token: context.token,
                    expiry: context.tokenExpiry
                )
                fetchers[region] = RegionFetchers(
                    secretsManager: SecretsManagerFetcher(
                        client: try self.factory.secretsManager(
                            region: region,
                            credentials: credentials,
                            identity: context.identity
                        ),
                        identity: context.identity,
                        permissions: self.permissions,
                        metrics: self.metrics,
                        maximumConcurrency: self.maximumConcurrentFetches,
                        logger: logger
                    ),
                    parameterStore: ParameterStoreFetcher(
                        client: try self.factory.parameterStore(
                            region: region,
                            credentials: credentials,
                            identity: context.identity
                        ),
                        logger: logger
                    ),
                    certificates: CertificateFetcher(
                        client: try self.factory.certificateManager(
                            region: region,
                            credentials: credentials,
                            identity: context.identity
                        ),
                        logger: logger
                    )
                )
            } catch {
                let failure = FetchFailure(error, region: region)
                throw ProviderError(code: failure.code, message: "\(region): \(failure.message)", cause: error)
            }
        }
        return fetchers
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import Logging
import SecretProviderClass
public import VolumeWriter

/// Serves `Mount` requests: with one request at a time or thousands, the steps are always the same.
///
/// 1. Parse and validate the whole request (attributes, tokens, permission, the objects, the target path) and fail
///    before any network call, listing every problem.
/// 2. Region (the SecretProviderClass's, else `AWS_REGION`, else the node's label), identity and credentials.
/// 3. Fetch every object in every region at once, within the deadline; apply the failover contract.
/// 4. Render the files; write them all or none (or hand them to the driver).
///
/// Nothing shared is changed per request, and no secret value or token is logged.
public struct MountService: MountHandling {
    private let configuration: MountServiceConfiguration
    private let kubernetes: KubernetesLookups
    private let credentials: CredentialCache
    private let factory: any AWSServiceFactory
    private let volume: any VolumeWriting

    /// Creates the service.
    ///
    /// - Parameters:
    ///   - configuration: Writing mode, region fallback, timeouts and concurrency.
    ///   - kubernetes: The cached Kubernetes lookups.
    ///   - credentials: The credential sources by identity.
    ///   - factory: Makes the AWS clients.
    ///   - volume: Writes and reads the pod's files.
    public init(
        configuration: MountServiceConfiguration,
        kubernetes: KubernetesLookups,
        credentials: CredentialCache,
        factory: any AWSServiceFactory,
        volume: any VolumeWriting
    ) {
        self.configuration = configuration
        self.kubernetes = kubernetes
        self.credentials = credentials
        self.factory = factory
        self.volume = volume
    }

    /// Mounts the objects of one pod volume.
    ///
    /// - Throws: ``ProviderError`` naming every field or object at fault; nothing is written then.
    public func mount(
        _ request: MountRequest,
        deadline: ContinuousClock.Instant?,
        logger: Logger
    ) async throws -> MountResult {
        let deadline = deadline ?? .now + self.configuration.defaultTimeout
        let prepared = try self.prepare(request)
        let attributes = prepared.attributes
        var logger = logger
        logger[metadataKey: "pod"] = "\(attributes.podNamespace)/\(attributes.podName)"
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
        let fetchers = try self.fetchers(
            plan,
            identity: identity,
            token: prepared.token,
            target: request.targetPath,
            logger
        )
        let mounted = Dictionary(
            request.currentObjectVersions.map { ($0.id, $0.version) },
            uniquingKeysWith: { _, last in last }
        )
        let results = await ObjectFetcher(maximumConcurrency: self.configuration.maximumConcurrentFetches)
            .fetchAll(plan, fetchers: fetchers, mountedVersions: mounted, deadline: deadline)

        var files: [RenderedFile] = []
        var unchanged: Set<String> = []
        var versions: [ObjectVersion] = []
        var failures: [MountFailure.Entry] = []
        for object in plan.plan.objects {
            switch results[object.index] ?? .failed([]) {
            case .fetched(let value):
                do {
                    let rendered = try FileRenderer.render(object, value: value.bytes)
                    files += rendered
                    versions += rendered.map { ObjectVersion(id: $0.file.objectVersionID, version: value.version) }
                    if value.reused {
                        // Only files the volume already holds at this version stay as they are; a file new to the
                        // SecretProviderClass (a jmesPath entry added since) is written.
                        unchanged.formUnion(
                            rendered.filter { mounted[$0.file.objectVersionID] == value.version }.map(\.file.path)
                        )
                    }
                } catch {
                    failures.append(MountFailure.entry(object, render: error, region: value.region))
                }
            case .failed(let objectFailures):
                failures.append(MountFailure.entry(object, failures: objectFailures))
            }
        }
        guard failures.isEmpty else {
            let error = MountFailure.error(failures, objectCount: plan.plan.objects.count)
            logger.debug("Mount failed", metadata: ["error.code": "\(error.code)", "error": "\(error.message)"])
            throw error
        }
        guard ContinuousClock.now < deadline else {
            throw ProviderError(
                code: .deadlineExceeded,
                message: "the mount's deadline passed after every object was fetched; nothing was written"
            )
        }
        let result = try self.deliver(files, unchanged: unchanged, versions: versions, target: request.targetPath)
        logger.debug(
            "Mounted",
            metadata: ["files": "\(files.count)", "unchanged": "\(unchanged.count)", "regions": "\(plan.regions)"]
        )
        return result
    }

    private struct Prepared {
        let attributes: MountAttributes
        let plan: MountPlan
        let token: String
    }

    /// Every check that needs no network call.
    private func prepare(_ request: MountRequest) throws -> Prepared {
        guard !request.targetPath.isEmpty else {
            throw ProviderError(code: .invalidRequest, message: "Missing mount path: target_path is empty")
        }
        do {
            let attributes = try MountAttributes(json: request.attributes, secrets: request.secrets)
            let plan = try MountPlan(attributes: attributes, permission: request.permission)
            let token = try attributes.token(for: plan.authentication).token
            try self.volume.checkTarget(request.targetPath)
            return Prepared(attributes: attributes, plan: plan, token: token)
        } catch let error as SecretProviderClassError {
            throw MountFailure.error(error)
        } catch let error as VolumeError {
            throw MountFailure.error(error)
        }
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
            method: method
        )
    }

    private func fetchers(
        _ plan: ResolvedMountPlan,
        identity: MountIdentity,
        token: String,
        target: String,
        _ logger: Logger
    ) throws -> [String: RegionFetchers] {
        let volume = self.volume
        var fetchers: [String: RegionFetchers] = [:]
        for region in plan.regions.all {
            do {
                let credentials = try self.credentials.provider(for: identity, region: region, token: token)
                fetchers[region] = RegionFetchers(
                    secretsManager: SecretsManagerFetcher(
                        client: try self.factory.secretsManager(region: region, credentials: credentials),
                        readMounted: { path throws in try volume.read(path, in: target) },
                        logger: logger
                    ),
                    parameterStore: ParameterStoreFetcher(
                        client: try self.factory.parameterStore(region: region, credentials: credentials),
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

    /// Writes the files into the target (provider-writes) or returns them (driver-writes).
    private func deliver(
        _ files: [RenderedFile],
        unchanged: Set<String>,
        versions: [ObjectVersion],
        target: String
    ) throws -> MountResult {
        if self.configuration.driverWritesSecrets {
            // The driver replaces the whole volume with what it gets, so unchanged files are returned too.
            let mounted = files.map {
                MountedFile(path: $0.file.path, mode: Int32($0.file.mode.permissionBits), contents: $0.contents)
            }
            return MountResult(objectVersions: versions, files: mounted)
        }
        let changed = files.filter { !unchanged.contains($0.file.path) }.map {
            VolumeFile(path: $0.file.path, mode: $0.file.mode.permissionBits, contents: $0.contents)
        }
        do {
            try self.volume.write(changed, into: target)
        } catch {
            throw MountFailure.error(error)
        }
        return MountResult(objectVersions: versions, files: [])
    }
}

/// How ``MountService`` works: writing mode, region fallback, timeouts and concurrency.
public struct MountServiceConfiguration: Sendable {
    /// Return the files to the driver instead of writing them (`--driver-writes-secrets`).
    public var driverWritesSecrets: Bool
    /// `AWS_REGION`: the primary region when the SecretProviderClass names none, before the node's label.
    public var region: String?
    /// The deadline of a request that carries none.
    public var defaultTimeout: Duration
    /// The most AWS calls one mount makes at once.
    public var maximumConcurrentFetches: Int

    /// Creates a configuration.
    public init(
        driverWritesSecrets: Bool = false,
        region: String? = nil,
        defaultTimeout: Duration = .seconds(30),
        maximumConcurrentFetches: Int = 8
    ) {
        self.driverWritesSecrets = driverWritesSecrets
        self.region = region
        self.defaultTimeout = defaultTimeout
        self.maximumConcurrentFetches = maximumConcurrentFetches
    }
}

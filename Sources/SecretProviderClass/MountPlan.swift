// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// The validated plan of one mount: the files to write, the objects to fetch for them, the authentication mode
/// and the regions. It is built before any network call and never changes.
///
/// Validation happens in two steps because the primary region may come from the node's label, which needs a
/// Kubernetes call:
/// 1. ``init(attributes:permission:)`` checks everything that does not depend on the primary region, and also
///    the rules that do when the SecretProviderClass names its `region`. Every problem is reported at once.
/// 2. ``resolved(fallbackRegion:)`` completes the plan with the primary region (the SecretProviderClass's, else
///    `AWS_REGION` or the node's label) and checks the rest: V3 (ARN regions), a valid region name, and
///    `failoverRegion` ≠ primary. Still before any AWS call.
///
/// Every SecretProviderClass the incumbent (ASCP 3.1.1) accepts and can mount is accepted with the same meaning,
/// and everything it rejects is rejected with its wording. Deliberate differences, all for configurations that
/// are mistakes or that fail later anyway:
/// - All problems are reported together, one line each naming the object and field, not only the first.
/// - Every file name (object and `jmesPath` aliases included, after translation) must stay in the mount
///   directory, pass the driver's path rules (so no first element starting with `..`, such as `..data`) and
///   differ from every other file and directory of the mount, including names that only collide after
///   translation and two objects written to one file (same name, no alias, different labels).
/// - An unquoted `filePermission: 0600` means 0600 (the incumbent reads YAML's integer 384 and rejects it).
/// - Rejected instead of silently ignored or guessed: an invalid `preferredAddressType` (the incumbent means
///   `auto`), region names that are not DNS labels, field names given twice in different letter case, duplicate
///   YAML keys, several YAML documents in `objects`, an `objectType` with the ARN of another service
///   (`ssmparameter` with `arn:aws:sts:…`), a request `permission` above 4095, and `!!binary` values.
/// - Accepted as the incumbent does, with a warning in ``warnings``: an empty `objects` list (a mount of no files,
///   answered with empty object versions), and an SSM `objectVersion` that is not a number (a label).
/// - Checked here, which the incumbent does not have: `assumeRoleArn`, `assumeRoleExternalId` and
///   `assumeRoleDurationSeconds` (``assumeRole``).
/// - YAML is bounded: 1 MiB, 100,000 nodes once aliases are expanded, 64 levels of nesting.
///
/// ```swift
/// let attributes = try MountAttributes(json: request.attributes, secrets: request.secrets)
/// let plan = try MountPlan(attributes: attributes, permission: request.permission)
/// let token = try attributes.token(for: plan.authentication)
/// let nodeRegion = plan.region == nil ? try await regionResolver.region(of: attributes) : nil
/// let resolved = try plan.resolved(fallbackRegion: nodeRegion)
/// for object in resolved.plan.objects {
///     for (region, reference) in resolved.sources(of: object) { /* fetch reference in region */ }
///     // write object.file, then render each of object.jmesPathFiles from the value
/// }
/// ```
public struct MountPlan: Sendable {
    /// The objects to fetch, in `objects` order; each object's ``PlannedObject/index`` is its position in
    /// `objects`, where template entries take positions too.
    public let objects: [PlannedObject]

    /// The template entries (`objectType: template`), in `objects` order: files rendered from the objects' files
    /// once they are fetched.
    public let templates: [PlannedTemplate]

    /// The SecretProviderClass's `region`, or nil when the caller must find the primary region.
    public let region: String?

    /// The `failoverRegion`, or nil for a single-region mount.
    public let failoverRegion: String?

    /// IRSA or Pod Identity, from `usePodIdentity` and `preferredAddressType`.
    public let authentication: AuthenticationMode

    /// How `/` in names becomes file names.
    public let pathTranslation: PathTranslation

    /// The mode of files whose object sets no `filePermission`: the request's `permission`.
    public let defaultMode: FilePermission

    /// The role to assume with the pod's credentials before fetching, from `assumeRoleArn`,
    /// `assumeRoleExternalId` and `assumeRoleDurationSeconds`; nil when the class names none.
    public let assumeRole: AssumeRoleRequest?

    /// What the class may not mean, though a mount accepts it (each with a warning code such as `ssmVersionIsLabel`
    /// or `noObjects`), in SecretProviderClass order; the `validate` command prints them.
    public let warnings: [SecretProviderClassError.Problem]

    /// Every file of the mount known before fetching, in order: each object's file (unless `writeObjectFile` is
    /// false) followed by its `jmesPath` files, then each template's file (a wildcard's files are known once it is
    /// listed, key files once the value is fetched).
    public var files: [PlannedFile] {
        self.objects.filter { $0.wildcard == nil }.flatMap(\.writtenFiles) + self.templates.map(\.file)
    }

    /// Validates the attributes' SecretProviderClass parameters and the request's permission.
    /// - Parameters:
    ///   - attributes: The parsed Mount attributes.
    ///   - permission: The request's `permission`, a decimal JSON number such as `"420"`.
    ///   - limits: The most objects, `jmesPath` entries and files the class may have.
    ///   - shouldStop: Asked before each object; true stops validation (the request's deadline passed or it was
    ///     cancelled) with one ``SecretProviderClassError/Code/interrupted`` problem.
    /// - Throws: ``SecretProviderClassError`` listing every problem: parameters first, then each object in order.
    public init(
        attributes: MountAttributes,
        permission: String,
        limits: MountPlanLimits = MountPlanLimits(),
        shouldStop: () -> Bool = { false }
    ) throws(SecretProviderClassError) {
        var problems: [Problem] = []
        let translation = PathTranslation.parse(attributes.pathTranslation, problems: &problems)
        let authentication = AuthenticationMode.parse(
            usePodIdentity: attributes.usePodIdentity,
            preferredAddressType: attributes.preferredAddressType,
            problems: &problems
        )
        var defaultMode: FilePermission?
        do {
            defaultMode = try FilePermission(requestPermission: permission)
        } catch {
            problems += error.problems
        }
        let region = RegionName.parameter(attributes.region, field: MountAttributes.regionKey, problems: &problems)
        let failoverRegion = RegionName.parameter(
            attributes.failoverRegion,
            field: MountAttributes.failoverRegionKey,
            problems: &problems
        )
        if let region {
            problems += RegionName.failoverProblems(primary: region, failover: failoverRegion)
        }
        let assumeRole = AssumeRoleRequest.parse(attributes, problems: &problems)

        var warnings: [Problem] = []
        var validated: [ValidatedObject] = []
        let entries = ObjectsDocument.decode(
            attributes.objects,
            limits: limits,
            problems: &problems,
            warnings: &warnings
        )
        for entry in entries {
            guard !shouldStop() else {
                throw SecretProviderClassError(
                    code: .interrupted,
                    field: nil,
                    message: "validation of the SecretProviderClass stopped: the request's deadline passed or it was "
                        + "cancelled"
                )
            }
            var objectProblems = entry.problems
            if !entry.isMalformed, entry.descriptor.isTemplate {
                validated.append(
                    entry.descriptor.validateTemplate(
                        problems: &objectProblems,
                        translation: translation,
                        defaultMode: defaultMode
                    )
                )
            } else if !entry.isMalformed {
                validated.append(
                    entry.descriptor.validate(
                        problems: &objectProblems,
                        translation: translation,
                        regions: ValidationRegions(primary: region, failover: failoverRegion),
                        defaultMode: defaultMode
                    )
                )
            }
            problems += objectProblems.list
            warnings += objectProblems.warnings
        }
        if translation != nil {
            problems += DuplicateRules.check(validated)
            problems += TemplateRules.check(validated)
        }

        guard problems.isEmpty, let translation, let authentication, let defaultMode else {
            throw SecretProviderClassError(problems: Self.ordered(problems))
        }
        self.objects = validated.compactMap(\.planned)
        self.templates = validated.compactMap(\.template)
        self.region = region
        self.failoverRegion = failoverRegion
        self.authentication = authentication
        self.pathTranslation = translation
        self.defaultMode = defaultMode
        self.assumeRole = assumeRole
        self.warnings = warnings
    }

    /// The problems in SecretProviderClass order: mount-level ones first, then by object, each object's in the
    /// order they were found.
    static func ordered(_ problems: [Problem]) -> [Problem] {
        problems.enumerated()
            .sorted { ($0.element.objectIndex ?? -1, $0.offset) < ($1.element.objectIndex ?? -1, $1.offset) }
            .map(\.element)
    }
}

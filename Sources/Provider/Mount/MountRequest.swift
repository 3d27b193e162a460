// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import PodVolume

/// One mount request from the driver, independent of the wire format.
public struct MountRequest: Sendable, Equatable {
    /// The JSON object of strings: SecretProviderClass parameters merged with the volume context.
    public var attributes: String

    /// The JSON object of the nodePublishSecretRef data (`""`, `null` or `{}` when there is none).
    public var secrets: String

    /// The absolute path of the pod's volume directory.
    public var targetPath: String

    /// The JSON of the default file mode as a decimal number, for example `"420"`.
    public var permission: String

    /// The object versions currently mounted (filled only by the driver's v1.5 rotation reconciler).
    public var currentObjectVersions: [ObjectVersion]

    /// Creates a request.
    public init(
        attributes: String,
        secrets: String,
        targetPath: String,
        permission: String,
        currentObjectVersions: [ObjectVersion]
    ) {
        self.attributes = attributes
        self.secrets = secrets
        self.targetPath = targetPath
        self.permission = permission
        self.currentObjectVersions = currentObjectVersions
    }
}

/// The version of one mounted object; the id is unique within a volume.
public struct ObjectVersion: Sendable, Hashable {
    /// The object id (the file name, as the incumbent uses).
    public var id: String

    /// The version mounted.
    public var version: String

    /// Creates an object version.
    public init(id: String, version: String) {
        self.id = id
        self.version = version
    }
}

/// The outcome of a successful mount.
public struct MountResult: Sendable, Equatable {
    /// One version per mounted object.
    public var objectVersions: [ObjectVersion]

    /// The files, when the driver writes them; empty when the provider wrote them into the target path.
    public var files: [VolumeFile]

    /// The pod, namespace and counts for the request's log line; nil when the handler does not say.
    public var summary: RequestSummary?

    /// Creates a result.
    public init(objectVersions: [ObjectVersion], files: [VolumeFile], summary: RequestSummary? = nil) {
        self.objectVersions = objectVersions
        self.files = files
        self.summary = summary
    }
}

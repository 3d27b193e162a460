// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

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

/// A file of the volume, returned to the driver when it writes the files itself.
public struct MountedFile: Sendable, Equatable {
    /// The path relative to the volume root.
    public var path: String

    /// The permission bits, 0 to 0o777.
    public var mode: Int32

    /// The raw contents.
    public var contents: [UInt8]

    /// Creates a file.
    public init(path: String, mode: Int32, contents: [UInt8]) {
        self.path = path
        self.mode = mode
        self.contents = contents
    }
}

/// The outcome of a successful mount.
public struct MountResult: Sendable, Equatable {
    /// One version per mounted object.
    public var objectVersions: [ObjectVersion]

    /// The files, when the driver writes them; empty when the provider wrote them into the target path.
    public var files: [MountedFile]

    /// Creates a result.
    public init(objectVersions: [ObjectVersion], files: [MountedFile]) {
        self.objectVersions = objectVersions
        self.files = files
    }
}

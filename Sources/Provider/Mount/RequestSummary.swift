// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import Logging

/// What the one log line of a mount request says besides the RPC itself: the pod, its namespace and the counts.
/// ``MountService`` returns it in its ``MountResult`` and in the ``ProviderError`` it throws once it has read the
/// request; never holds a secret value or token.
public struct RequestSummary: Sendable, Equatable {
    /// The pod's name.
    public var pod: String

    /// The pod's namespace.
    public var namespace: String

    /// The number of objects the SecretProviderClass lists.
    public var objects: Int

    /// The number of files written into the volume (those whose bytes or mode changed); nil until the mount
    /// succeeded.
    public var filesWritten: Int?

    /// Creates a summary.
    public init(pod: String, namespace: String, objects: Int, filesWritten: Int? = nil) {
        self.pod = pod
        self.namespace = namespace
        self.objects = objects
        self.filesWritten = filesWritten
    }

    /// The log fields: `pod`, `namespace`, `objects` and, once known, `files_written`.
    public var metadata: Logger.Metadata {
        var fields: Logger.Metadata = [
            "pod": "\(self.pod)",
            "namespace": "\(self.namespace)",
            "objects": "\(self.objects)",
        ]
        if let written = self.filesWritten {
            fields["files_written"] = "\(written)"
        }
        return fields
    }
}

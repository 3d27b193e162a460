// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import FileFormats
import PodVolume
import SecretProviderClass

/// The values a mount need not fetch: pinned versions the pod's volume already holds.
///
/// A Secrets Manager `VersionId` and an SSM version number never change, so when the volume holds the version an
/// object pins (as the driver's `current_object_version`, or the reconciler's record, says), the object's file is
/// read back instead of fetched, as the incumbent does. These values never enter the shared cache: they come from one
/// pod's volume, not from AWS. An object with an `objectEncoding` other than `utf-8` is always fetched: its file holds
/// the decoded bytes.
enum MountedValues {
    /// The value, or the failure to read it back, of every source whose pinned version the volume holds, by key;
    /// each file is read once.
    ///
    /// A source that several objects share is decided by its first object's file, as the fetch shares it. A file
    /// that is missing is fetched as usual.
    ///
    /// - Parameters:
    ///   - context: The mount.
    ///   - versions: The versions the volume holds, by file name.
    ///   - volume: Where the files are read from.
    static func read(
        _ context: MountContext,
        versions: [String: String],
        from volume: any VolumeWriting
    ) -> [ValueKey: RegionResult] {
        var values: [ValueKey: RegionResult] = [:]
        var decided: Set<ValueKey> = []
        var reads: [String: Result<[UInt8]?, VolumeError>] = [:]
        // A decoded value's file is not what AWS stores, and an object without its own file has nothing to read back:
        // those objects are fetched.
        for object in context.plan.plan.objects where object.encoding == .utf8 && object.writesObjectFile {
            for source in context.plan.sources(of: object) {
                let key = ValueKey(identity: context.identity, region: source.region, reference: source.reference)
                guard decided.insert(key).inserted, let pinned = source.reference.version,
                    pinned == versions[object.file.objectVersionID]
                else { continue }
                let path = object.file.path
                let read = reads[path] ?? Result { () throws(VolumeError) in try volume.read(path, in: context.target) }
                reads[path] = read
                switch read {
                case .success(let bytes?):
                    values[key] = .success(FetchedValue(bytes: bytes, version: pinned, region: source.region))
                case .success(nil):
                    continue
                case .failure(let error):
                    values[key] = .failure(
                        FetchFailure(
                            region: source.region,
                            code: .writeFailed,
                            isClientFault: false,
                            message: "failed to read the mounted file \(path) back: \(error)"
                        )
                    )
                }
            }
        }
        return values
    }
}

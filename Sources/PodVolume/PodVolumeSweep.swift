// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension VolumeWriter {
    /// Removes the temporary files that a killed provider left in pods' volumes, so that a pod whose volume is not
    /// written again (rotation off, or nothing changed) does not keep them until it ends.
    ///
    /// Looks in every `<targetPathRoot>/<pod>/volumes/kubernetes.io~csi/<volume>/mount` (the kubelet's layout) whose
    /// `vol_data.json` names the Secrets Store CSI driver (other drivers' volumes, such as network file systems, are
    /// never walked) and the directories below it, at most `maximumDepth` levels down, never following a symbolic
    /// link and never entering a directory of the volume's top level whose name starts with `..` (the driver's
    /// generations of another provider's files). Only regular files named as this writer names its temporary files (`..aws-tmp-` and 16 hex
    /// digits, a name no class and no other writer produces) and last changed before this writer was made are
    /// removed; anything else, in any volume, is left alone, so the volumes of other providers that share the
    /// driver are never changed. Without a root it does nothing.
    ///
    /// - Parameter maximumDepth: How many directory levels below `mount` are looked at.
    /// - Returns: How many files were removed.
    public func removeStaleTemporariesFromPodVolumes(maximumDepth: Int = 8) -> Int {
        guard let root = self.targetPathRoot,
            case .success(let pods) = OpenDirectory.opening(root, followingFinalLink: true)
        else { return 0 }
        var removed = 0
        for pod in pods.entryNames() {
            guard let volumes = Self.descend(from: pods, through: [pod] + Self.csiVolumesPath) else { continue }
            for volume in volumes.entryNames() {
                guard let directory = Self.descend(from: volumes, through: [volume]),
                    Self.isSecretsStoreVolume(directory),
                    let mount = Self.descend(from: directory, through: [Self.mountName])
                else { continue }
                removed += self.sweep(mount, depth: maximumDepth)
            }
        }
        return removed
    }

    /// `volumes/kubernetes.io~csi` inside a pod's directory.
    private static let csiVolumesPath: [Name] = [Array("volumes".utf8), Array("kubernetes.io~csi".utf8)]

    /// The directory of a CSI volume that is mounted into the pod.
    private static let mountName: Name = Array("mount".utf8)

    /// Where the kubelet records a CSI volume's driver, beside `mount`.
    private static let volumeDataName: Name = Array("vol_data.json".utf8)

    /// Whether the kubelet's record of the CSI volume in `directory` has `"driverName": "secrets-store.csi.k8s.io"`.
    static func isSecretsStoreVolume(_ directory: OpenDirectory) -> Bool {
        let record = try? Self.readRegularFile(Self.volumeDataName, in: directory, location: "") { _, _, _ in
            VolumeError(code: .readFailed, message: "")
        }
        guard let contents = record?.contents, contents.count <= 64 * 1024,
            let volume = try? JSONDecoder().decode(VolumeData.self, from: Data(contents))
        else { return false }
        return volume.driverName == "secrets-store.csi.k8s.io"
    }

    /// The one field of the kubelet's `vol_data.json` the sweep reads.
    private struct VolumeData: Decodable {
        let driverName: String
    }

    /// The directory at `names` below `directory`, opened without following links; nil when any step is not one.
    private static func descend(from directory: OpenDirectory, through names: [Name]) -> OpenDirectory? {
        var current = directory
        for name in names {
            guard case .success(let next) = current.openDirectory(name) else { return nil }
            current = next
        }
        return current
    }

    /// Removes the stale temporary files of `directory` and of its subdirectories down to `depth` levels; at the
    /// volume's top level (`isTop`) directories named `..…` are the driver's and are skipped.
    private func sweep(_ directory: OpenDirectory, depth: Int, isTop: Bool = true) -> Int {
        var removed = directory.removeStaleTemporaries(processStartedAt: self.createdAt)
        guard depth > 0 else { return removed }
        for name in directory.entryNames() where !(isTop && name.starts(with: VolumePath.dotDot)) {
            if case .success(let child) = directory.openDirectory(name) {
                removed += self.sweep(child, depth: depth - 1, isTop: false)
            }
        }
        return removed
    }
}

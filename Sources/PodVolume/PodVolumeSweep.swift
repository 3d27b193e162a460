// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension VolumeWriter {
    /// Finishes what a killed provider left unfinished in pods' volumes, so that a pod whose volume is not written
    /// again (rotation off, or nothing changed) does not keep it until it ends: removes its temporary files, and in
    /// the generation layout (``VolumeLayout/generations``) the generations `..data` does not name and a leftover
    /// `..data_tmp`, removes the links of names the current generation no longer has and adds those it lacks. Only
    /// volumes whose `..data` names a generation of this writer (`..aws-gen-…`) get their links repaired; in any
    /// other volume only entries with this writer's reserved names are removed.
    ///
    /// Looks in every `<targetPathRoot>/<pod>/volumes/kubernetes.io~csi/<volume>/mount` (the kubelet's layout) whose
    /// `vol_data.json` names the Secrets Store CSI driver (other drivers' volumes, such as network file systems, are
    /// never walked) and the directories below it, at most `maximumDepth` levels down, never following a symbolic
    /// link and never entering a directory of the volume's top level whose name starts with `..` (generations, this
    /// writer's or the driver's). Only entries named as this writer names its own (`..aws-tmp-` or `..aws-gen-` and
    /// 16 hex digits, names no class and no other writer produces; `..data_tmp` only when it links to such a
    /// generation) are removed; anything else, in any volume, is left alone, so the volumes of other providers that
    /// share the driver are never changed. Without a root it does nothing.
    ///
    /// A volume is tidied only while the sweep holds its lock (``OpenDirectory/lock()``), which every write of this
    /// version holds: what it removes cannot belong to a write in progress, in this process or in another provider
    /// process of this version (during an upgrade), so a provider restarted after a kill removes at once everything
    /// the killed one left. A volume whose lock is taken is skipped; its next write or check tidies it. A volume whose
    /// `..data` cannot be read now (out of descriptors or memory) is skipped too.
    ///
    /// - Parameter maximumDepth: How many directory levels below `mount` are looked at.
    /// - Returns: How many entries were removed or repaired.
    public func sweepPodVolumes(maximumDepth: Int = 8) -> Int {
        guard let root = self.targetPathRoot,
            case .success(let pods) = OpenDirectory.opening(root, followingFinalLink: true)
        else { return 0 }
        var removed = 0
        for pod in pods.entryNames() {
            guard let volumes = Self.descend(from: pods, through: [pod] + Self.csiVolumesPath) else { continue }
            for volume in volumes.entryNames() {
                guard let directory = Self.descend(from: volumes, through: [volume]),
                    Self.isSecretsStoreVolume(directory),
                    let mount = Self.descend(from: directory, through: [Self.mountName]),
                    case .success = mount.lock()  // Busy: a write is in progress; the next write or check tidies it.
                else { continue }
                removed += self.tidyGenerations(mount) + self.sweep(mount, depth: maximumDepth)
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

    /// Repairs the generation layout of the volume `mount` when it is this writer's, and removes its leftovers.
    private func tidyGenerations(_ mount: OpenDirectory) -> Int {
        let generation: Generation
        switch DataLink.of(mount) {
        case .success(.ours(let current)): generation = current
        case .success: return Generation.removeLeftovers(in: mount, keeping: nil)
        case .failure: return 0
        }
        return (try? generation.publish(in: mount, target: "", fault: nil)) ?? 0
    }

    /// Removes the stale temporary files of `directory` and of its subdirectories down to `depth` levels; at the
    /// volume's top level (`isTop`) directories named `..…` are the driver's and are skipped.
    private func sweep(_ directory: OpenDirectory, depth: Int, isTop: Bool = true) -> Int {
        var removed = directory.removeTemporaries()
        guard depth > 0 else { return removed }
        for name in directory.entryNames() where !(isTop && name.starts(with: VolumePath.dotDot)) {
            if case .success(let child) = directory.openDirectory(name) {
                removed += self.sweep(child, depth: depth - 1, isTop: false)
            }
        }
        return removed
    }
}

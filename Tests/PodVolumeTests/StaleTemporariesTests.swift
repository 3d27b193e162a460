// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import PodVolume
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A provider killed mid-write leaves temporary files; the next write into those directories removes them.
struct StaleTemporariesTests {
    @Test("a write removes every temporary of its directories, whatever its age (it holds the lock); look-alikes stay")
    func sweep() throws {
        try ScratchDirectory.with { scratch in
            let writer = VolumeWriter(requiresMemoryFileSystem: false, layout: .plain)
            try scratch.makeDirectory("nested")
            let stale = [
                "..aws-tmp-00000000000000ab", "nested/..aws-tmp-0123456789abcdef", "..aws-tmp-00000000000000cd",
            ]
            let lookAlikes = [
                "..aws-tmp-xyz", "..aws-tmp-0123456789ABCDEF", "..aws-tmp-00000000000000ab0",
                ".db.tmp-00000000000000ab",
                "visible.tmp-00000000000000ef", "nested/.key.tmp-0123456789abcdef",
            ]
            for name in stale + lookAlikes {
                try scratch.makeFile(name, "partial")
            }
            scratch.age(stale[0], seconds: 600)
            let kept = lookAlikes
            try writer.write(
                [
                    VolumeFile(path: "db", mode: 0o644, contents: Array("value".utf8)),
                    VolumeFile(path: "nested/key", mode: 0o600, contents: Array("key".utf8)),
                ],
                into: scratch.path
            )
            for name in stale {
                #expect(scratch.status(name) == nil, "\(name) was left")
            }
            for name in kept {
                #expect(scratch.status(name) != nil, "\(name) was removed")
            }
            #expect(scratch.contents("db") == Array("value".utf8))
        }
    }

    @Test("at start-up, the pods' Secrets Store volumes under the root are swept, nothing else, through no link")
    func podVolumes() throws {
        try ScratchDirectory.with { scratch in
            let writer = VolumeWriter(
                targetPathRoot: scratch.at("root"),
                requiresMemoryFileSystem: false,
                layout: .plain
            )
            let mount = "root/pod-a/volumes/kubernetes.io~csi/secrets/mount"
            let stale = [
                "\(mount)/..aws-tmp-00000000000000ab", "\(mount)/app/..aws-tmp-0123456789abcdef",
                "root/pod-b/volumes/kubernetes.io~csi/other/mount/..aws-tmp-00000000000000ff",
                "\(mount)/..aws-tmp-00000000000000cd",
            ]
            let efs = "root/pod-b/volumes/kubernetes.io~csi/shared-files/mount"
            let unrecorded = "root/pod-b/volumes/kubernetes.io~csi/unrecorded/mount"
            // A volume whose lock another process holds: a write is in progress there.
            let busy = "root/pod-c/volumes/kubernetes.io~csi/secrets/mount"
            // Another provider's volume, written by the driver: generations in `..<timestamp>` directories, whose
            // files a class of that provider names (`sub/..aws-tmp-…` passes the driver's checks).
            let generation = "root/pod-b/volumes/kubernetes.io~csi/other/mount/..2026_12_07_01_02_03.000000001"
            let kept = [
                "\(mount)/db", "\(busy)/..aws-tmp-00000000000000ee", "\(mount)/.db.tmp-00000000000000ab",
                "\(mount)/app/.key.tmp-0123456789abcdef",
                "root/pod-a/volumes/kubernetes.io~secret/token/..aws-tmp-00000000000000ab",
                "root/pod-a/..aws-tmp-00000000000000ab", "outside/..aws-tmp-00000000000000ab",
                "\(mount)/1/2/3/..aws-tmp-00000000000000ab", "\(efs)/..aws-tmp-00000000000000ab",
                "\(unrecorded)/..aws-tmp-00000000000000ab", "\(generation)/sub/..aws-tmp-00000000000000ab",
            ]
            for directory in [
                "\(mount)/app", "\(mount)/1/2/3", "root/pod-b/volumes/kubernetes.io~csi/other/mount",
                "root/pod-a/volumes/kubernetes.io~secret/token", "outside", efs, unrecorded, "\(generation)/sub", busy,
            ] {
                try scratch.makeDirectory(directory)
            }
            // The kubelet's record of each CSI volume: compact, as the kubelet writes it, or spaced.
            try scratch.makeFile(
                "root/pod-a/volumes/kubernetes.io~csi/secrets/vol_data.json",
                #"{"attachmentID":"csi-1","driverName":"secrets-store.csi.k8s.io","volumeHandle":"csi-1"}"#
            )
            try scratch.makeFile(
                "root/pod-c/volumes/kubernetes.io~csi/secrets/vol_data.json",
                #"{"driverName":"secrets-store.csi.k8s.io"}"#
            )
            try scratch.makeFile(
                "root/pod-b/volumes/kubernetes.io~csi/other/vol_data.json",
                #"{ "driverName" : "secrets-store.csi.k8s.io" }"#
            )
            try scratch.makeFile(
                "root/pod-b/volumes/kubernetes.io~csi/shared-files/vol_data.json",
                #"{"driverName":"efs.csi.aws.com"}"#
            )
            for name in stale + kept {
                try scratch.makeFile(name, "partial")
            }
            try scratch.makeLink("\(mount)/linked", to: scratch.at("outside"))
            let lock = try scratch.lock(busy)
            defer { close(lock) }
            #expect(writer.sweepPodVolumes(maximumDepth: 2) == stale.count)
            for name in stale {
                #expect(scratch.status(name) == nil, "\(name) was left")
            }
            for name in kept {
                #expect(scratch.status(name) != nil, "\(name) was removed")
            }
            #expect(VolumeWriter(requiresMemoryFileSystem: false, layout: .plain).sweepPodVolumes() == 0)
            #expect(
                VolumeWriter(targetPathRoot: scratch.at("missing"), requiresMemoryFileSystem: false, layout: .plain)
                    .sweepPodVolumes() == 0
            )
        }
    }
}

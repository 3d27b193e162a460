// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing
import VolumeWriter

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A provider killed mid-write leaves temporary files; the next write into those directories removes them.
struct StaleTemporariesTests {
    /// Sets the modification time of `relative` to `seconds` ago.
    func age(_ scratch: ScratchDirectory, _ relative: String, seconds: Int) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let then = timespec(tv_sec: now.tv_sec - seconds, tv_nsec: 0)
        let times = [then, then]
        _ = utimensat(AT_FDCWD, scratch.at(relative), times, AT_SYMLINK_NOFOLLOW)
    }

    @Test("old temporaries are removed, young ones (a write in progress) and look-alikes are kept")
    func sweep() throws {
        try ScratchDirectory.with { scratch in
            try scratch.makeDirectory("nested")
            let stale = [".db.tmp-00000000000000ab", "nested/.key.tmp-0123456789abcdef"]
            let kept = [".fresh.tmp-00000000000000cd", ".notes.tmp-xyz", "visible.tmp-00000000000000ef"]
            for name in stale + kept {
                try scratch.makeFile(name, "partial")
            }
            for name in stale + [".notes.tmp-xyz", "visible.tmp-00000000000000ef"] {
                self.age(scratch, name, seconds: 600)
            }
            try VolumeWriter().write(
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
            let mount = "root/pod-a/volumes/kubernetes.io~csi/secrets/mount"
            let stale = [
                "\(mount)/.db.tmp-00000000000000ab", "\(mount)/app/.key.tmp-0123456789abcdef",
                "root/pod-b/volumes/kubernetes.io~csi/other/mount/.x.tmp-00000000000000ff",
            ]
            let efs = "root/pod-b/volumes/kubernetes.io~csi/shared-files/mount"
            let unrecorded = "root/pod-b/volumes/kubernetes.io~csi/unrecorded/mount"
            let kept = [
                "\(mount)/db", "\(mount)/.fresh.tmp-00000000000000cd",
                "root/pod-a/volumes/kubernetes.io~secret/token/.t.tmp-00000000000000ab",
                "root/pod-a/.p.tmp-00000000000000ab", "outside/.o.tmp-00000000000000ab",
                "\(mount)/1/2/3/.deep.tmp-00000000000000ab", "\(efs)/.e.tmp-00000000000000ab",
                "\(unrecorded)/.u.tmp-00000000000000ab",
            ]
            for directory in [
                "\(mount)/app", "\(mount)/1/2/3", "root/pod-b/volumes/kubernetes.io~csi/other/mount",
                "root/pod-a/volumes/kubernetes.io~secret/token", "outside", efs, unrecorded,
            ] {
                try scratch.makeDirectory(directory)
            }
            // The kubelet's record of each CSI volume: compact, as the kubelet writes it, or spaced.
            try scratch.makeFile(
                "root/pod-a/volumes/kubernetes.io~csi/secrets/vol_data.json",
                #"{"attachmentID":"csi-1","driverName":"secrets-store.csi.k8s.io","volumeHandle":"csi-1"}"#
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
                if !name.contains(".fresh.") {
                    self.age(scratch, name, seconds: 600)
                }
            }
            try scratch.makeLink("\(mount)/linked", to: scratch.at("outside"))
            let writer = VolumeWriter(targetPathRoot: scratch.at("root"))
            #expect(writer.removeStaleTemporariesFromPodVolumes(maximumDepth: 2) == stale.count)
            for name in stale {
                #expect(scratch.status(name) == nil, "\(name) was left")
            }
            for name in kept {
                #expect(scratch.status(name) != nil, "\(name) was removed")
            }
            #expect(VolumeWriter().removeStaleTemporariesFromPodVolumes() == 0)
            #expect(VolumeWriter(targetPathRoot: scratch.at("missing")).removeStaleTemporariesFromPodVolumes() == 0)
        }
    }
}

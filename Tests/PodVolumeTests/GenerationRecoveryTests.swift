// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import PodVolume

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Failures while writing a generation, and the repair of what a killed writer left.
struct GenerationRecoveryTests {
    static func files(_ version: String) -> [VolumeFile] {
        GenerationWriteTests.files(version)
    }

    /// A failure in the middle of building a generation: a full disk, a read-only file system, an I/O error.
    @Test(
        "A failure while building the new generation, or at the switch, leaves the old one and no litter",
        arguments: [
            (InjectedFault.Step.staging, "password", ENOSPC), (.staging, "db/host", EROFS), (.staging, "username", EIO),
            (.switching, "", EIO),
        ]
    )
    func failureBeforeSwitch(step: InjectedFault.Step, path: String, errno: Int32) throws {
        try ScratchDirectory.with { scratch in
            var writer = VolumeWriter(requiresMemoryFileSystem: false)
            try writer.write(Self.files("v1"), into: scratch.path)
            let before = scratch.snapshot()
            writer.injectedFault = InjectedFault(step: step, path: path, errno: errno)
            let error = #expect(throws: VolumeError.self) { try writer.write(Self.files("v2"), into: scratch.path) }
            #expect(error?.code == .writeFailed)
            #expect(error?.errno == errno)
            #expect(error?.message.contains(Shown.systemReason(errno)) == true, "\(error?.message ?? "")")
            #expect(scratch.snapshot() == before)
        }
    }

    @Test("A failure while building the first generation leaves the target empty")
    func firstWriteFails() throws {
        try ScratchDirectory.with { scratch in
            var writer = VolumeWriter(requiresMemoryFileSystem: false)
            writer.injectedFault = InjectedFault(step: .staging, path: "db/host", errno: ENOSPC)
            let error = #expect(throws: VolumeError.self) { try writer.write(Self.files("v1"), into: scratch.path) }
            #expect(error?.message == "cannot write \"db/host\" in \(scratch.path): No space left on device")
            #expect(scratch.names().isEmpty)
        }
    }

    @Test("A failure after the switch leaves the new files current through ..data; repair finishes the links")
    func failureAfterSwitch() throws {
        try ScratchDirectory.with { scratch in
            var writer = VolumeWriter(requiresMemoryFileSystem: false)
            try writer.write(Self.files("v1"), into: scratch.path)
            writer.injectedFault = InjectedFault(step: .linking, path: "new", errno: EIO)
            let error = #expect(throws: VolumeError.self) {
                try writer.write(
                    Self.files("v2") + [VolumeFile(path: "new", mode: 0o644, contents: [1])],
                    into: scratch.path
                )
            }
            #expect(error?.message.contains("repaired at the next write or check") == true, "\(error?.message ?? "")")
            #expect(scratch.contents("..data/new") == [1])
            #expect(scratch.contents("password") == Array("password v2".utf8))
            #expect(scratch.status("new") == nil)
            writer.injectedFault = nil
            #expect(try writer.repair(scratch.path, expecting: nil) >= 1)
            #expect(scratch.link("new") == "..data/new")
            #expect(try writer.repair(scratch.path, expecting: nil) == 0)
        }
    }

    @Test("repair restores missing links, removes dangling ones and leftovers, and changes nothing when in order")
    func repair() throws {
        try ScratchDirectory.with { scratch in
            let writer = VolumeWriter(requiresMemoryFileSystem: false)
            try writer.write(Self.files("v1"), into: scratch.path)
            let inOrder = scratch.snapshot()
            #expect(try writer.repair(scratch.path, expecting: nil) == 0)
            #expect(scratch.snapshot() == inOrder)

            // What a kill leaves: a missing link, the link of a name that is gone, an unfinished generation and
            // switch link, and a temporary link.
            #expect(unlink(scratch.at("username")) == 0)
            try scratch.makeLink("gone", to: "..data/gone")
            try scratch.makeDirectory("..aws-gen-00000000000000bb/db")
            try scratch.makeLink("..data_tmp", to: "..aws-gen-00000000000000bb")
            try scratch.makeLink("..aws-tmp-00000000000000cc", to: "..data/username")
            try scratch.makeDirectory("..aws-tmp-00000000000000dd/db")  // A plain directory swapped out mid-migration.
            try scratch.makeFile("..aws-tmp-00000000000000dd/db/host", "old")
            #expect(try writer.repair(scratch.path, expecting: nil) == 6)
            #expect(scratch.names() == inOrder.keys.filter { !$0.contains("/") }.sorted())
            #expect(scratch.link("username") == "..data/username")
            #expect(
                try VolumeWriter(requiresMemoryFileSystem: false, layout: .plain).repair(scratch.path, expecting: nil)
                    == 0
            )
        }
    }

    @Test("What a killed write left goes at once; while another process holds the lock, nothing is touched")
    func restartRightAfterKill() throws {
        try ScratchDirectory.with { scratch in
            let writer = VolumeWriter(requiresMemoryFileSystem: false)
            try writer.write(Self.files("v1"), into: scratch.path)
            let inOrder = scratch.names()
            try scratch.makeDirectory("..aws-gen-00000000000000bb")  // A killed write's, milliseconds ago.
            try scratch.makeLink("..data_tmp", to: "..aws-gen-00000000000000bb")
            let leftovers = scratch.snapshot()

            let lock = try scratch.lock("")  // Another provider process writing.
            #expect(try writer.repair(scratch.path, expecting: nil) == 0)  // Skipped until the next check.
            let error = #expect(throws: VolumeError.self) { try writer.write(Self.files("v2"), into: scratch.path) }
            #expect(error?.message.contains("another process holds the directory's lock") == true)
            #expect(scratch.snapshot() == leftovers)
            close(lock)

            #expect(try writer.repair(scratch.path, expecting: nil) == 2)
            #expect(scratch.names() == inOrder)
        }
    }

    @Test("repair leaves a target alone whose ..data is not this writer's (the driver's layout)")
    func foreignLayout() throws {
        try ScratchDirectory.with { scratch in
            try scratch.makeDirectory("..2026_12_07_01_02_03.000000001")
            try scratch.makeFile("..2026_12_07_01_02_03.000000001/key", "theirs")
            try scratch.makeLink("..data", to: "..2026_12_07_01_02_03.000000001")
            try scratch.makeLink("gone", to: "..data/gone")
            let before = scratch.snapshot()
            #expect(try VolumeWriter(requiresMemoryFileSystem: false).repair(scratch.path, expecting: nil) == 0)
            #expect(scratch.snapshot() == before)
        }
    }

    @Test("The start-up sweep repairs this writer's volumes and leaves the driver's generations alone")
    func sweep() throws {
        try ScratchDirectory.with { scratch in
            let ours = "root/pod-a/volumes/kubernetes.io~csi/secrets/mount"
            let driver = "root/pod-b/volumes/kubernetes.io~csi/other/mount"
            for (volume, directory) in [("pod-a", "secrets"), ("pod-b", "other")] {
                try scratch.makeDirectory("root/\(volume)/volumes/kubernetes.io~csi/\(directory)/mount")
                try scratch.makeFile(
                    "root/\(volume)/volumes/kubernetes.io~csi/\(directory)/vol_data.json",
                    #"{"driverName":"secrets-store.csi.k8s.io"}"#
                )
            }
            let writer = VolumeWriter(targetPathRoot: scratch.at("root"), requiresMemoryFileSystem: false)
            try writer.write(Self.files("v1"), into: scratch.at(ours))
            let inOrder = scratch.snapshot(ours)
            #expect(unlink(scratch.at("\(ours)/password")) == 0)
            try scratch.makeLink("\(ours)/gone", to: "..data/gone")
            try scratch.makeDirectory("\(ours)/..aws-gen-00000000000000bb")
            scratch.age("\(ours)/..aws-gen-00000000000000bb", seconds: 600)

            let theirs = "\(driver)/..2026_12_07_01_02_03.000000001"
            try scratch.makeDirectory(theirs)
            try scratch.makeLink("\(driver)/..data", to: "..2026_12_07_01_02_03.000000001")
            try scratch.makeLink("\(driver)/gone", to: "..data/gone")
            try scratch.makeDirectory("\(driver)/..aws-gen-00000000000000dd")  // Ours by name: a killed first write.
            scratch.age("\(driver)/..aws-gen-00000000000000dd", seconds: 600)
            let driverBefore = scratch.snapshot(driver).filter { !$0.key.contains("/..aws-gen-") }

            let restarted = VolumeWriter(targetPathRoot: scratch.at("root"), requiresMemoryFileSystem: false)
            #expect(restarted.sweepPodVolumes() == 4)
            #expect(scratch.snapshot(ours).keys.sorted() == inOrder.keys.sorted())
            #expect(scratch.link("\(ours)/password") == "..data/password")
            #expect(scratch.snapshot(driver) == driverBefore)
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import PodVolume
import Testing

struct CheckTargetTests {
    /// Which root the writer is configured with.
    enum Root: Sendable {
        case none
        /// `<scratch>/pods`.
        case pods
        /// `<scratch>/pods-link`, a symbolic link to `pods`.
        case podsThroughLink
    }

    /// One row: the target (relative to the scratch directory unless `isLiteral`) and the expected outcome.
    struct Case: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let root: Root
        let target: String
        let isLiteral: Bool
        /// Nil when the target is accepted, else a fragment of the message.
        let rejection: String?

        init(_ name: String, _ root: Root, _ target: String, literal: Bool = false, rejects rejection: String?) {
            self.testDescription = name
            self.root = root
            self.target = target
            self.isLiteral = literal
            self.rejection = rejection
        }
    }

    static let cases: [Case] = [
        Case("relative", .none, "pods/uid/mount", literal: true, rejects: "is not an absolute path"),
        Case("relative with root", .pods, "pods/uid/mount", literal: true, rejects: "is not an absolute path"),
        Case("missing", .none, "pods/uid/missing", rejects: "does not exist"),
        Case("missing with root", .pods, "pods/uid/missing", rejects: "does not exist"),
        Case("missing parent with root", .pods, "pods/nope/mount", rejects: "is missing"),
        Case("regular file", .none, "pods/uid/file", rejects: "is not a directory"),
        Case("regular file with root", .pods, "pods/uid/file", rejects: "is not a directory"),
        Case("symbolic link", .none, "pods/uid/link", rejects: "is a symbolic link"),
        Case("symbolic link with root", .pods, "pods/uid/link", rejects: "is a symbolic link"),
        Case("link between root and target", .pods, "pods/via-link/mount", rejects: "passes through the symbolic link"),
        Case("file between root and target", .pods, "pods/uid/file/mount", rejects: "which is not a directory"),
        Case("dot-dot component", .none, "pods/uid/../uid/mount", rejects: "\"..\" component"),
        Case("outside the root", .pods, "elsewhere/mount", rejects: "is not inside"),
        Case("sibling sharing the root's prefix", .pods, "pods-evil/x", rejects: "is not inside"),
        Case("the root itself", .pods, "pods", rejects: "is not inside"),
        Case("file system root", .none, "/", literal: true, rejects: "is the file system root"),
        Case("NUL character", .none, "pods/uid\u{0}/mount", rejects: "NUL"),
        Case("inside the root", .pods, "pods/uid/mount", rejects: nil),
        Case("inside the root, unnormalised slashes", .pods, "pods//uid/./mount/", rejects: nil),
        Case("inside a root reached through a link", .podsThroughLink, "pods-link/uid/mount", rejects: nil),
        Case("no root, any directory", .none, "elsewhere/mount", rejects: nil),
    ]

    /// Builds the tree every case runs against.
    static func makeTree(in scratch: ScratchDirectory) throws {
        try scratch.makeDirectory("pods/uid/mount")
        try scratch.makeFile("pods/uid/file", "not a directory")
        try scratch.makeLink("pods/uid/link", to: "mount")
        try scratch.makeDirectory("elsewhere/mount")
        try scratch.makeLink("pods/via-link", to: "../elsewhere")
        try scratch.makeDirectory("pods-evil/x")
        try scratch.makeLink("pods-link", to: "pods")
    }

    @Test("checkTarget accepts or rejects the target", arguments: Self.cases)
    func checkTarget(_ testCase: Case) throws {
        try ScratchDirectory.with { scratch in
            try Self.makeTree(in: scratch)
            let writer =
                switch testCase.root {
                case .none: VolumeWriter(requiresMemoryFileSystem: false)
                case .pods: VolumeWriter(targetPathRoot: scratch.at("pods"), requiresMemoryFileSystem: false)
                case .podsThroughLink:
                    VolumeWriter(targetPathRoot: scratch.at("pods-link"), requiresMemoryFileSystem: false)
                }
            let target = testCase.isLiteral ? testCase.target : scratch.at(testCase.target)
            guard let rejection = testCase.rejection else {
                try writer.checkTarget(target)
                return
            }
            let error = #expect(throws: VolumeError.self) { try writer.checkTarget(target) }
            #expect(error?.code == .invalidTarget)
            #expect(error?.path == target)
            #expect(error?.message.contains(rejection) == true, "\(error?.message ?? "")")
            #expect(error?.message.hasPrefix("the target ") == true)
        }
    }

    @Test(
        "An unusable configured root rejects every target, naming the root",
        arguments: ["", "relative/pods", "/a/../b"]
    )
    func invalidRoot(_ root: String) throws {
        try ScratchDirectory.with { scratch in
            let writer = VolumeWriter(targetPathRoot: root, requiresMemoryFileSystem: false)
            let error = #expect(throws: VolumeError.self) { try writer.checkTarget(scratch.path) }
            #expect(error?.code == .invalidTarget)
            #expect(error?.message.contains("the target path root \(root)") == true, "\(error?.message ?? "")")
        }
    }

    @Test("A missing root is reported as such")
    func missingRoot() throws {
        try ScratchDirectory.with { scratch in
            try scratch.makeDirectory("x/y")
            let writer = VolumeWriter(targetPathRoot: scratch.at("absent"), requiresMemoryFileSystem: false)
            let error = #expect(throws: VolumeError.self) { try writer.checkTarget(scratch.at("absent/y")) }
            #expect(error?.message.contains("cannot be opened: No such file or directory") == true)
        }
    }

    @Test("write and read check the target too: nothing lands behind a linked target")
    func writeAndReadCheckTarget() throws {
        try ScratchDirectory.with { scratch in
            try scratch.makeDirectory("real")
            try scratch.makeFile("real/password", "old")
            try scratch.makeLink("linked", to: "real")
            let writer = VolumeWriter(requiresMemoryFileSystem: false)
            let file = VolumeFile(path: "password", mode: 0o644, contents: Array("new".utf8))
            let writeError = #expect(throws: VolumeError.self) { try writer.write([file], into: scratch.at("linked")) }
            #expect(writeError?.code == .invalidTarget)
            let readError = #expect(throws: VolumeError.self) { try writer.read("password", in: scratch.at("linked")) }
            #expect(readError?.code == .invalidTarget)
            #expect(scratch.contents("real/password") == Array("old".utf8))
        }
    }

    @Test("The configured root is reported as given")
    func rootProperty() {
        #expect(
            VolumeWriter(targetPathRoot: "/var/lib/kubelet/pods", requiresMemoryFileSystem: false).targetPathRoot
                == "/var/lib/kubelet/pods"
        )
        #expect(VolumeWriter(requiresMemoryFileSystem: false).targetPathRoot == nil)
    }
}

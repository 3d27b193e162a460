// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import PodVolume
import Synchronization

/// An in-memory ``VolumeWriting``: target directories that exist, the files in each, a log of every `write` call,
/// and injectable write and read failures. Writes are all or nothing, as the real writer's.
final class InMemoryVolume: VolumeWriting {
    /// One stored file.
    struct StoredFile: Sendable, Equatable {
        var mode: UInt16
        var contents: [UInt8]
    }

    private struct State {
        /// The existing targets, each with the inode of its current directory.
        var targets: [String: UInt64]
        var nextInode: UInt64 = 1
        var files: [String: [String: StoredFile]] = [:]
        var writes: [[VolumeFile]] = []
        var reads: [String] = []
        var writeError: VolumeError?
        var readError: VolumeError?
        var repairs: [String] = []
        var repairResult = 0
    }

    private let state: Mutex<State>

    /// Creates a volume in which `targets` exist as empty directories.
    init(targets: Set<String> = [MountRequestBuilder.target]) {
        var state = State(targets: [:])
        for target in targets {
            state.targets[target] = state.nextInode
            state.nextInode += 1
        }
        self.state = Mutex(state)
    }

    /// Every `write` call's files, in order (an empty list is a call that changed nothing).
    var writes: [[VolumeFile]] {
        self.state.withLock { $0.writes }
    }

    /// Every file path written, over all calls.
    var writtenPaths: [String] {
        self.writes.flatMap { $0.map(\.path) }
    }

    /// The paths read back, in order.
    var reads: [String] {
        self.state.withLock { $0.reads }
    }

    /// The files in `target`.
    func files(in target: String = MountRequestBuilder.target) -> [String: StoredFile] {
        self.state.withLock { $0.files[target] ?? [:] }
    }

    /// The contents of one file as text, or nil.
    func text(_ path: String, in target: String = MountRequestBuilder.target) -> String? {
        self.files(in: target)[path].map { String(decoding: $0.contents, as: UTF8.self) }
    }

    /// Puts a file in place without logging a write, as an earlier mount left it.
    func seed(_ path: String, _ text: String, mode: UInt16 = 0o644, in target: String = MountRequestBuilder.target) {
        self.state.withLock {
            $0.files[target, default: [:]][path] = StoredFile(mode: mode, contents: Array(text.utf8))
        }
    }

    /// Makes `target` exist (true) or vanish with its files (false), as a pod's volume comes and goes.
    func setTarget(_ target: String, exists: Bool) {
        self.state.withLock { state in
            if exists {
                state.targets[target] = state.targets[target] ?? state.nextInode
                state.nextInode += 1
            } else {
                state.targets[target] = nil
                state.files[target] = nil
            }
        }
    }

    /// Puts another, empty directory at `target`, as when the driver unmounts the volume's tmpfs and keeps the
    /// directory: the path exists, its identity changed.
    func replaceTarget(_ target: String) {
        self.state.withLock { state in
            state.targets[target] = state.nextInode
            state.nextInode += 1
            state.files[target] = nil
        }
    }

    /// The targets of every `repair` call, in order.
    var repairs: [String] {
        self.state.withLock { $0.repairs }
    }

    /// Makes every later `repair` report `count` repaired entries.
    func reportRepairs(_ count: Int) {
        self.state.withLock { $0.repairResult = count }
    }

    /// Makes every later write fail with `error` (nil to stop).
    func failWrites(with error: VolumeError?) {
        self.state.withLock { $0.writeError = error }
    }

    /// Makes every later read fail with `error` (nil to stop).
    func failReads(with error: VolumeError?) {
        self.state.withLock { $0.readError = error }
    }

    @discardableResult
    func checkTarget(_ target: String) throws(VolumeError) -> TargetIdentity {
        let inode = self.state.withLock { $0.targets[target] }
        guard target.hasPrefix("/"), let inode else {
            throw VolumeError(
                code: .invalidTarget,
                message: "the target \(target) does not exist or is not a directory",
                path: target
            )
        }
        return TargetIdentity(device: 1, inode: inode, fileSystemType: TargetIdentity.tmpfs)
    }

    @discardableResult
    func write(_ files: [VolumeFile], into target: String, expecting identity: TargetIdentity?) throws(VolumeError)
        -> [String]
    {
        let found = try self.checkTarget(target)
        if let identity, identity != found {
            throw VolumeError(code: .targetChanged, message: "the target \(target) was replaced", path: target)
        }
        let outcome = self.state.withLock { state -> Result<[String], VolumeError> in
            if let error = state.writeError {
                return .failure(error)
            }
            // As the real writer: a file already holding the same bytes and mode is not written.
            let changed = files.filter {
                state.files[target]?[$0.path] != StoredFile(mode: $0.mode, contents: $0.contents)
            }
            guard !changed.isEmpty else { return .success([]) }
            state.writes.append(changed)
            for file in changed {
                state.files[target, default: [:]][file.path] = StoredFile(mode: file.mode, contents: file.contents)
            }
            return .success(changed.map(\.path))
        }
        return try outcome.get()
    }

    @discardableResult
    func repair(_ target: String, expecting identity: TargetIdentity?) throws(VolumeError) -> Int {
        let found = try self.checkTarget(target)
        if let identity, identity != found {
            throw VolumeError(code: .targetChanged, message: "the target \(target) was replaced", path: target)
        }
        return self.state.withLock { state in
            state.repairs.append(target)
            return state.repairResult
        }
    }

    func read(_ path: String, in target: String) throws(VolumeError) -> [UInt8]? {
        let (contents, error) = self.state.withLock { state -> ([UInt8]?, VolumeError?) in
            state.reads.append(path)
            return (state.files[target]?[path]?.contents, state.readError)
        }
        if let error {
            throw error
        }
        return contents
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Synchronization

/// The active provider-writes mounts of this node, by target directory: what the reconciler keeps current.
///
/// A `Mount` registers its target (replacing an older registration of the same target); the reconciler forgets a
/// target whose directory is gone or is no longer the volume the `Mount` wrote. Only memory: after a restart the
/// driver's next `Mount` registers again.
///
/// Writes into one target are serialised here: a `Mount` writes and registers, and a reconciliation checks that its
/// registration is still current and writes, each as one step that no other write of that target can interleave.
/// So a pass that fetched before a newer `Mount` can never put older values over that `Mount`'s files.
public final class MountRegistry: Sendable {
    /// One registered mount.
    struct Registration: Sendable {
        /// What the `Mount` resolved.
        let context: MountContext
        /// Tells this registration apart from a later one of the same target.
        let generation: UInt64
        /// The versions the volume holds, by file name.
        var versions: [String: String]
        /// Set once the token expired and that was said.
        var expired = false
        /// The last reconciliation failure said, so a repeated one is not logged again.
        var lastFailure: String?
    }

    private struct State {
        var registrations: [ExactText: Registration] = [:]
        var generation: UInt64 = 0
        /// The lock of each target being written, with how many writers hold or wait for it.
        var writing: [ExactText: (lock: TargetLock, users: Int)] = [:]
    }

    /// Serialises the writes of one target.
    private final class TargetLock: Sendable {
        let mutex = Mutex(())
    }

    private let state = Mutex(State())

    /// Creates an empty registry.
    public init() {}

    /// The number of registered mounts.
    public var count: Int {
        self.state.withLock { $0.registrations.count }
    }

    /// Runs `body` (a write into `target`) while no other write of that target runs.
    ///
    /// The writes are synchronous and bounded in size, so a second writer of the same target waits on a lock
    /// rather than in a queue of tasks; writes of other targets never wait.
    func exclusively<Result: Sendable, Failure: Error>(
        _ target: String,
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let key = ExactText(target)
        let lock = self.state.withLock { state in
            let entry = state.writing[key] ?? (TargetLock(), 0)
            state.writing[key] = (entry.lock, entry.users + 1)
            return entry.lock
        }
        defer {
            self.state.withLock { state in
                guard let entry = state.writing[key] else { return }
                state.writing[key] = entry.users > 1 ? (entry.lock, entry.users - 1) : nil
            }
        }
        return try lock.mutex.withLock { _ throws(Failure) in try body() }
    }

    /// Registers `context` with the versions just mounted, replacing any registration of its target.
    func register(_ context: MountContext, versions: [ObjectVersion]) {
        self.state.withLock { state in
            state.generation += 1
            state.registrations[ExactText(context.target)] = Registration(
                context: context,
                generation: state.generation,
                versions: Dictionary(versions.map { ($0.id, $0.version) }) { _, last in last }
            )
        }
    }

    /// Every registration, in target order.
    func registrations() -> [Registration] {
        self.state.withLock { $0.registrations.values.sorted { $0.context.target < $1.context.target } }
    }

    /// Whether `registration` is still the one of its target (no newer `Mount` replaced it, nothing forgot it).
    func isCurrent(_ registration: Registration) -> Bool {
        self.state.withLock {
            $0.registrations[ExactText(registration.context.target)]?.generation == registration.generation
        }
    }

    /// Changes `registration` in place if it is still current.
    ///
    /// - Returns: What `body` returned, or nil if the registration was replaced or forgotten.
    @discardableResult
    func update<Result>(_ registration: Registration, _ body: (inout Registration) -> Result) -> Result? {
        self.state.withLock { state in
            let target = ExactText(registration.context.target)
            guard var current = state.registrations[target], current.generation == registration.generation else {
                return nil
            }
            let result = body(&current)
            state.registrations[target] = current
            return result
        }
    }

    /// Forgets `registration` if it is still current.
    func forget(_ registration: Registration) {
        self.state.withLock { state in
            let target = ExactText(registration.context.target)
            if state.registrations[target]?.generation == registration.generation {
                state.registrations[target] = nil
            }
        }
    }
}

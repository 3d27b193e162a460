// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// The active provider-writes mounts of this node, by target directory: what the reconciler keeps current.
///
/// A `Mount` registers its target (replacing an older registration of the same target); the reconciler forgets a
/// target whose directory is gone. Only memory: after a restart the driver's next `Mount` registers again.
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
        var registrations: [String: Registration] = [:]
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Creates an empty registry.
    public init() {}

    /// The number of registered mounts.
    public var count: Int {
        self.state.withLock { $0.registrations.count }
    }

    /// Registers `context` with the versions just mounted, replacing any registration of its target.
    func register(_ context: MountContext, versions: [ObjectVersion]) {
        self.state.withLock { state in
            state.generation += 1
            state.registrations[context.target] = Registration(
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
        self.state.withLock { $0.registrations[registration.context.target]?.generation == registration.generation }
    }

    /// Changes `registration` in place if it is still current.
    ///
    /// - Returns: What `body` returned, or nil if the registration was replaced or forgotten.
    @discardableResult
    func update<Result>(_ registration: Registration, _ body: (inout Registration) -> Result) -> Result? {
        self.state.withLock { state in
            let target = registration.context.target
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
            let target = registration.context.target
            if state.registrations[target]?.generation == registration.generation {
                state.registrations[target] = nil
            }
        }
    }
}

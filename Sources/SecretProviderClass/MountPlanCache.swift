// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// Remembers the plans of recent SecretProviderClasses, so the pods of one class (and each remount of a pod) do not
/// parse and validate the same `objects` YAML again: that is a quarter of the CPU time of a warm mount.
///
/// A plan is a pure function of the parameters it is built from, so a remembered plan is exactly what
/// ``MountPlan/init(attributes:permission:)`` would return. Only accepted parameters are kept (a rejected class
/// is checked again each time, and its text is not held), at most `capacity` of them, least recently used first
/// out; an `objects` text longer than `maximumObjectsBytes` is never kept.
public final class MountPlanCache: Sendable {
    private struct Key: Hashable {
        let objects: String
        let region: String
        let failoverRegion: String
        let pathTranslation: String
        let usePodIdentity: String
        let preferredAddressType: String
        let permission: String

        init(_ attributes: MountAttributes, _ permission: String) {
            self.objects = attributes.objects
            self.region = attributes.region
            self.failoverRegion = attributes.failoverRegion
            self.pathTranslation = attributes.pathTranslation
            self.usePodIdentity = attributes.usePodIdentity
            self.preferredAddressType = attributes.preferredAddressType
            self.permission = permission
        }
    }

    private struct State {
        var plans: [Key: (plan: MountPlan, used: UInt64)] = [:]
        var clock: UInt64 = 0
    }

    private let capacity: Int
    private let maximumObjectsBytes: Int
    private let state = Mutex(State())

    /// Creates an empty cache.
    ///
    /// - Parameters:
    ///   - capacity: The most plans kept.
    ///   - maximumObjectsBytes: The longest `objects` text whose plan is kept.
    public init(capacity: Int = 128, maximumObjectsBytes: Int = 64 * 1024) {
        self.capacity = max(0, capacity)
        self.maximumObjectsBytes = maximumObjectsBytes
    }

    /// The plan of these parameters: the remembered one, else a new one (remembered when accepted).
    ///
    /// - Throws: What ``MountPlan/init(attributes:permission:)`` throws.
    public func plan(attributes: MountAttributes, permission: String) throws(SecretProviderClassError) -> MountPlan {
        let key = Key(attributes, permission)
        let remembered = self.state.withLock { state -> MountPlan? in
            guard let entry = state.plans[key] else { return nil }
            state.clock += 1
            state.plans[key] = (entry.plan, state.clock)
            return entry.plan
        }
        if let remembered {
            return remembered
        }
        let plan = try MountPlan(attributes: attributes, permission: permission)
        guard self.capacity > 0, key.objects.utf8.count <= self.maximumObjectsBytes else {
            return plan
        }
        self.state.withLock { state in
            if state.plans[key] == nil, state.plans.count >= self.capacity,
                let oldest = state.plans.min(by: { $0.value.used < $1.value.used })?.key
            {
                state.plans[oldest] = nil
            }
            state.clock += 1
            state.plans[key] = (plan, state.clock)
        }
        return plan
    }

    /// How many plans are remembered; for tests.
    var count: Int {
        self.state.withLock { $0.plans.count }
    }

    /// Whether the plan of these parameters is remembered (without counting as a use); for tests.
    func remembers(attributes: MountAttributes, permission: String) -> Bool {
        let key = Key(attributes, permission)
        return self.state.withLock { $0.plans[key] != nil }
    }
}

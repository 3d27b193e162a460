// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Coordination
import Crypto
import SecretProviderClass
import Synchronization
import Templates

/// Remembers what recent SecretProviderClasses were found to be, so the pods of one class (and each remount or
/// kubelet retry of a pod) do not parse and validate the same `objects` again: a quarter of the CPU of a warm mount,
/// and far more for a large class.
///
/// A plan is a pure function of the parameters it is built from and of the limits, so both outcomes are kept: an
/// accepted plan, and the error of a rejected class (only its message, at most 8 KiB), so a class that fails
/// validation costs one hash per retry. A validation cut short by the deadline is not an outcome and is not kept.
///
/// Entries are keyed by the SHA-256 of the exact bytes of every parameter, never by Swift string equality (which
/// would let a canonically equivalent class of another tenant stand in for this one), and bounded by count and by
/// weight (what a plan is taken to cost in memory, or the bytes of the error's message), least recently used first
/// out.
final class MountPlanCache: Sendable {
    private typealias Outcome = Result<MountPlan, ProviderError>

    private let limits: MountPlanLimits
    private let state: Mutex<LeastRecentlyUsed<SHA256Digest, Outcome>>

    /// Creates an empty cache.
    ///
    /// - Parameters:
    ///   - limits: The limits every plan is validated with.
    ///   - capacity: The most outcomes kept.
    ///   - maximumWeight: The most memory the plans (as ``weight(of:objectsBytes:)`` counts it) and error messages kept
    ///     may take.
    init(limits: MountPlanLimits = MountPlanLimits(), capacity: Int = 256, maximumWeight: Int = 8 * 1024 * 1024) {
        self.limits = limits
        self.state = Mutex(LeastRecentlyUsed(capacity: capacity, maximumWeight: maximumWeight))
    }

    /// What an outcome is remembered by: the SHA-256 of every parameter a plan is built from.
    struct Key: Sendable {
        fileprivate let digest: SHA256Digest

        /// The key of these parameters.
        init(attributes: MountAttributes, permission: String) {
            self.digest = MountPlanCache.digest(attributes, permission)
        }
    }

    /// The remembered outcome of `key`, if any: the plan, nil when the class is not known, or its error.
    ///
    /// - Throws: ``ProviderError`` for a class remembered as rejected.
    func remembered(_ key: Key) throws(ProviderError) -> MountPlan? {
        try self.state.withLock { $0.value(for: key.digest) }?.get()
    }

    /// The plan of these parameters: the remembered outcome, else a new one (remembered unless interrupted).
    ///
    /// - Parameters:
    ///   - attributes: The request's attributes.
    ///   - permission: The request's `permission`.
    ///   - shouldStop: Asked before each object is validated; true gives up (deadline or cancellation).
    /// - Throws: ``ProviderError`` for a rejected class, naming every problem.
    func plan(
        attributes: MountAttributes,
        permission: String,
        shouldStop: () -> Bool = { false }
    ) throws(ProviderError) -> MountPlan {
        let key = Key(attributes: attributes, permission: permission)
        if let remembered = try self.remembered(key) {
            return remembered
        }
        return try self.validate(key, attributes: attributes, permission: permission, shouldStop: shouldStop)
    }

    /// Validates a class ``remembered(_:)`` did not know and remembers the outcome (unless interrupted).
    ///
    /// - Throws: ``ProviderError`` for a rejected class, naming every problem.
    func validate(
        _ key: Key,
        attributes: MountAttributes,
        permission: String,
        shouldStop: () -> Bool
    ) throws(ProviderError) -> MountPlan {
        let outcome: Outcome
        do {
            outcome = .success(
                try MountPlan(
                    attributes: attributes,
                    permission: permission,
                    limits: self.limits,
                    shouldStop: shouldStop
                )
            )
        } catch {
            let failure = MountFailure.error(error)
            guard error.code != .interrupted else { throw failure }
            outcome = .failure(ProviderError(code: failure.code, message: failure.message))
        }
        let weight =
            switch outcome {
            case .success(let plan): Self.weight(of: plan, objectsBytes: attributes.objects.utf8.count)
            case .failure(let error): error.message.utf8.count
            }
        self.state.withLock { $0.insert(outcome, for: key.digest, weight: weight) }
        return try outcome.get()
    }

    /// What a plan is taken to cost in memory: four times its `objects` text and 256 bytes a file (measured on a
    /// 1000-object class: about 380 KB of memory for 74 KB of text), and what its parsed templates hold at most.
    static func weight(of plan: MountPlan, objectsBytes: Int) -> Int {
        let templates = plan.templates.reduce(0) { total, template in
            guard case .mustache(let strict) = template.body else { return total }
            return total + strict.retainedBytes
        }
        return 4 * objectsBytes + 256 * plan.files.count + templates
    }

    /// How many outcomes are remembered; for tests.
    var count: Int {
        self.state.withLock { $0.count }
    }

    /// Whether the outcome of these parameters is remembered (without counting as a use); for tests.
    func remembers(attributes: MountAttributes, permission: String) -> Bool {
        let key = Key(attributes: attributes, permission: permission)
        return self.state.withLock { $0.contains(key.digest) }
    }

    /// The SHA-256 of every parameter's UTF-8 bytes, each preceded by its length so no two lists of fields hash
    /// the same input.
    private static func digest(_ attributes: MountAttributes, _ permission: String) -> SHA256Digest {
        var hash = SHA256()
        for field in [
            attributes.objects, attributes.region, attributes.failoverRegion, attributes.pathTranslation,
            attributes.usePodIdentity, attributes.preferredAddressType, attributes.assumeRoleArn,
            attributes.assumeRoleExternalId, attributes.assumeRoleDurationSeconds, permission,
        ] {
            var length = UInt64(field.utf8.count).bigEndian
            withUnsafeBytes(of: &length) { hash.update(bufferPointer: $0) }
            var text = field
            text.withUTF8 { hash.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        return hash.finalize()
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Coordination
import Synchronization

/// Remembers the identities whose role may not call `BatchGetSecretValue`, so they go straight to `GetSecretValue`
/// instead of being refused on every fetch. A refusal is forgotten after `retryAfter`, so a policy that gains the
/// permission is used again without a restart.
final class BatchPermissions: Sendable {
    private let retryAfter: Duration
    private let clock: TimeSource
    private let refusals = Mutex([MountIdentity: ContinuousClock.Instant]())

    /// Creates an empty memory.
    init(retryAfter: Duration = .seconds(3600), clock: TimeSource = .system) {
        self.retryAfter = retryAfter
        self.clock = clock
    }

    /// Whether `identity` was refused within the last `retryAfter`.
    func isRefused(_ identity: MountIdentity) -> Bool {
        let instant = self.clock.now()
        return self.refusals.withLock { refusals in
            guard let refused = refusals[identity] else { return false }
            if instant - refused < self.retryAfter { return true }
            refusals[identity] = nil
            return false
        }
    }

    /// Records a refusal; true the first time (within `retryAfter`), so the caller says it once.
    func refuse(_ identity: MountIdentity) -> Bool {
        let instant = self.clock.now()
        return self.refusals.withLock { refusals in
            let isNew = refusals[identity].map { instant - $0 >= self.retryAfter } ?? true
            if isNew {
                refusals[identity] = instant
            }
            return isNew
        }
    }
}

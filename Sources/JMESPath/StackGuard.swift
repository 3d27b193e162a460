// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// Bounds how much stack the recursive parser and interpreter use, measured from where they start.
///
/// The nesting limits (``JMESPathExpression/maximumNestingDepth``, ``JSONValue/maximumNestingDepth``)
/// bound recursion in levels, which is what users see. But a level's stack frames are several times
/// larger in debug builds than in release builds, so this guard also bounds the bytes: whatever the build,
/// compiling or searching never uses more than ``maximumBytes`` of stack, which keeps them safe inside
/// Swift concurrency tasks, whose threads may have as little as 512 KiB.
struct StackGuard {
    /// The most stack that one compile or one search may use.
    static let maximumBytes = 256 * 1024

    private let base: UInt

    /// Starts measuring from the caller's stack position.
    init() {
        self.base = currentStackAddress()
    }

    /// Whether the stack used since ``init()`` is still within ``maximumBytes``.
    func hasRoom() -> Bool {
        let here = currentStackAddress()
        // Stacks grow downwards on every platform Swift supports; the distance is taken either way.
        let used = here < self.base ? self.base - here : here - self.base
        return used < Self.maximumBytes
    }
}

/// The address of a local of a non-inlined function: the current depth of the stack.
@inline(never)
private func currentStackAddress() -> UInt {
    var marker: UInt8 = 0
    return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
}

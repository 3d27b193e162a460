// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// Runs `body` for every item in a task group, at most `limit` at once; the results come in completion order.
func concurrentMap<Item: Sendable, Output: Sendable>(
    _ items: [Item],
    limit: Int,
    _ body: @escaping @Sendable (Item) async -> Output
) async -> [Output] {
    await withTaskGroup(of: Output.self) { group in
        var outputs: [Output] = []
        outputs.reserveCapacity(items.count)
        var pending = items.makeIterator()
        for _ in 0..<max(1, limit) {
            guard let item = pending.next() else { break }
            group.addTask { await body(item) }
        }
        while let output = await group.next() {
            outputs.append(output)
            if let item = pending.next() {
                group.addTask { await body(item) }
            }
        }
        return outputs
    }
}

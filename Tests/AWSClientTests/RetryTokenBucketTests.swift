// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Testing

struct RetryTokenBucketTests {
    @Test("starts full with the standard mode's numbers")
    func standardNumbers() {
        let bucket = RetryTokenBucket()
        #expect(bucket.capacity == 500)
        #expect(bucket.available == 500)
        #expect(bucket.retryCost == 5)
        #expect(bucket.timeoutCost == 10)
        #expect(bucket.successIncrement == 1)
    }

    @Test("a retry costs 5 tokens, a retry after a timeout 10")
    func costs() {
        let bucket = RetryTokenBucket()
        #expect(bucket.acquire(afterTimeout: false) == 5)
        #expect(bucket.available == 495)
        #expect(bucket.acquire(afterTimeout: true) == 10)
        #expect(bucket.available == 485)
    }

    @Test("refuses a retry once the quota is spent")
    func exhaustion() {
        let bucket = RetryTokenBucket(capacity: 12)
        #expect(bucket.acquire(afterTimeout: false) == 5)
        #expect(bucket.acquire(afterTimeout: false) == 5)
        #expect(bucket.acquire(afterTimeout: false) == nil)
        #expect(bucket.acquire(afterTimeout: true) == nil)
        #expect(bucket.available == 2)
    }

    @Test("a success after retries refunds their tokens; one without retries adds one, up to the capacity")
    func refunds() {
        let bucket = RetryTokenBucket()
        let first = bucket.acquire(afterTimeout: false) ?? 0
        let second = bucket.acquire(afterTimeout: true) ?? 0
        #expect(bucket.available == 485)
        bucket.recordSuccess(acquired: first + second)
        #expect(bucket.available == 500)
        bucket.recordSuccess(acquired: 0)
        #expect(bucket.available == 500)
        _ = bucket.acquire(afterTimeout: false)
        bucket.recordSuccess(acquired: 0)
        #expect(bucket.available == 496)
    }

    @Test("stays consistent under concurrent use")
    func concurrent() async {
        let bucket = RetryTokenBucket(capacity: 500)
        let taken = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<200 {
                group.addTask { bucket.acquire(afterTimeout: false) ?? 0 }
            }
            return await group.reduce(0, +)
        }
        #expect(taken == 500)
        #expect(bucket.available == 0)
    }
}

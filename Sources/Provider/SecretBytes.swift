// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import CertificateExport

/// A secret value held by the cache: one private copy, overwritten with zeros when the last reference goes, so an
/// evicted secret does not linger in freed memory.
///
/// `@unchecked Sendable`: the buffer is written once in `init`, only read afterwards, and zeroed and freed in
/// `deinit`, when no other reference can exist.
final class SecretBytes: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer

    /// Copies `bytes`.
    init(_ bytes: [UInt8]) {
        self.storage = .allocate(byteCount: max(1, bytes.count), alignment: 1)
        self.count = bytes.count
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress {
                self.storage.baseAddress!.copyMemory(from: base, byteCount: source.count)
            }
        }
    }

    deinit {
        SecureMemory.zero(self.storage)
        self.storage.deallocate()
    }

    /// The number of bytes.
    let count: Int

    /// A copy of the bytes.
    var bytes: [UInt8] {
        Array(UnsafeRawBufferPointer(rebasing: self.storage[..<self.count]))
    }
}

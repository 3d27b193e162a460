// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Overwrites memory that held a secret (a passphrase, a key, a secret value) with zeros, in a way the optimiser
/// cannot drop, once it is no longer needed.
public enum SecureMemory {
    /// Zeroes `buffer`.
    public static func zero(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        #if canImport(Darwin)
            memset_s(base, buffer.count, 0, buffer.count)
        #else
            explicit_bzero(base, buffer.count)
        #endif
    }

    /// Zeroes the bytes of `bytes` (its length stays).
    public static func zero(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { Self.zero($0) }
    }

    /// Zeroes the bytes of `data` (its length stays).
    public static func zero(_ data: inout Data) {
        data.withUnsafeMutableBytes { Self.zero($0) }
    }
}

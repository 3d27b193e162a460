// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// The names this writer gives its own entries in a volume: `..aws-<kind>-<16 hex digits>`, and the two links of the
/// generation layout, `..data` and `..data_tmp`.
///
/// `..aws-` is this provider's own prefix: the SecretProviderClass rules and ``VolumePath`` refuse it in every
/// component of a file name, and the driver's and the kubelet's atomic writers refuse a leading `..` (they use `..data`
/// and `..<timestamp>` themselves). So no file of a class, and no file or generation another writer made in the node's
/// Secrets Store volumes, can be taken for one of these.
struct ReservedName {
    /// What every name of this kind starts with.
    let prefix: Name

    /// Temporary files and links, created beside their final name and renamed over it.
    static let temporary = Self(kind: "tmp")

    /// Generation directories of the `..data` layout.
    static let generation = Self(kind: "gen")

    /// The link naming the current generation.
    static let data: Name = Array("..data".utf8)

    /// The link made beside ``data`` and renamed over it: the atomic switch.
    static let dataTemporary: Name = Array("..data_tmp".utf8)

    private init(kind: String) {
        self.prefix = VolumePath.reservedPrefix + Array("\(kind)-".utf8)
    }

    /// A new random name of this kind.
    func make() -> Name {
        let digits = Array(String(UInt64.random(in: .min ... .max), radix: 16).utf8)
        let padding = [UInt8](repeating: UInt8(ascii: "0"), count: 16 - digits.count)
        return self.prefix + padding + digits
    }

    /// Whether `name` is one ``make()`` could have made: the prefix and 16 lower-case hex digits.
    func matches(_ name: Name) -> Bool {
        guard name.count == self.prefix.count + 16, name.starts(with: self.prefix) else { return false }
        return name.dropFirst(self.prefix.count).allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        }
    }

    /// The target of the link that publishes the top-level name `name` through ``data``: `..data/<name>`.
    static func published(_ name: Name) -> [UInt8] {
        Self.data + [UInt8(ascii: "/")] + name
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// A TCP address to listen on, in Go's `host:port` syntax: `:8989` (every interface), `127.0.0.1:8989`,
/// `[::1]:8989`; port 0 picks a free port.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host to bind; `0.0.0.0` when the text named none.
    public let host: String
    /// The port, 0 to 65535.
    public let port: Int

    /// Parses `host:port`; nil when the text is not of that form.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65_535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), host.count > 2 else { return nil }
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            return nil  // An IPv6 address needs brackets.
        }
        self.host = host.isEmpty ? "0.0.0.0" : host
        self.port = port
    }

    /// An address of `host` (a name, an IPv4 address, or an IPv6 address without brackets) and `port`.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`, with brackets around an IPv6 host.
    public var description: String {
        self.host.contains(":") ? "[\(self.host)]:\(self.port)" : "\(self.host):\(self.port)"
    }
}

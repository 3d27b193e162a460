// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Coordination
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The bearer token of every request: fixed, or read from a file that the kubelet rewrites as it rotates a projected
/// service-account token.
///
/// A token file is not read on every request. Its modification time is looked at most once per ``checkInterval``;
/// the file is read again when that time changed, or when the token in hand is ``maximumAge`` old (in case a rewrite
/// kept the time), or when the caller asks for a reload after the API server rejected the token. If the file cannot be
/// read any more, the last token read keeps being used: it stays valid for a while after a rotation.
final class BearerTokenSource: Sendable {
    private enum Source {
        case none
        case fixed(String)
        case file(String)
    }

    private struct Cached {
        var token: String
        var modified: Date?
        var checked: ContinuousClock.Instant
        var read: ContinuousClock.Instant
    }

    /// How often the token file's modification time is looked at.
    let checkInterval: Duration
    /// How old a token read from the file may get before the file is read again regardless.
    let maximumAge: Duration
    private let source: Source
    private let clock: TimeSource
    private let cache = Mutex<Cached?>(nil)

    /// Creates the source of `credentials`.
    ///
    /// - Parameters:
    ///   - credentials: No token, a fixed token or a token file.
    ///   - clock: The time source for the intervals.
    ///   - checkInterval: How often a token file's modification time is looked at.
    ///   - maximumAge: How old a token from a file may get before the file is read again regardless.
    init(
        credentials: KubernetesClientConfiguration.Credentials,
        clock: TimeSource,
        checkInterval: Duration = .seconds(1),
        maximumAge: Duration = .seconds(60)
    ) {
        switch credentials {
        case .none: self.source = .none
        case .token(let token): self.source = .fixed(token)
        case .tokenFile(let path): self.source = .file(path)
        }
        self.clock = clock
        self.checkInterval = checkInterval
        self.maximumAge = maximumAge
    }

    /// Whether the token comes from a file, so that a reload after a 401 may find a newer one.
    var isFile: Bool {
        if case .file = self.source { return true }
        return false
    }

    /// The token to send, or nil to send none.
    ///
    /// - Parameter reload: Read a token file now, whatever the intervals say (after the API server answered 401).
    /// - Throws: ``KubernetesError/Code/invalidConfiguration`` when a token file has never been readable or is empty.
    func token(reload: Bool = false) throws(KubernetesError) -> String? {
        switch self.source {
        case .none:
            return nil
        case .fixed(let token):
            return token
        case .file(let path):
            return try self.fileToken(path: path, reload: reload)
        }
    }

    private func fileToken(path: String, reload: Bool) throws(KubernetesError) -> String {
        let now = self.clock.now()
        let cached = self.cache.withLock { $0 }
        if let cached, !reload, now - cached.checked < self.checkInterval {
            return cached.token
        }
        let modified = Self.modificationDate(path)
        if let cached, !reload, modified != nil, modified == cached.modified, now - cached.read < self.maximumAge {
            self.cache.withLock { $0?.checked = now }
            return cached.token
        }
        // The file is read outside the lock; two callers racing here both read the same file, which is harmless.
        let token: String
        do {
            token = try Self.read(path)
        } catch {
            guard let cached else { throw error }
            self.cache.withLock { $0?.checked = now }
            return cached.token
        }
        self.cache.withLock { $0 = Cached(token: token, modified: modified, checked: now, read: now) }
        return token
    }

    private static func modificationDate(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    private static func read(_ path: String) throws(KubernetesError) -> String {
        let text = try KubernetesError.readConfigurationFile(path, describedAs: "the Kubernetes bearer token file")
        let token = String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
        guard !token.isEmpty else {
            throw KubernetesError(
                code: .invalidConfiguration,
                message: "the Kubernetes bearer token file '\(path)' is empty"
            )
        }
        return token
    }
}

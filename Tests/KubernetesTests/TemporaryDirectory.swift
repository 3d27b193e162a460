// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A fresh directory under the system's temporary directory, removed by ``remove()``.
struct TemporaryDirectory {
    /// The directory's absolute path, without a trailing slash.
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("kubernetes-client-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        self.path = url.path
    }

    /// Runs `body` with a new directory and removes it afterwards.
    static func with<Result>(_ body: (TemporaryDirectory) async throws -> Result) async throws -> Result {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        return try await body(directory)
    }

    /// Writes `text` to `name` inside the directory (creating sub-directories) and returns the file's path.
    @discardableResult
    func write(_ name: String, _ text: String, modified: Date? = nil) throws -> String {
        let file = self.path + "/" + name
        let parent = URL(fileURLWithPath: file).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        if let modified {
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: file)
        }
        return file
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }
}

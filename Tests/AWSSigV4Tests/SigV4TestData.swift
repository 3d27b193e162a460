// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSSigV4
import Foundation
import Testing

/// Locates and reads the SigV4 reference vectors in `Tests/testdata/sigv4` in the repository (its `README.md` says
/// where they come from). A missing folder fails the tests: the vectors are part of the repository, never skipped.
enum SigV4TestData {
    /// The folder holding `README.md`, `aws4_testsuite/` and `aws-signing-test-suite/`.
    static let directory: URL = {
        // This file is <root>/Tests/AWSSigV4Tests/SigV4TestData.swift.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("testdata/sigv4", isDirectory: true).standardizedFileURL
    }()

    /// Case folders of `aws4_testsuite/` relative to it (for example `normalize-path/get-space`): every folder that
    /// holds `<folder name>.req`.
    static let classicCases: [String] = Self.caseFolders(under: "aws4_testsuite") { folder in
        folder.appendingPathComponent("\(folder.lastPathComponent).req")
    }

    /// Case folders of `aws-signing-test-suite/v4/`: every folder that holds `context.json`.
    static let v4Cases: [String] = Self.caseFolders(under: "aws-signing-test-suite/v4") { folder in
        folder.appendingPathComponent("context.json")
    }

    /// The credentials every vector uses, with an optional session token.
    static func credentials(sessionToken: String? = nil) -> AWSCredentials {
        AWSCredentials(
            accessKeyId: "AKIDEXAMPLE",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            sessionToken: sessionToken
        )
    }

    /// 2015-08-30T12:36:00Z, the time every vector is signed at.
    static let date = Date(timeIntervalSince1970: 1_440_938_160)

    /// The text of a vector file with one trailing line feed removed (the suites are inconsistent about it).
    static func text(_ relativePath: String) throws -> String {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(relativePath))
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") {
            text.removeLast()
        }
        return text
    }

    /// The raw bytes of a vector file.
    static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: Self.directory.appendingPathComponent(relativePath))
    }

    private static func caseFolders(under suite: String, marker: (URL) -> URL) -> [String] {
        let root = Self.directory.appendingPathComponent(suite, isDirectory: true)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            return []
        }
        let rootPath = root.standardizedFileURL.path + "/"
        var cases: [String] = []
        for case let url as URL in enumerator where FileManager.default.fileExists(atPath: marker(url).path) {
            cases.append(String(url.standardizedFileURL.path.dropFirst(rootPath.count)))
        }
        return cases.sorted()
    }
}

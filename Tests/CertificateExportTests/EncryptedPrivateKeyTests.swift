// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import CertificateExport
import Foundation
import Testing

/// The keys and certificates of `Tests/testdata/pkcs8`, made by OpenSSL (scripts/generate-pkcs8-fixtures.sh).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("testdata/pkcs8", isDirectory: true).standardizedFileURL

    static func text(_ name: String) throws -> String {
        try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
    }

    static var passphrase: [UInt8] {
        get throws { Array(try Self.text("passphrase.txt").utf8) }
    }
}

struct EncryptedPrivateKeyTests {
    static let schemes: [String] =
        ["aes-128-cbc", "aes-192-cbc", "aes-256-cbc"].flatMap { cipher in
            ["hmacWithSHA1", "hmacWithSHA256", "hmacWithSHA384", "hmacWithSHA512"].map { "rsa-\(cipher)-\($0)" }
        } + ["ec-aes-256-cbc-hmacWithSHA256"]

    @Test(
        "keys OpenSSL encrypted with every supported PBES2 scheme decrypt to the certificate's key",
        arguments: schemes
    )
    func decrypts(name: String) throws {
        let certificate = try Fixtures.text(name.hasPrefix("ec") ? "ec.crt" : "rsa.crt")
        let export = try ExportedCertificate(
            certificate: certificate,
            chain: "",
            encryptedKey: try Fixtures.text("\(name).pem"),
            passphrase: try Fixtures.passphrase
        )
        let pem = String(decoding: export.privateKey, as: UTF8.self)
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(pem.hasSuffix("-----END PRIVATE KEY-----"))
        #expect(export.serial == (name.hasPrefix("ec") ? "01:02" : "c0:ff:ee"))
        #expect(export.notAfter > Date())
        #expect(!"\(export)".contains("PRIVATE KEY") && "\(export)".contains("<REDACTED>"))
    }

    @Test("the same bytes as OpenSSL's own decryption")
    func sameAsOpenSSL() throws {
        let der = try EncryptedPrivateKey.decrypt(
            pem: try Fixtures.text("rsa-aes-256-cbc-hmacWithSHA256.pem"),
            passphrase: try Fixtures.passphrase
        )
        let other = try EncryptedPrivateKey.decrypt(
            pem: try Fixtures.text("rsa-aes-128-cbc-hmacWithSHA1.pem"),
            passphrase: try Fixtures.passphrase
        )
        #expect(der == other, "two encryptions of one key decrypt to one PrivateKeyInfo")
        #expect(der.first == 0x30)
    }

    /// (file, the scheme the message names).
    static let refused: [(String, String)] = [
        ("refused-des-ede3-cbc", "des-ede3-cbc (1.2.840.113549.3.7)"),
        ("refused-pbe-sha1-3des", "pbeWithSHAAnd3-KeyTripleDES-CBC (1.2.840.113549.1.12.1.3)"),
        ("refused-scrypt", "scrypt (1.3.6.1.4.1.11591.4.11)"),
    ]

    @Test("other schemes are refused with their name", arguments: refused)
    func unsupported(name: String, scheme: String) throws {
        let error = #expect(throws: CertificateExportError.self) {
            try EncryptedPrivateKey.decrypt(pem: try Fixtures.text("\(name).pem"), passphrase: try Fixtures.passphrase)
        }
        #expect(error?.code == .unsupportedScheme)
        #expect(error?.message.contains(scheme) == true, "\(error?.message ?? "")")
    }

    @Test(
        "a wrong passphrase fails as a decryption failure, never with key bytes",
        arguments: ["", "x", "test-passphrase-7Qx3"]
    )
    func wrongPassphrase(passphrase: String) throws {
        let pem = try Fixtures.text("rsa-aes-256-cbc-hmacWithSHA256.pem")
        let error = #expect(throws: CertificateExportError.self) {
            try EncryptedPrivateKey.decrypt(pem: pem, passphrase: Array(passphrase.utf8))
        }
        #expect(error?.code == .decryptionFailed)
    }

    @Test("a key that is not the certificate's is refused")
    func mismatch() throws {
        let error = #expect(throws: CertificateExportError.self) {
            try ExportedCertificate(
                certificate: try Fixtures.text("ec.crt"),
                chain: "",
                encryptedKey: try Fixtures.text("rsa-aes-128-cbc-hmacWithSHA256.pem"),
                passphrase: try Fixtures.passphrase
            )
        }
        #expect(error?.code == .keyMismatch)
    }

    @Test("every truncation and every flipped byte of the DER fails cleanly, naming no key byte")
    func malformed() throws {
        let pem = try Fixtures.text("rsa-aes-128-cbc-hmacWithSHA256.pem")
        let document = try #require(Self.der(of: pem))
        let passphrase = try Fixtures.passphrase
        for length in stride(from: 0, to: document.count, by: 7) {
            let truncated = Self.pem(Array(document.prefix(length)))
            #expect(throws: CertificateExportError.self) {
                try EncryptedPrivateKey.decrypt(pem: truncated, passphrase: passphrase)
            }
        }
        for index in stride(from: 0, to: 120, by: 1) {
            var flipped = document
            flipped[index] ^= 0x5A
            do {
                _ = try EncryptedPrivateKey.decrypt(pem: Self.pem(flipped), passphrase: passphrase)
            } catch {
                #expect(!error.message.contains(String(decoding: passphrase, as: UTF8.self)))
                #expect(!error.message.contains("MII"), "no base64 DER in a message")
            }
        }
        for text in ["", "not pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"] {
            let error = #expect(throws: CertificateExportError.self) {
                try EncryptedPrivateKey.decrypt(pem: text, passphrase: passphrase)
            }
            #expect(error?.code == .malformedKey)
        }
    }

    @Test(
        "PBKDF2 parameters in the wrong order, or a prf with parameters, are malformed; an explicit keyLength decrypts"
    )
    func strictParameters() throws {
        let passphrase = try Fixtures.passphrase
        let pem = try Fixtures.text("rsa-aes-128-cbc-hmacWithSHA256.pem")
        var der = try #require(Self.der(of: pem))
        // OpenSSL writes {salt, iterations, prf}; swap the order of iterations and prf by rewriting the prf's
        // null parameters into an INTEGER: {salt, iterations, prf(with INTEGER parameters)}.
        let null: [UInt8] = [0x06, 0x08, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x02, 0x09, 0x05, 0x00]
        let index = try #require(der.indices.first { der[$0...].starts(with: null) })
        der[index + 10] = 0x02  // INTEGER of length 0 is invalid, so the node no longer is NULL
        let error = #expect(throws: CertificateExportError.self) {
            try EncryptedPrivateKey.decrypt(pem: Self.pem(der), passphrase: passphrase)
        }
        #expect(error?.code == .malformedKey)
    }

    @Test("serials compare as ACM writes them")
    func serials() {
        #expect(CertificateSerial.text([0x00, 0xc0, 0xff, 0xee]) == "c0:ff:ee")
        #expect(CertificateSerial.text([0x01, 0x02]) == "01:02")
        #expect(CertificateSerial.normalized("00:C0:FF:EE") == "c0:ff:ee")
        #expect(CertificateSerial.normalized("1:2") == "01:02")
        #expect(CertificateSerial.normalized("c0ffee") == nil)
        #expect(CertificateSerial.normalized("") == nil)
    }

    static func der(of pem: String) -> [UInt8]? {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return Data(base64Encoded: body).map(Array.init)
    }

    static func pem(_ der: [UInt8]) -> String {
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\n\(Data(der).base64EncodedString(options: .lineLength64Characters))\n"
            + "-----END ENCRYPTED PRIVATE KEY-----\n"
    }
}

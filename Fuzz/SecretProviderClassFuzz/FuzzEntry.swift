// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

// The libFuzzer target over the SecretProviderClass module: Mount attributes, `objects` YAML, tokens and
// secrets, and manifests. Built and run by scripts/fuzz.sh spc (see the comment there).
//
// The first byte chooses what the rest of the input is; a second byte chooses the parameters that go with an
// `objects` YAML. Besides "no crash, no hang, bounded memory", the target checks the properties the module
// promises: every planned file path is relative, clean and unique, every key file (`mountAllKeys`) and every
// wildcard match too, decoding (`objectEncoding`) never yields more bytes than its input allows, and no token reaches
// a message.

import FileFormats
import SecretProviderClass

/// libFuzzer's entry point: runs one input through the Mount request as the SecretProviderClass module reads it; returns 0 (the input is kept when it adds coverage).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSecretProviderClass(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else {
        return 0
    }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes.dropFirst(2), as: UTF8.self)
    switch bytes[0] % 7 {
    case 0:
        // The whole Mount attributes JSON, with the driver's permission.
        if let attributes = try? MountAttributes(json: text) {
            plan(attributes, permission: "420")
        }
    case 1:
        // An objects YAML with parameters chosen by the second byte.
        let flags = bytes[1]
        let regions = ["", "us-east-1", "us-west-2", "us-east-1"]
        let translations = ["", "False", "-", "/"]
        var parameters = [
            MountAttributes.objectsKey: text,
            MountAttributes.regionKey: regions[Int(flags & 3)],
            MountAttributes.failoverRegionKey: regions[Int(flags >> 2 & 3)],
            MountAttributes.pathTranslationKey: translations[Int(flags >> 4 & 3)],
        ]
        if flags & 0x40 != 0 {
            parameters[MountAttributes.usePodIdentityKey] = "true"
        }
        if let attributes = try? MountAttributes(parameters: parameters) {
            plan(attributes, permission: flags & 0x80 != 0 ? "384" : "420")
        }
    case 2:
        // Secrets JSON and tokens JSON, separated by the first NUL.
        let parts = bytes.dropFirst(2).split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
        let secrets = String(decoding: parts[0], as: UTF8.self)
        let tokens = parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : ""
        do {
            let attributes = try MountAttributes(
                parameters: [MountAttributes.serviceAccountTokensKey: tokens],
                secrets: secrets
            )
            for mode in [AuthenticationMode.irsa, .podIdentity(.auto)] {
                if let token = try? attributes.token(for: mode) {
                    check("\(token)".hasPrefix("ServiceAccountToken(token: <REDACTED>, "), "token shown")
                }
            }
            _ = "\(attributes)"
        } catch {
            _ = error.description
        }
    case 4:
        // Keys of a JSON value (separated by NUL) as `mountAllKeys` names their files, under a path translation.
        let translations = ["", "False", "-", "/"]
        let attributes = try? MountAttributes(parameters: [
            MountAttributes.objectsKey: "- {objectName: db, objectType: secretsmanager, mountAllKeys: true}",
            MountAttributes.regionKey: "us-east-1",
            MountAttributes.pathTranslationKey: translations[Int(bytes[1] & 3)],
        ])
        guard let attributes, let object = try? MountPlan(attributes: attributes, permission: "420").objects.first
        else {
            fatalError("the key-file plan must be valid")
        }
        for key in bytes.dropFirst(2).split(separator: 0, omittingEmptySubsequences: false) {
            if case .success(let file) = object.keyFile(String(decoding: key, as: UTF8.self)) {
                checkPath(file.path)
            }
        }
    case 5:
        // A stored value decoded as `objectEncoding` says.
        let encoding = ValueEncoding.allCases[Int(bytes[1]) % ValueEncoding.allCases.count]
        let input = Array(bytes.dropFirst(2))
        if let decoded = try? encoding.decode(input) {
            check(decoded.count <= max(input.count, input.count / 4 * 3 + 3), "\(encoding) decoded to more bytes")
        }
    case 6:
        // Names AWS lists (separated by NUL) as a wildcard chosen by the second byte matches them and names their
        // files: a match starts with the prefix and names a clean path; anything else is never a file.
        let patterns = [
            ("/app/*", "ssmparameter"), ("/app/**", "ssmparameter"), ("/*", "ssmparameter"),
            ("p/*", "secretsmanager"),
        ]
        let translations = ["", "False", "-", "/"]
        let (pattern, type) = patterns[Int(bytes[1] & 3)]
        let attributes = try? MountAttributes(parameters: [
            MountAttributes.objectsKey: "- {objectName: \"\(pattern)\", objectType: \(type), mountAllKeys: true}",
            MountAttributes.regionKey: "us-east-1",
            MountAttributes.pathTranslationKey: translations[Int(bytes[1] >> 2 & 3)],
        ])
        guard let attributes, let object = try? MountPlan(attributes: attributes, permission: "420").objects.first,
            let wildcard = object.wildcard
        else {
            fatalError("the wildcard plan must be valid")
        }
        for name in bytes.dropFirst(2).split(separator: 0, omittingEmptySubsequences: false) {
            let name = String(decoding: name, as: UTF8.self)
            guard wildcard.matches(name) else { continue }
            check(name.utf8.starts(with: wildcard.prefix.utf8), "a match without the prefix")
            if case .success(let matched) = object.match(name) {
                checkPath(matched.file.path)
                check(matched.primary.name == name && matched.wildcard == nil, "a match that is not its name")
            }
        }
    default:
        // A manifest, as the validate command reads it.
        guard let documents = try? ManifestDocument.parse(text) else {
            return 0
        }
        for document in documents where document.problems.isEmpty {
            if let attributes = try? MountAttributes(parameters: document.parameters) {
                plan(attributes, permission: "420")
            }
        }
    }
    return 0
}

/// Plans a mount, resolves its regions and checks the plan's promises.
private func plan(_ attributes: MountAttributes, permission: String) {
    do {
        let plan = try MountPlan(attributes: attributes, permission: permission)
        let resolved = try plan.resolved(fallbackRegion: "us-west-2")
        var paths = Set<String>()
        for file in plan.files {
            checkPath(file.path)
            check(paths.insert(file.path).inserted, "duplicate path \(file.path)")
            _ = "\(file.content)"
        }
        for object in plan.objects {
            _ = resolved.sources(of: object).map { "\($0.region) \($0.reference)" }
        }
    } catch {
        check(!error.problems.isEmpty && !error.message.isEmpty, "an error without problems")
        _ = error.description
    }
}

/// Checks that a planned file path is relative, clean and not reserved.
private func checkPath(_ path: String) {
    let elements = path.split(separator: "/", omittingEmptySubsequences: false)
    check(!path.isEmpty && !path.hasPrefix("/"), "absolute or empty path \(path)")
    check(!elements.contains("..") && !elements.contains(".") && !elements.contains(""), "unclean path")
    check(!elements[0].hasPrefix(".."), "reserved first element")
}

/// Stops the fuzzer with a crash when a promised property does not hold.
private func check(_ condition: Bool, _ what: @autoclosure () -> String) {
    if !condition {
        fatalError("property violated: \(what())")
    }
}

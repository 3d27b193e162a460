// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Yams

/// One SecretProviderClass found in a manifest file, or a bare `objects` list, for the `validate` command.
///
/// A manifest may hold several YAML documents; documents of other kinds (a Deployment, a ServiceAccount) are
/// skipped. The same limits as for `objects` apply to the whole file (1 MiB, alias expansion, nesting).
public struct ManifestDocument: Sendable {
    /// The API versions the driver serves for SecretProviderClass.
    public static let apiVersions = ["secrets-store.csi.x-k8s.io/v1", "secrets-store.csi.x-k8s.io/v1alpha1"]

    /// The largest file accepted, in bytes.
    public static let maximumBytes = YAMLLimits().maximumBytes

    /// `SecretProviderClass <namespace>/<name>`, or `objects list` for a bare list.
    public let title: String

    /// The `spec.parameters`, or `["objects": <the file>]` for a bare list.
    public let parameters: [String: String]

    /// What is wrong with the manifest itself (apiVersion, provider, parameters that are not strings); empty when
    /// the parameters can be validated.
    public let problems: [SecretProviderClassError.Problem]

    /// Finds the SecretProviderClasses in a manifest, or reads the file as a bare `objects` list when its only
    /// document is a list.
    /// - Parameter text: The file's contents.
    /// - Returns: The SecretProviderClasses (or the list), in file order.
    /// - Throws: ``SecretProviderClassError`` when the file is not valid YAML, exceeds the limits, or holds
    ///   neither a SecretProviderClass nor a list.
    public static func parse(_ text: String) throws(SecretProviderClassError) -> [ManifestDocument] {
        let documents: [Node]
        do {
            documents = try YAMLLoader.documents(text)
        } catch {
            throw SecretProviderClassError(code: error.code, field: nil, message: "invalid manifest: \(error.reason)")
        }
        if documents.count == 1, case .sequence = documents[0] {
            return [
                ManifestDocument(title: "objects list", parameters: [MountAttributes.objectsKey: text], problems: [])
            ]
        }
        let found = documents.compactMap(Self.secretProviderClass)
        guard !found.isEmpty else {
            throw SecretProviderClassError(
                code: .invalidManifest,
                field: nil,
                message: "no SecretProviderClass (kind: SecretProviderClass) and no objects list in the file"
            )
        }
        return found
    }

    private static func secretProviderClass(_ document: Node) -> ManifestDocument? {
        guard case .mapping(let mapping) = document else {
            return nil
        }
        let fields = YAMLFields(mapping)
        guard Self.text(fields["kind"]) == "SecretProviderClass" else {
            return nil
        }
        let metadata = fields["metadata"].flatMap(Self.fields)
        let name = Self.text(metadata?["name"]) ?? "(no name)"
        let namespace = Self.text(metadata?["namespace"]).map { "\($0)/" } ?? ""
        let title = "SecretProviderClass \(UserText.shown(namespace + name))"
        var problems: [SecretProviderClassError.Problem] = []
        let apiVersion = Self.text(fields["apiVersion"]) ?? ""
        if !Self.apiVersions.contains(apiVersion) {
            problems.append(
                Self.problem(
                    "apiVersion",
                    "apiVersion is \"\(UserText.shown(apiVersion))\", not \(Self.apiVersions[0])"
                )
            )
        }
        let spec = fields["spec"].flatMap(Self.fields)
        let provider = Self.text(spec?["provider"]) ?? ""
        if provider != "aws" {
            problems.append(
                Self.problem("spec.provider", "spec.provider is \"\(UserText.shown(provider))\"; this provider is aws")
            )
        }
        var parameters: [String: String] = [:]
        if case .mapping(let mapping)? = spec?["parameters"] {
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    continue
                }
                // The API server's schema wants strings: an unquoted `true` or `1` is rejected there.
                guard case .scalar(let scalar) = value, case .string(let text)? = YAMLScalarCoercion.resolve(scalar)
                else {
                    let reason =
                        if case .scalar(let scalar) = value {
                            "YAML reads \(UserText.shown(scalar.string)) as a boolean, number or null; quote it"
                        } else {
                            "must be a string, not \(value.kindName)"
                        }
                    problems.append(Self.problem("spec.parameters.\(UserText.shown(keyScalar.string))", reason))
                    continue
                }
                parameters[keyScalar.string] = text
            }
        } else {
            problems.append(Self.problem("spec.parameters", "spec.parameters must be a mapping of strings"))
        }
        return ManifestDocument(title: title, parameters: parameters, problems: problems)
    }

    private static func fields(_ node: Node) -> YAMLFields? {
        guard case .mapping(let mapping) = node else {
            return nil
        }
        return YAMLFields(mapping)
    }

    private static func text(_ node: Node?) -> String? {
        guard case .scalar(let scalar)? = node else {
            return nil
        }
        return scalar.string
    }

    private static func problem(_ field: String, _ message: String) -> SecretProviderClassError.Problem {
        SecretProviderClassError.Problem(code: .invalidManifest, field: field, message: message)
    }
}

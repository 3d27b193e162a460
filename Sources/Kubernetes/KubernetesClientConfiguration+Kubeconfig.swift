// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Yams

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension KubernetesClientConfiguration {
    /// The configuration of a kubeconfig file's `current-context`.
    ///
    /// From the context's cluster it takes `server`, `certificate-authority-data` (base64 PEM),
    /// `certificate-authority` (a path, relative to the kubeconfig's directory) and `insecure-skip-tls-verify`; from
    /// its user `token` or `tokenFile` (a relative path is resolved the same way; a token file wins over a token, as
    /// in client-go). A context without a user makes anonymous requests. Client certificates, exec plugins,
    /// auth providers, basic auth and impersonation are not supported and are rejected, not ignored.
    ///
    /// - Parameter path: The kubeconfig file.
    /// - Throws: ``KubernetesError/Code/invalidConfiguration`` naming the file and the missing or malformed field.
    public static func kubeconfig(contentsOf path: String) throws(KubernetesError) -> Self {
        let text = try KubernetesError.readConfigurationFile(path, describedAs: "the kubeconfig file")
        return try KubeconfigParser(path: path).configuration(from: text)
    }
}

/// Reads one kubeconfig file's current context; every error names the file and the field.
struct KubeconfigParser {
    /// The kubeconfig file, for messages and for resolving relative paths.
    let path: String

    /// User fields that select an authentication method this client does not implement.
    private static let unsupportedUserFields: [(field: String, method: String)] = [
        ("exec", "an exec credential plugin"),
        ("auth-provider", "an auth provider"),
        ("client-certificate", "a client certificate"),
        ("client-certificate-data", "a client certificate"),
        ("client-key", "a client certificate"),
        ("client-key-data", "a client certificate"),
        ("username", "basic authentication"),
        ("password", "basic authentication"),
        ("as", "impersonation"),
        ("as-uid", "impersonation"),
        ("as-groups", "impersonation"),
        ("as-user-extra", "impersonation"),
    ]

    /// Parses `text` and builds the configuration of its current context.
    func configuration(from text: String) throws(KubernetesError) -> KubernetesClientConfiguration {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw self.fail("is empty") }
            root = node
        } catch let error as KubernetesError {
            throw error
        } catch {
            // Never attach the YAML error itself: its description quotes the offending line, which may hold a token.
            throw self.fail("is not valid YAML (\(Self.location(of: error)))")
        }
        guard root.mapping != nil else { throw self.fail("is not a YAML mapping") }

        guard let contextName = try self.string(root["current-context"], field: "current-context") else {
            throw self.fail("has no current-context; choose a context with `kubectl config use-context`")
        }
        let context = try self.entry(root, list: "contexts", name: contextName, purpose: "the current-context")
        let contextField = "contexts[\(contextName)].context"
        guard let clusterName = try self.string(context["cluster"], field: "\(contextField).cluster") else {
            throw self.fail("has no field \(contextField).cluster")
        }
        let cluster = try self.entry(root, list: "clusters", name: clusterName, purpose: "context '\(contextName)'")
        var configuration = try self.cluster(cluster, name: clusterName)
        configuration.source = "kubeconfig '\(self.path)' (context '\(contextName)')"
        if let userName = try self.string(context["user"], field: "\(contextField).user") {
            let user = try self.entry(root, list: "users", name: userName, purpose: "context '\(contextName)'")
            configuration.credentials = try self.credentials(user, name: userName)
        }
        return configuration
    }

    private func cluster(_ cluster: Node, name: String) throws(KubernetesError) -> KubernetesClientConfiguration {
        let field = "clusters[\(name)].cluster"
        guard let server = try self.string(cluster["server"], field: "\(field).server") else {
            throw self.fail("has no field \(field).server")
        }
        guard let url = URL(string: server), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
            !(url.host ?? "").isEmpty
        else {
            throw self.fail("field \(field).server '\(server)' is not an http or https URL")
        }
        var authority = KubernetesClientConfiguration.CertificateAuthority.system
        let dataField = "\(field).certificate-authority-data"
        let fileField = "\(field).certificate-authority"
        if let encoded = try self.string(cluster["certificate-authority-data"], field: dataField) {
            let compact = encoded.filter { !$0.isWhitespace }
            guard let pem = Data(base64Encoded: compact), !pem.isEmpty else {
                throw self.fail("field \(dataField) is not valid base64")
            }
            authority = .pem(Array(pem))
        } else if let file = try self.string(cluster["certificate-authority"], field: fileField) {
            authority = .file(self.resolve(file))
        }
        var insecure = false
        if let flag = cluster["insecure-skip-tls-verify"], flag.null == nil {
            guard let value = flag.bool else {
                throw self.fail("field \(field).insecure-skip-tls-verify must be true or false")
            }
            insecure = value
        }
        if insecure, authority != .system {
            throw self.fail(
                "sets both \(field).insecure-skip-tls-verify and a certificate authority; use one or the other"
            )
        }
        return KubernetesClientConfiguration(
            server: server,
            certificateAuthority: authority,
            insecureSkipTLSVerify: insecure
        )
    }

    private func credentials(
        _ user: Node,
        name: String
    ) throws(KubernetesError) -> KubernetesClientConfiguration.Credentials {
        let field = "users[\(name)].user"
        let unsupported = Self.unsupportedUserFields.filter { user[$0.field].map { $0.null == nil } ?? false }
        if let first = unsupported.first {
            throw self.fail(
                "user '\(name)' authenticates with \(first.method) (\(field).\(first.field)), which the provider "
                    + "does not support; give the user a bearer token instead (token or tokenFile), such as a "
                    + "service account token"
            )
        }
        if let file = try self.string(user["tokenFile"], field: "\(field).tokenFile") {
            return .tokenFile(self.resolve(file))
        }
        if let token = try self.string(user["token"], field: "\(field).token") {
            return .token(token)
        }
        return .none
    }

    /// The `<singular>` mapping of the entry called `name` in the list `list` (`contexts`, `clusters`, `users`).
    private func entry(_ root: Node, list: String, name: String, purpose: String) throws(KubernetesError) -> Node {
        let singular = String(list.dropLast())
        guard let entries = root[list], entries.null == nil else {
            throw self.fail("has no \(list), so it has no \(singular) '\(name)' (named by \(purpose))")
        }
        guard let sequence = entries.sequence else { throw self.fail("field \(list) is not a list") }
        var names: [String] = []
        for entry in sequence {
            guard let entryName = try self.string(entry["name"], field: "\(list)[].name") else {
                throw self.fail("has an entry without a name in \(list)")
            }
            if entryName == name {
                guard let body = entry[singular], body.mapping != nil else {
                    throw self.fail("field \(list)[\(name)].\(singular) is missing or not a mapping")
                }
                return body
            }
            names.append(entryName)
        }
        let known = names.isEmpty ? "none" : names.map { "'\($0)'" }.joined(separator: ", ")
        throw self.fail("has no \(singular) named '\(name)' (named by \(purpose)); its \(list): \(known)")
    }

    /// A non-empty string field, or nil when it is absent, null or empty.
    private func string(_ node: Node?, field: String) throws(KubernetesError) -> String? {
        guard let node, node.null == nil else { return nil }
        guard node.scalar != nil, let value = node.string else {
            throw self.fail("field \(field) is not a string")
        }
        return value.isEmpty ? nil : value
    }

    /// `file` as given when absolute, else relative to the kubeconfig's directory, as kubectl resolves it.
    private func resolve(_ file: String) -> String {
        guard !file.hasPrefix("/") else { return file }
        guard let slash = self.path.lastIndex(of: "/") else { return file }
        return String(self.path[...slash]) + file
    }

    private func fail(_ problem: String) -> KubernetesError {
        KubernetesError(code: .invalidConfiguration, message: "the kubeconfig '\(self.path)' \(problem)")
    }

    /// The problem and line of a YAML error, without the YAML text it quotes.
    private static func location(of error: any Error) -> String {
        switch error as? YamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return "\(problem) at line \(mark.line), column \(mark.column)"
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicate keys \(duplicates.sorted().joined(separator: ", "))"
        case .reader(let problem, _, _, _):
            return problem
        default:
            return "unreadable"
        }
    }
}

extension KubernetesError {
    /// The text of a configuration file (kubeconfig, token file), or an `invalidConfiguration` error naming it.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - description: What the file is, for the message: `the kubeconfig file`.
    static func readConfigurationFile(_ path: String, describedAs description: String) throws(KubernetesError)
        -> String
    {
        do {
            return String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        } catch {
            throw KubernetesError(
                code: .invalidConfiguration,
                message: "cannot read \(description) '\(path)'",
                cause: error
            )
        }
    }
}

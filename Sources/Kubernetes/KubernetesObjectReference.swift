// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// One object the client reads: its kind, namespace and name, and the API path, resource and display name built
/// from them.
struct KubernetesObjectReference: Sendable, Hashable {
    /// The kind in lower case, as messages show it: `serviceaccount`, `pod`, `node`.
    let kind: String
    /// The resource's plural in the URL: `serviceaccounts`, `pods`, `nodes`.
    let plural: String
    /// The namespace; nil for cluster-scoped objects.
    let namespace: String?
    /// The object's name.
    let name: String

    /// A service account.
    static func serviceAccount(namespace: String, name: String) -> Self {
        Self(kind: "serviceaccount", plural: "serviceaccounts", namespace: namespace, name: name)
    }

    /// A pod.
    static func pod(namespace: String, name: String) -> Self {
        Self(kind: "pod", plural: "pods", namespace: namespace, name: name)
    }

    /// A node.
    static func node(name: String) -> Self {
        Self(kind: "node", plural: "nodes", namespace: nil, name: name)
    }

    /// The object for messages: `serviceaccount "default/app"` or `node "ip-10-0-0-1"`.
    var display: String {
        if let namespace = self.namespace {
            return "\(self.kind) \"\(namespace)/\(self.name)\""
        }
        return "\(self.kind) \"\(self.name)\""
    }

    /// The object as ``KubernetesError/resource``: `serviceaccounts/default/app` or `nodes/ip-10-0-0-1`.
    var resource: String {
        [self.plural, self.namespace, self.name].compactMap { $0 }.joined(separator: "/")
    }

    /// The API path, with every segment percent-encoded: `/api/v1/namespaces/default/serviceaccounts/app`.
    var path: String {
        var path = "/api/v1"
        if let namespace = self.namespace {
            path += "/namespaces/" + Self.percentEncoded(namespace)
        }
        return path + "/" + self.plural + "/" + Self.percentEncoded(self.name)
    }

    /// Checks that the namespace and name can be one path segment each, before any request.
    ///
    /// Kubernetes itself forbids empty names, `.`, `..` and names holding `/` or `%` in paths; such a name would
    /// otherwise address another resource (`..`) or a whole collection (an empty name).
    ///
    /// - Throws: ``KubernetesError/Code/invalidConfiguration`` naming the object and the problem.
    func validate() throws(KubernetesError) {
        let parts = [("namespace", self.namespace), ("name", self.name)].compactMap { label, value in
            value.map { (label, $0) }
        }
        for (label, value) in parts {
            let problem: String? =
                if value.isEmpty {
                    "the \(label) is empty"
                } else if value == "." || value == ".." {
                    "the \(label) may not be '\(value)'"
                } else if value.contains("/") || value.contains("%") {
                    "the \(label) may not contain '/' or '%'"
                } else {
                    nil
                }
            if let problem {
                throw KubernetesError(
                    code: .invalidConfiguration,
                    message: "cannot read \(self.display) from the Kubernetes API: \(problem); no request was made",
                    resource: self.resource
                )
            }
        }
    }

    /// `segment` with every byte outside RFC 3986's unreserved characters percent-encoded.
    static func percentEncoded(_ segment: String) -> String {
        var encoded = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                encoded.unicodeScalars.append("%")
                encoded.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                encoded.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return encoded
    }
}

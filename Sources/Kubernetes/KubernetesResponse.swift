// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import NIOHTTP1

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Turns API server answers into objects or into ``KubernetesError``s.
enum KubernetesResponse {
    /// The fields of a Kubernetes `Status` object (the body of every error answer) that messages use.
    struct Status: Decodable, Equatable {
        var kind: String?
        var reason: String?
        var message: String?
    }

    private struct Metadata: Decodable {
        var name: String?
        var namespace: String?
        var uid: String?
        var labels: [String: String]?
        var annotations: [String: String]?
    }

    private struct Object: Decodable {
        struct Spec: Decodable {
            var nodeName: String?
            var serviceAccountName: String?
        }

        var kind: String?
        var metadata: Metadata?
        var spec: Spec?
    }

    /// The longest API server message quoted in an error.
    static let maximumQuotedMessage = 1_000

    /// The `Status` in `body`, if the body is one.
    static func status(in body: [UInt8]) -> Status? {
        guard let status = try? JSONDecoder().decode(Status.self, from: Data(body)), status.kind == "Status" else {
            return nil
        }
        return status
    }

    /// The metadata of the object in a successful answer.
    ///
    /// - Throws: ``KubernetesError/Code/invalidResponse`` when the body is not JSON of the expected kind with a name.
    static func metadata(
        _ body: [UInt8],
        object: KubernetesObjectReference,
        expectedKind: String
    ) throws(KubernetesError) -> KubernetesObjectMetadata {
        try Self.metadata(of: Self.object(body, object: object, expectedKind: expectedKind), object: object)
    }

    /// The pod in a successful answer.
    ///
    /// - Throws: ``KubernetesError/Code/invalidResponse`` when the body is not a pod's JSON with a name.
    static func pod(_ body: [UInt8], object: KubernetesObjectReference) throws(KubernetesError) -> KubernetesPod {
        let decoded = try Self.object(body, object: object, expectedKind: "Pod")
        return KubernetesPod(
            metadata: try Self.metadata(of: decoded, object: object),
            nodeName: decoded.spec?.nodeName.flatMap { $0.isEmpty ? nil : $0 },
            serviceAccountName: decoded.spec?.serviceAccountName.flatMap { $0.isEmpty ? nil : $0 }
        )
    }

    private static func object(
        _ body: [UInt8],
        object: KubernetesObjectReference,
        expectedKind: String
    ) throws(KubernetesError) -> Object {
        let decoded: Object
        do {
            decoded = try JSONDecoder().decode(Object.self, from: Data(body))
        } catch {
            throw KubernetesError(
                code: .invalidResponse,
                message: "the Kubernetes API answered the request for \(object.display) with a body that is not "
                    + "the expected JSON",
                httpStatus: 200,
                resource: object.resource,
                cause: error
            )
        }
        // A proxy or a mistaken server path could answer with another kind, such as a list.
        if let kind = decoded.kind, kind != expectedKind {
            throw KubernetesError(
                code: .invalidResponse,
                message: "the Kubernetes API answered the request for \(object.display) with a \(kind), not a "
                    + "\(expectedKind)",
                httpStatus: 200,
                resource: object.resource
            )
        }
        return decoded
    }

    private static func metadata(
        of decoded: Object,
        object: KubernetesObjectReference
    ) throws(KubernetesError) -> KubernetesObjectMetadata {
        guard let metadata = decoded.metadata, let name = metadata.name, !name.isEmpty else {
            throw KubernetesError(
                code: .invalidResponse,
                message: "the Kubernetes API answered the request for \(object.display) with an object without "
                    + "metadata.name",
                httpStatus: 200,
                resource: object.resource
            )
        }
        return KubernetesObjectMetadata(
            name: name,
            namespace: metadata.namespace,
            uid: metadata.uid ?? "",
            labels: metadata.labels ?? [:],
            annotations: metadata.annotations ?? [:]
        )
    }

    /// The error for an answer that is not a success.
    ///
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - body: The answer body; a Kubernetes `Status` in it supplies the reason and message.
    ///   - object: The object the request was for.
    ///   - credentials: How the client authenticated, for 401 messages; never the token itself.
    ///   - attempts: How many attempts were made, for 429 and 5xx messages.
    static func error(
        status: Int,
        body: [UInt8],
        object: KubernetesObjectReference,
        credentials: KubernetesClientConfiguration.Credentials,
        attempts: Int
    ) -> KubernetesError {
        let parsed = Self.status(in: body)
        let reason =
            parsed?.reason.flatMap { $0.isEmpty ? nil : $0 }
            ?? HTTPResponseStatus(statusCode: status).reasonPhrase
        let summary = "\(status) \(reason)"
        let quoted = parsed?.message.map(Self.quote).flatMap { $0.isEmpty ? nil : $0 }
        let code: KubernetesError.Code
        let message: String
        switch status {
        case 401:
            code = .unauthorized
            let hint: String =
                switch credentials {
                case .none: "the configuration has no bearer token, and anonymous requests are not allowed"
                case .token: "the configured bearer token is invalid or expired"
                case .tokenFile(let path): "the bearer token in '\(path)' is invalid or expired"
                }
            message = "the Kubernetes API rejected the client's credentials for \(object.display) (\(summary)): \(hint)"
        case 403:
            code = .forbidden
            let detail =
                quoted.map { ": \($0)" }
                ?? "; the provider's identity needs the RBAC permission to get \(object.plural)"
                + (object.namespace.map { " in namespace \"\($0)\"" } ?? "")
            message = "the Kubernetes API forbids reading \(object.display) (\(summary))\(detail)"
        case 404:
            code = .notFound
            message =
                parsed == nil
                ? "the Kubernetes API has no \(object.display) (\(summary), without a Kubernetes Status; check that "
                    + "the server URL points at the API server)"
                : "the Kubernetes API has no \(object.display) (\(summary))"
        case 429, 500...599:
            code = .serverError
            let tries = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
            message =
                "the Kubernetes API failed to serve \(object.display) (\(summary)\(quoted.map { ": \($0)" } ?? "")) "
                + "after \(tries)"
        default:
            code = .invalidResponse
            message =
                "the Kubernetes API answered the request for \(object.display) with \(summary)"
                + (quoted.map { ": \($0)" } ?? "")
        }
        return KubernetesError(code: code, message: message, httpStatus: status, resource: object.resource)
    }

    /// An API server message on one line and of bounded length.
    private static func quote(_ message: String) -> String {
        let line = message.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard line.count > Self.maximumQuotedMessage else { return line }
        return String(line.prefix(Self.maximumQuotedMessage)) + "…"
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import Kubernetes

/// Error mapping (status and Status body to code and message), decoding, paths and name checks.
struct KubernetesResponseTests {
    static let account: KubernetesObjectReference = .serviceAccount(namespace: "default", name: "app")

    static func statusBody(_ code: Int, _ reason: String, _ message: String) -> String {
        #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"\#(message)","#
            + #""reason":"\#(reason)","code":\#(code)}"#
    }

    static let forbiddenMessage =
        #"serviceaccounts \"app\" is forbidden: User \"system:serviceaccount:kube-system:csi-secrets-store-provider-aws\" "#
        + #"cannot get resource \"serviceaccounts\" in API group \"\" in the namespace \"default\""#

    static let errorTable: [(status: Int, body: String, code: KubernetesError.Code, message: String)] = [
        (
            404, Self.statusBody(404, "NotFound", #"serviceaccounts \"app\" not found"#), .notFound,
            #"the Kubernetes API has no serviceaccount "default/app" (404 NotFound)"#
        ),
        (
            404, "<html>404 page not found</html>", .notFound,
            #"the Kubernetes API has no serviceaccount "default/app" (404 Not Found, without a Kubernetes Status; "#
                + "check that the server URL points at the API server)"
        ),
        (
            403, Self.statusBody(403, "Forbidden", Self.forbiddenMessage), .forbidden,
            #"the Kubernetes API forbids reading serviceaccount "default/app" (403 Forbidden): serviceaccounts "app" "#
                + #"is forbidden: User "system:serviceaccount:kube-system:csi-secrets-store-provider-aws" cannot get "#
                + #"resource "serviceaccounts" in API group "" in the namespace "default""#
        ),
        (
            403, "", .forbidden,
            #"the Kubernetes API forbids reading serviceaccount "default/app" (403 Forbidden); the provider's "#
                + #"identity needs the RBAC permission to get serviceaccounts in namespace "default""#
        ),
        (
            401, Self.statusBody(401, "Unauthorized", "Unauthorized"), .unauthorized,
            #"the Kubernetes API rejected the client's credentials for serviceaccount "default/app" "#
                + "(401 Unauthorized): the bearer token in '/var/run/token' is invalid or expired"
        ),
        (
            500, Self.statusBody(500, "InternalError", "etcd is down"), .serverError,
            #"the Kubernetes API failed to serve serviceaccount "default/app" (500 InternalError: etcd is down) "#
                + "after 3 attempts"
        ),
        (
            503, "", .serverError,
            #"the Kubernetes API failed to serve serviceaccount "default/app" (503 Service Unavailable) after 3 attempts"#
        ),
        (
            429, Self.statusBody(429, "TooManyRequests", "slow down"), .serverError,
            #"the Kubernetes API failed to serve serviceaccount "default/app" (429 TooManyRequests: slow down) "#
                + "after 3 attempts"
        ),
        (
            400, Self.statusBody(400, "BadRequest", #"bad\n  request"#), .invalidResponse,
            #"the Kubernetes API answered the request for serviceaccount "default/app" with 400 BadRequest: bad request"#
        ),
        (
            302, "", .invalidResponse,
            #"the Kubernetes API answered the request for serviceaccount "default/app" with 302 Found"#
        ),
    ]

    @Test("an unsuccessful answer maps to a code and a message naming the object", arguments: Self.errorTable)
    func mapping(status: Int, body: String, code: KubernetesError.Code, message: String) {
        let error = KubernetesResponse.error(
            status: status,
            body: Array(body.utf8),
            object: Self.account,
            credentials: .tokenFile("/var/run/token"),
            attempts: 3
        )
        #expect(error.code == code)
        #expect(error.message == message)
        #expect(error.httpStatus == status)
        #expect(error.resource == "serviceaccounts/default/app")
        #expect(error.description == "\(code): \"\(message)\"")
    }

    @Test(
        "a 401 says which credentials were rejected, never the token",
        arguments: [
            (
                KubernetesClientConfiguration.Credentials.token("inline-secret"),
                "the configured bearer token is invalid"
            ),
            (.none, "the configuration has no bearer token"),
        ]
    )
    func unauthorized(credentials: KubernetesClientConfiguration.Credentials, fragment: String) {
        let error = KubernetesResponse.error(
            status: 401,
            body: [],
            object: .node(name: "n1"),
            credentials: credentials,
            attempts: 1
        )
        #expect(error.code == .unauthorized)
        #expect(error.message.contains(fragment))
        #expect(error.message.contains(#"node "n1""#))
        #expect(!error.message.contains("inline-secret"))
    }

    @Test("a pod's metadata, node and service account are decoded; other fields are ignored")
    func decodePod() throws {
        let body = #"""
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"web-0","namespace":"shop","uid":"u-1",
            "labels":{"app":"web"},"annotations":{"a":"b"},"managedFields":[{"x":1}]},
            "spec":{"nodeName":"ip-10-0-0-1","serviceAccountName":"web","containers":[{"name":"c"}]},
            "status":{"phase":"Running"}}
            """#
        let pod = try KubernetesResponse.pod(Array(body.utf8), object: .pod(namespace: "shop", name: "web-0"))
        #expect(
            pod
                == KubernetesPod(
                    metadata: .init(
                        name: "web-0",
                        namespace: "shop",
                        uid: "u-1",
                        labels: ["app": "web"],
                        annotations: ["a": "b"]
                    ),
                    nodeName: "ip-10-0-0-1",
                    serviceAccountName: "web"
                )
        )
        let pending = try KubernetesResponse.pod(
            Array(#"{"metadata":{"name":"p"},"spec":{"nodeName":""}}"#.utf8),
            object: .pod(namespace: "shop", name: "p")
        )
        #expect(pending.nodeName == nil)
        #expect(pending.metadata.labels.isEmpty)
    }

    @Test(
        "an unexpected success body is an invalidResponse naming the object",
        arguments: [
            ("not json", "with a body that is not the expected JSON"),
            (#"{"kind":"ServiceAccountList","items":[]}"#, "with a ServiceAccountList, not a ServiceAccount"),
            (#"{"kind":"ServiceAccount","metadata":{}}"#, "with an object without metadata.name"),
            (#"{"kind":"ServiceAccount","metadata":{"name":"app","labels":{"a":1}}}"#, "not the expected JSON"),
        ]
    )
    func unexpectedBody(body: String, fragment: String) {
        let error = #expect(throws: KubernetesError.self) {
            try KubernetesResponse.metadata(Array(body.utf8), object: Self.account, expectedKind: "ServiceAccount")
        }
        #expect(error?.code == .invalidResponse)
        #expect(error?.message.contains(#"serviceaccount "default/app""#) == true)
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")")
    }

    @Test(
        "paths percent-encode each segment",
        arguments: [
            (
                KubernetesObjectReference.serviceAccount(namespace: "default", name: "app"),
                "/api/v1/namespaces/default/serviceaccounts/app", "serviceaccounts/default/app"
            ),
            (
                .pod(namespace: "kube-system", name: "a b?c#d"), "/api/v1/namespaces/kube-system/pods/a%20b%3Fc%23d",
                "pods/kube-system/a b?c#d"
            ),
            (
                .node(name: "ip-10-0-0-1.ec2.internal"), "/api/v1/nodes/ip-10-0-0-1.ec2.internal",
                "nodes/ip-10-0-0-1.ec2.internal"
            ),
            (.node(name: "nöde~_"), "/api/v1/nodes/n%C3%B6de~_", "nodes/nöde~_"),
        ]
    )
    func paths(object: KubernetesObjectReference, path: String, resource: String) throws {
        #expect(object.path == path)
        #expect(object.resource == resource)
        try object.validate()
    }

    @Test(
        "names that cannot be one path segment are refused before any request",
        arguments: [
            (KubernetesObjectReference.serviceAccount(namespace: "default", name: ""), "the name is empty"),
            (.serviceAccount(namespace: "", name: "app"), "the namespace is empty"),
            (.pod(namespace: "ns", name: ".."), "the name may not be '..'"),
            (.pod(namespace: ".", name: "p"), "the namespace may not be '.'"),
            (.node(name: "a/b"), "the name may not contain '/' or '%'"),
            (.node(name: "%2e%2e"), "the name may not contain '/' or '%'"),
        ]
    )
    func invalidNames(object: KubernetesObjectReference, problem: String) {
        let error = #expect(throws: KubernetesError.self) { try object.validate() }
        #expect(error?.code == .invalidConfiguration)
        #expect(
            error?.message == "cannot read \(object.display) from the Kubernetes API: \(problem); no request was made"
        )
    }
}

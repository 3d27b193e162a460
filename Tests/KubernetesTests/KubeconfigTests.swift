// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Kubernetes
import Testing

/// Kubeconfig files: the current context's cluster and user, relative paths, and clear errors for everything else.
struct KubeconfigTests {
    /// A kubeconfig that parses; `$DIR` stands for the directory holding the kubeconfig.
    struct ValidCase: Sendable, CustomTestStringConvertible {
        var name: String
        var yaml: String
        var server: String
        var certificateAuthority: KubernetesClientConfiguration.CertificateAuthority
        var credentials: KubernetesClientConfiguration.Credentials
        var insecure: Bool = false
        var context: String = "dev"

        var testDescription: String { self.name }
    }

    static let caPEM = """
        -----BEGIN CERTIFICATE-----
        MIIBnjCCAUWgAwIBAgIUVR0oIvQoaCJBhKlS7uVAyiuyxDYwCgYIKoZIzj0EAwIw
        JDEiMCAGA1UEAwwZa3ViZXJuZXRlcy1jbGllbnQtdGVzdC1jYTAgFw0yNjExMjMw
        OTMzNDNaGA8yMTI2MTAzMDA5MzM0M1owJDEiMCAGA1UEAwwZa3ViZXJuZXRlcy1j
        bGllbnQtdGVzdC1jYTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABCl74KP9vKjI
        mMnEI2YMcAW5nul3s1K7J0DmFhD4WE6V+vpIz1kIDHD9m9CNbMAbLvIb5hxAo4rg
        TzlcBACy/JyjUzBRMB0GA1UdDgQWBBT8h8Mz4wjvgXtVP+7nLcOyUA+j6TAfBgNV
        HSMEGDAWgBT8h8Mz4wjvgXtVP+7nLcOyUA+j6TAPBgNVHRMBAf8EBTADAQH/MAoG
        CCqGSM49BAMCA0cAMEQCIDcDxtHxrN+eYVAI6A99sDPsAohigKXQ+/M2R4Nc8eQm
        AiAy0f/AQer2XT+5lIAdmlsQk+wOu2TcVkB0YFus9eb3Ng==
        -----END CERTIFICATE-----

        """

    static let caBase64 = Data(Self.caPEM.utf8).base64EncodedString()

    /// A kubeconfig with two contexts, whose `dev` context uses `cluster` and `user`.
    static func kubeconfig(cluster: String, user: String, currentContext: String = "current-context: dev") -> String {
        """
        apiVersion: v1
        kind: Config
        \(currentContext)
        clusters:
        - name: other
          cluster:
            server: https://other.example.com
        - name: dev-cluster
          cluster:
        \(cluster.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        contexts:
        - name: other
          context: {cluster: other, user: other}
        - name: dev
          context:
            cluster: dev-cluster
            user: dev-user
            namespace: ignored
        users:
        - name: other
          user: {token: other-token}
        - name: dev-user
          user:
        \(user.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))

        """
    }

    static let validCases: [ValidCase] = [
        ValidCase(
            name: "token and certificate-authority-data",
            yaml: Self.kubeconfig(
                cluster: "server: https://dev.example.com:6443\ncertificate-authority-data: \(Self.caBase64)",
                user: "token: dev-token-value"
            ),
            server: "https://dev.example.com:6443",
            certificateAuthority: .pem(Array(Self.caPEM.utf8)),
            credentials: .token("dev-token-value")
        ),
        ValidCase(
            name: "tokenFile and certificate-authority relative to the kubeconfig's directory",
            yaml: Self.kubeconfig(
                cluster: "server: https://10.0.0.1\ncertificate-authority: certs/ca.crt",
                user: "tokenFile: tokens/token"
            ),
            server: "https://10.0.0.1",
            certificateAuthority: .file("$DIR/certs/ca.crt"),
            credentials: .tokenFile("$DIR/tokens/token")
        ),
        ValidCase(
            name: "absolute paths stay as they are; a token file wins over a token",
            yaml: Self.kubeconfig(
                cluster: "server: https://10.0.0.1\ncertificate-authority: /etc/k8s/ca.crt",
                user: "token: ignored\ntokenFile: /var/run/token"
            ),
            server: "https://10.0.0.1",
            certificateAuthority: .file("/etc/k8s/ca.crt"),
            credentials: .tokenFile("/var/run/token")
        ),
        ValidCase(
            name: "insecure-skip-tls-verify and a user without credentials",
            yaml: Self.kubeconfig(cluster: "server: https://kind:6443\ninsecure-skip-tls-verify: true", user: "{}"),
            server: "https://kind:6443",
            certificateAuthority: .system,
            credentials: .none,
            insecure: true
        ),
        ValidCase(
            name: "a server behind a proxy path, plain http",
            yaml: Self.kubeconfig(
                cluster: "server: http://127.0.0.1:8001/k8s/clusters/c-1/\ninsecure-skip-tls-verify: false",
                user: "token: \"quoted: token\""
            ),
            server: "http://127.0.0.1:8001/k8s/clusters/c-1/",
            certificateAuthority: .system,
            credentials: .token("quoted: token")
        ),
        ValidCase(
            name: "the other context",
            yaml: Self.kubeconfig(cluster: "server: https://x", user: "{}", currentContext: "current-context: other"),
            server: "https://other.example.com",
            certificateAuthority: .system,
            credentials: .token("other-token"),
            context: "other"
        ),
    ]

    @Test("a valid kubeconfig gives the current context's server, CA and credentials", arguments: Self.validCases)
    func valid(_ testCase: ValidCase) async throws {
        try await TemporaryDirectory.with { directory in
            let path = try directory.write("kube/config", testCase.yaml)
            let configuration = try KubernetesClientConfiguration.kubeconfig(contentsOf: path)
            let kubeDirectory = directory.path + "/kube"
            #expect(configuration.server == testCase.server)
            #expect(configuration.insecureSkipTLSVerify == testCase.insecure)
            #expect(configuration.source == "kubeconfig '\(path)' (context '\(testCase.context)')")
            switch testCase.certificateAuthority {
            case .file(let file):
                #expect(configuration.certificateAuthority == .file(file.replacing("$DIR", with: kubeDirectory)))
            default:
                #expect(configuration.certificateAuthority == testCase.certificateAuthority)
            }
            switch testCase.credentials {
            case .tokenFile(let file):
                #expect(configuration.credentials == .tokenFile(file.replacing("$DIR", with: kubeDirectory)))
            default:
                #expect(configuration.credentials == testCase.credentials)
            }
        }
    }

    static let errorCases: [(name: String, yaml: String, fragments: [String])] = [
        (
            "missing current-context",
            Self.kubeconfig(cluster: "server: https://x", user: "token: t", currentContext: ""),
            ["has no current-context", "kubectl config use-context"]
        ),
        (
            "unknown context",
            Self.kubeconfig(cluster: "server: https://x", user: "token: t", currentContext: "current-context: prod"),
            ["has no context named 'prod' (named by the current-context)", "its contexts: 'other', 'dev'"]
        ),
        (
            "exec plugin",
            Self.kubeconfig(cluster: "server: https://x", user: "exec:\n  command: aws\n  apiVersion: v1beta1"),
            [
                "user 'dev-user' authenticates with an exec credential plugin (users[dev-user].user.exec)",
                "does not support", "token or tokenFile",
            ]
        ),
        (
            "client certificate",
            Self.kubeconfig(cluster: "server: https://x", user: "client-certificate-data: QUJD\nclient-key-data: QUJD"),
            ["user 'dev-user' authenticates with a client certificate", "token or tokenFile"]
        ),
        (
            "auth provider",
            Self.kubeconfig(cluster: "server: https://x", user: "auth-provider:\n  name: oidc"),
            ["user 'dev-user' authenticates with an auth provider (users[dev-user].user.auth-provider)"]
        ),
        (
            "missing server",
            Self.kubeconfig(cluster: "insecure-skip-tls-verify: true", user: "token: t"),
            ["has no field clusters[dev-cluster].cluster.server"]
        ),
        (
            "server not http",
            Self.kubeconfig(cluster: "server: ftp://x", user: "token: t"),
            ["field clusters[dev-cluster].cluster.server 'ftp://x' is not an http or https URL"]
        ),
        (
            "certificate-authority-data not base64",
            Self.kubeconfig(cluster: "server: https://x\ncertificate-authority-data: '***'", user: "token: t"),
            ["field clusters[dev-cluster].cluster.certificate-authority-data is not valid base64"]
        ),
        (
            "insecure flag not a boolean",
            Self.kubeconfig(cluster: "server: https://x\ninsecure-skip-tls-verify: maybe", user: "token: t"),
            ["field clusters[dev-cluster].cluster.insecure-skip-tls-verify must be true or false"]
        ),
        (
            "insecure flag with a CA",
            Self.kubeconfig(
                cluster: "server: https://x\ninsecure-skip-tls-verify: true\ncertificate-authority: ca.crt",
                user: "token: t"
            ),
            ["sets both clusters[dev-cluster].cluster.insecure-skip-tls-verify and a certificate authority"]
        ),
        (
            "unknown cluster",
            "current-context: a\ncontexts:\n- name: a\n  context: {cluster: nope, user: u}\nclusters: []\n",
            ["has no cluster named 'nope' (named by context 'a'); its clusters: none"]
        ),
        (
            "unknown user",
            "current-context: a\ncontexts:\n- name: a\n  context: {cluster: c, user: nobody}\n"
                + "clusters:\n- name: c\n  cluster: {server: 'https://x'}\n",
            ["has no users, so it has no user 'nobody' (named by context 'a')"]
        ),
        (
            "context without a cluster",
            "current-context: a\ncontexts:\n- name: a\n  context: {user: u}\n",
            ["has no field contexts[a].context.cluster"]
        ),
        (
            "clusters not a list", "current-context: a\ncontexts:\n- name: a\n  context: {cluster: c}\nclusters: 3\n",
            ["field clusters is not a list"]
        ),
        ("not YAML", "current-context: [unclosed\n", ["is not valid YAML", "line"]),
        ("empty", "", ["is empty"]),
        ("not a mapping", "- a\n- b\n", ["is not a YAML mapping"]),
    ]

    @Test(
        "a broken kubeconfig is an invalidConfiguration error naming the file and the field",
        arguments: Self.errorCases
    )
    func invalid(name: String, yaml: String, fragments: [String]) async throws {
        try await TemporaryDirectory.with { directory in
            let path = try directory.write("config", yaml)
            let error = try #require(throws: KubernetesError.self) {
                try KubernetesClientConfiguration.kubeconfig(contentsOf: path)
            }
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.hasPrefix("the kubeconfig '\(path)' "))
            for fragment in fragments {
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
    }

    @Test("a missing kubeconfig file names the path")
    func missingFile() throws {
        let error = try #require(throws: KubernetesError.self) {
            try KubernetesClientConfiguration.kubeconfig(contentsOf: "/nonexistent/kubeconfig")
        }
        #expect(error.code == .invalidConfiguration)
        #expect(error.message == "cannot read the kubeconfig file '/nonexistent/kubeconfig'")
        #expect(error.cause != nil)
    }

    @Test("a YAML error on a token's line does not quote the token")
    func yamlErrorHidesToken() async throws {
        try await TemporaryDirectory.with { directory in
            let yaml = "current-context: a\nusers:\n- name: u\n  user:\n    token: \"never-show-this-token\n"
            let path = try directory.write("config", yaml)
            let error = try #require(throws: KubernetesError.self) {
                try KubernetesClientConfiguration.kubeconfig(contentsOf: path)
            }
            #expect(error.message.contains("is not valid YAML"))
            #expect(!"\(error)".contains("never-show-this-token"))
        }
    }

    @Test("printing or dumping a configuration never shows an inline token")
    func redaction() {
        let configuration = KubernetesClientConfiguration(server: "https://x", credentials: .token("top-secret-token"))
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in ["\(configuration)", String(reflecting: configuration), dumped, "\(configuration.credentials)"] {
            #expect(!text.contains("top-secret-token"), "\(text)")
        }
        #expect("\(configuration.credentials)" == "token(<REDACTED>)")
        #expect(
            "\(KubernetesClientConfiguration.Credentials.tokenFile("/t"))" == "tokenFile(/t)"
        )
    }
}

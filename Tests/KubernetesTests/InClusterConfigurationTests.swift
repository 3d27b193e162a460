// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Kubernetes
import Testing

/// The in-cluster configuration and the order in which the configuration source is chosen.
struct InClusterConfigurationTests {
    @Test(
        "the server comes from KUBERNETES_SERVICE_HOST and _PORT, with IPv6 hosts bracketed",
        arguments: [
            ("10.100.0.1", "443", "https://10.100.0.1:443"),
            ("fd00:10:96::1", "443", "https://[fd00:10:96::1]:443"),
            ("[fd00::1]", "6443", "https://[fd00::1]:6443"),
            ("kubernetes.default.svc", "8443", "https://kubernetes.default.svc:8443"),
        ]
    )
    func server(host: String, port: String, expected: String) async throws {
        try await TemporaryDirectory.with { directory in
            let token = try directory.write("token", "t")
            let ca = try directory.write("ca.crt", KubeconfigTests.caPEM)
            let configuration = try KubernetesClientConfiguration.inCluster(
                environment: ["KUBERNETES_SERVICE_HOST": host, "KUBERNETES_SERVICE_PORT": port],
                tokenPath: token,
                caPath: ca
            )
            #expect(configuration.server == expected)
            #expect(configuration.credentials == .tokenFile(token))
            #expect(configuration.certificateAuthority == .file(ca))
            #expect(!configuration.insecureSkipTLSVerify)
            #expect(configuration.source == "in-cluster")
        }
    }

    @Test(
        "missing or malformed environment is an invalidConfiguration error naming the variable",
        arguments: [
            ([:], "KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set"),
            (["KUBERNETES_SERVICE_HOST": "10.0.0.1"], "KUBERNETES_SERVICE_PORT is not set"),
            (["KUBERNETES_SERVICE_PORT": "443"], "KUBERNETES_SERVICE_HOST is not set"),
            (["KUBERNETES_SERVICE_HOST": "", "KUBERNETES_SERVICE_PORT": "443"], "KUBERNETES_SERVICE_HOST is not set"),
            (["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "https"], "'https' is not a port"),
            (["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "70000"], "'70000' is not a port"),
        ] as [([String: String], String)]
    )
    func missingEnvironment(environment: [String: String], fragment: String) async throws {
        try await TemporaryDirectory.with { directory in
            let token = try directory.write("token", "t")
            let ca = try directory.write("ca.crt", KubeconfigTests.caPEM)
            let error = try #require(throws: KubernetesError.self) {
                try KubernetesClientConfiguration.inCluster(environment: environment, tokenPath: token, caPath: ca)
            }
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains("cannot use the in-cluster Kubernetes configuration"))
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test("a missing service-account token or CA file is named")
    func missingFiles() async throws {
        try await TemporaryDirectory.with { directory in
            let environment = ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"]
            let ca = try directory.write("ca.crt", KubeconfigTests.caPEM)
            let token = try directory.write("token", "t")
            let noToken = try #require(throws: KubernetesError.self) {
                try KubernetesClientConfiguration.inCluster(
                    environment: environment,
                    tokenPath: directory.path + "/missing-token",
                    caPath: ca
                )
            }
            #expect(
                noToken.message.contains("the service-account token '\(directory.path)/missing-token' cannot be read")
            )
            let noCA = try #require(throws: KubernetesError.self) {
                try KubernetesClientConfiguration.inCluster(
                    environment: environment,
                    tokenPath: token,
                    caPath: directory.path + "/missing-ca"
                )
            }
            #expect(noCA.message.contains("the CA bundle '\(directory.path)/missing-ca' cannot be read"))
        }
    }

    @Test("resolve: the flag wins over KUBECONFIG, which wins over in-cluster; KUBECONFIG's first path is used")
    func resolveOrder() async throws {
        try await TemporaryDirectory.with { directory in
            func kubeconfig(_ name: String) throws -> String {
                try directory.write(
                    name,
                    "current-context: c\ncontexts:\n- name: c\n  context: {cluster: k}\n"
                        + "clusters:\n- name: k\n  cluster: {server: 'https://\(name).example.com'}\n"
                )
            }
            let flag = try kubeconfig("flag")
            let first = try kubeconfig("first")
            let second = try kubeconfig("second")
            let inCluster = ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"]
            let listed = inCluster.merging(["KUBECONFIG": ":\(first):\(second)"]) { $1 }

            let fromFlag = try KubernetesClientConfiguration.resolve(kubeconfigFlag: flag, environment: listed)
            #expect(fromFlag.server == "https://flag.example.com")
            let fromVariable = try KubernetesClientConfiguration.resolve(kubeconfigFlag: "", environment: listed)
            #expect(fromVariable.server == "https://first.example.com")
            let fromVariableNoFlag = try KubernetesClientConfiguration.resolve(kubeconfigFlag: nil, environment: listed)
            #expect(fromVariableNoFlag.server == "https://first.example.com")

            // Without a kubeconfig, in-cluster: here it fails on the default token path, which proves the choice.
            let error = try #require(throws: KubernetesError.self) {
                try KubernetesClientConfiguration.resolve(kubeconfigFlag: nil, environment: ["KUBECONFIG": ""])
            }
            #expect(error.message.contains("in-cluster"))
            #expect(error.message.contains("pass --kubeconfig or set KUBECONFIG"))
        }
    }

    @Test("a flag naming a missing file fails instead of falling back")
    func flagMissingFile() throws {
        let error = try #require(throws: KubernetesError.self) {
            try KubernetesClientConfiguration.resolve(
                kubeconfigFlag: "/nonexistent/config",
                environment: ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"]
            )
        }
        #expect(error.message == "cannot read the kubeconfig file '/nonexistent/config'")
    }
}

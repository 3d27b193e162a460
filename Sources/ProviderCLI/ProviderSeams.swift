// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Kubernetes
import Logging
import ProviderServer

/// The network boundaries the provider's object graph is built on: ``live(configuration:logger:)`` connects them to
/// AWS and to the Kubernetes API server, tests pass fakes. Everything between them and the gRPC socket is built by
/// ``ProviderGraph`` the same way in both cases.
struct ProviderSeams: Sendable {
    /// Sends every AWS request: STS, the EKS Pod Identity agent, Secrets Manager and Parameter Store.
    var awsTransport: any AWSHTTPTransport

    /// Reads service accounts, pods and nodes.
    var kubernetes: any KubernetesAPI

    /// Closes the seams' connections; called once, after the gRPC server has stopped.
    var close: @Sendable () async -> Void

    /// The production seams: one AWS HTTP pool and one Kubernetes client.
    ///
    /// Without a usable Kubernetes configuration the provider still starts (a warning is logged): mounts that need
    /// no Kubernetes lookup work, the others fail with the configuration problem.
    /// - Throws: ``ServerError`` when the AWS configuration (endpoints, CA bundle) is invalid.
    static func live(configuration: ProviderConfiguration, logger: Logger) throws(ServerError) -> Self {
        let awsConfiguration = try ProviderGraph.awsConfiguration(configuration)
        let transport: HTTPClientTransport
        do {
            transport = try HTTPClientTransport(configuration: awsConfiguration)
        } catch {
            throw .awsConfiguration(error)
        }
        let kubernetes = Self.kubernetes(configuration, logger: logger)
        return Self(awsTransport: transport, kubernetes: kubernetes.api) {
            try? await transport.shutdown()
            try? await kubernetes.client?.shutdown()
        }
    }

    private static func kubernetes(
        _ configuration: ProviderConfiguration,
        logger: Logger
    ) -> (api: any KubernetesAPI, client: KubernetesClient?) {
        do {
            let kubernetesConfiguration = try KubernetesClientConfiguration.resolve(
                kubeconfigFlag: configuration.kubeconfig,
                environment: configuration.environment
            )
            let client = try KubernetesClient(
                configuration: kubernetesConfiguration,
                qps: Double(configuration.kubernetesQPS),
                burst: configuration.kubernetesBurst,
                userAgent: ProviderGraph.userAgent(configuration),
                logger: logger
            )
            logger.info("Kubernetes API", metadata: ["kubernetes.server": "\(kubernetesConfiguration.server)"])
            return (client, client)
        } catch {
            logger.warning(
                "No usable Kubernetes configuration; mounts that need the Kubernetes API will fail",
                metadata: ["error": "\(error.message)"]
            )
            return (UnconfiguredKubernetes(error: error), nil)
        }
    }
}

/// Answers every lookup with the configuration problem found at start-up.
private struct UnconfiguredKubernetes: KubernetesAPI {
    let error: KubernetesError

    func serviceAccount(namespace: String, name: String, deadline: ContinuousClock.Instant) async throws
        -> KubernetesObjectMetadata
    {
        throw self.error
    }

    func pod(namespace: String, name: String, deadline: ContinuousClock.Instant) async throws -> KubernetesPod {
        throw self.error
    }

    func node(name: String, deadline: ContinuousClock.Instant) async throws -> KubernetesObjectMetadata {
        throw self.error
    }
}

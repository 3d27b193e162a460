// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import ProviderServer
import Testing

struct ProviderConfigurationTests {
    @Test("The defaults are the incumbent's and valid")
    func defaults() throws {
        let configuration = ProviderConfiguration.defaults
        try configuration.validate()
        #expect(configuration.socketPath == "/var/run/secrets-store-csi-providers/aws.sock")
        #expect(configuration.driverWritesSecrets == false)
        #expect(configuration.kubernetesQPS == 5)
        #expect(configuration.kubernetesBurst == 10)
        #expect(configuration.reconcileInterval == .seconds(120))
        #expect(configuration.cacheTTL == .seconds(30))
        #expect(configuration.cacheMaximumBytes == 32 * 1024 * 1024)
        #expect(configuration.operationsReadTimeout == .seconds(5))
        #expect(configuration.operationsMaximumConnections == 64)
    }

    @Test("A trailing slash on the provider volume does not double the separator")
    func trailingSlash() {
        let configuration = ProviderConfiguration.defaults { $0.providerVolume = "/run/csi/" }
        #expect(configuration.socketPath == "/run/csi/aws.sock")
    }

    static let invalid: [(change: @Sendable (inout ProviderConfiguration) -> Void, flag: String)] = [
        ({ $0.providerVolume = "relative/dir" }, "--provider-volume"),
        ({ $0.kubernetesQPS = 0 }, "--qps"),
        ({ $0.kubernetesBurst = -1 }, "--burst"),
        ({ $0.podIdentityHTTPTimeout = .zero }, "--pod-identity-http-timeout"),
        ({ $0.podIdentityEndpoint = "169.254.170.23" }, "--pod-identity-endpoint"),
        ({ $0.podIdentityEndpointIPv6 = "ftp://x" }, "--pod-identity-endpoint-ipv6"),
        ({ $0.reconcileInterval = .seconds(-1) }, "--reconcile-interval"),
        ({ $0.reconcileInterval = .milliseconds(10) }, "--reconcile-interval"),
        ({ $0.cacheTTL = .seconds(-1) }, "--cache-ttl"),
        ({ $0.cacheMaximumBytes = -1 }, "--cache-max-bytes"),
        ({ $0.operationsReadTimeout = .zero }, "--operations-read-timeout"),
        ({ $0.operationsMaximumConnections = 0 }, "--operations-max-connections"),
    ]

    @Test("Each invalid value is reported naming its flag", arguments: Self.invalid)
    func invalidValue(change: @Sendable (inout ProviderConfiguration) -> Void, flag: String) {
        let configuration = ProviderConfiguration.defaults(configure: change)
        let error = #expect(throws: ServerError.self) { try configuration.validate() }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.hasPrefix(flag + " ") == true)
    }

    @Test("All problems are reported together")
    func allProblems() {
        let configuration = ProviderConfiguration.defaults {
            $0.kubernetesQPS = 0
            $0.kubernetesBurst = 0
        }
        let error = #expect(throws: ServerError.self) { try configuration.validate() }
        #expect(error?.message.contains("--qps") == true)
        #expect(error?.message.contains("--burst") == true)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Testing

struct AWSClientConfigurationTests {
    @Test("an empty environment gives the defaults")
    func defaults() throws {
        let configuration = try AWSClientConfiguration(environment: [:], userAgent: "agent/1")
        #expect(configuration == AWSClientConfiguration(userAgent: "agent/1"))
        #expect(configuration.userAgent == "agent/1")
        #expect(!configuration.useFIPSEndpoint)
        #expect(configuration.endpointURL == nil)
        #expect(configuration.serviceEndpointURLs.isEmpty)
        #expect(configuration.caBundlePath == nil)
    }

    @Test("reads the standard AWS SDK variables")
    func readsVariables() throws {
        let configuration = try AWSClientConfiguration(
            environment: [
                "AWS_ENDPOINT_URL": "http://localhost:4566",
                "AWS_ENDPOINT_URL_SECRETS_MANAGER": "https://sm.example",
                "AWS_ENDPOINT_URL_SSM": "https://ssm.example",
                "AWS_ENDPOINT_URL_STS": "https://sts.example",
                "AWS_USE_FIPS_ENDPOINT": "TRUE",
                "AWS_CA_BUNDLE": "/etc/ssl/custom.pem",
                "AWS_REGION": "ignored-here",
            ],
            userAgent: "ua"
        )
        #expect(configuration.endpointURL == "http://localhost:4566")
        #expect(configuration.serviceEndpointURLs[.secretsManager] == "https://sm.example")
        #expect(configuration.serviceEndpointURLs[.ssm] == "https://ssm.example")
        #expect(configuration.serviceEndpointURLs[.sts] == "https://sts.example")
        #expect(configuration.useFIPSEndpoint)
        #expect(configuration.caBundlePath == "/etc/ssl/custom.pem")
    }

    @Test(
        "reads AWS_USE_FIPS_ENDPOINT",
        arguments: [("true", true), ("True", true), ("false", false), ("FALSE", false), ("", false)]
    )
    func fipsValues(value: String, expected: Bool) throws {
        let configuration = try AWSClientConfiguration(environment: ["AWS_USE_FIPS_ENDPOINT": value], userAgent: "ua")
        #expect(configuration.useFIPSEndpoint == expected)
    }

    @Test(
        "names the variable that holds an invalid value",
        arguments: [
            ("AWS_USE_FIPS_ENDPOINT", "yes"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "1"),
            ("AWS_ENDPOINT_URL", "localhost:4566"),
            ("AWS_ENDPOINT_URL_SSM", "ftp://ssm.example"),
            ("AWS_ENDPOINT_URL_STS", "https://sts.example/?x=1"),
            ("AWS_ENDPOINT_URL_SECRETS_MANAGER", "https://"),
        ]
    )
    func invalidValues(name: String, value: String) {
        let error = #expect(throws: AWSError.self) {
            try AWSClientConfiguration(environment: [name: value], userAgent: "ua")
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains(name) == true)
    }

    @Test("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS drops the endpoint URLs but keeps FIPS")
    func ignoresEndpoints() throws {
        let configuration = try AWSClientConfiguration(
            environment: [
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true",
                "AWS_ENDPOINT_URL": "http://localhost:4566",
                "AWS_ENDPOINT_URL_STS": "http://localhost:4567",
                "AWS_USE_FIPS_ENDPOINT": "true",
            ],
            userAgent: "ua"
        )
        #expect(configuration.endpointURL == nil)
        #expect(configuration.serviceEndpointURLs.isEmpty)
        #expect(configuration.useFIPSEndpoint)
    }

    @Test("empty values count as unset")
    func emptyValues() throws {
        let configuration = try AWSClientConfiguration(
            environment: ["AWS_ENDPOINT_URL": "", "AWS_CA_BUNDLE": "", "AWS_ENDPOINT_URL_SSM": ""],
            userAgent: "ua"
        )
        #expect(configuration == AWSClientConfiguration(userAgent: "ua"))
    }
}

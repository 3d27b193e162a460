// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Testing

struct AWSEndpointResolverTests {
    static let regionalCases: [(service: AWSService, region: String, fips: Bool, url: String)] = [
        (.secretsManager, "us-east-1", false, "https://secretsmanager.us-east-1.amazonaws.com/"),
        (.ssm, "eu-central-1", false, "https://ssm.eu-central-1.amazonaws.com/"),
        (.sts, "ap-southeast-3", false, "https://sts.ap-southeast-3.amazonaws.com/"),
        (.secretsManager, "cn-north-1", false, "https://secretsmanager.cn-north-1.amazonaws.com.cn/"),
        (.sts, "cn-northwest-1", false, "https://sts.cn-northwest-1.amazonaws.com.cn/"),
        (.secretsManager, "us-gov-west-1", false, "https://secretsmanager.us-gov-west-1.amazonaws.com/"),
        (.ssm, "us-iso-east-1", false, "https://ssm.us-iso-east-1.c2s.ic.gov/"),
        (.ssm, "us-isob-east-1", false, "https://ssm.us-isob-east-1.sc2s.sgov.gov/"),
        (.secretsManager, "us-east-1", true, "https://secretsmanager-fips.us-east-1.amazonaws.com/"),
        (.ssm, "us-west-2", true, "https://ssm-fips.us-west-2.amazonaws.com/"),
        (.sts, "us-east-2", true, "https://sts-fips.us-east-2.amazonaws.com/"),
        (.secretsManager, "us-gov-east-1", true, "https://secretsmanager-fips.us-gov-east-1.amazonaws.com/"),
    ]

    @Test("resolves regional and FIPS endpoints per partition", arguments: Self.regionalCases)
    func regional(service: AWSService, region: String, fips: Bool, url: String) throws {
        var configuration = AWSClientConfiguration(userAgent: "ua")
        configuration.useFIPSEndpoint = fips
        let endpoint = try AWSEndpointResolver(configuration: configuration).endpoint(for: service, region: region)
        #expect(endpoint.url == url)
        #expect(endpoint.path == "/")
        #expect(endpoint.host == String(url.dropFirst("https://".count).dropLast()))
    }

    @Test("a service endpoint URL wins over the global one, which wins over FIPS")
    func overrides() throws {
        var configuration = AWSClientConfiguration(userAgent: "ua")
        configuration.useFIPSEndpoint = true
        configuration.endpointURL = "http://127.0.0.1:4566"
        configuration.serviceEndpointURLs[.ssm] = "https://ssm.internal.example:8443/prefix"
        let resolver = AWSEndpointResolver(configuration: configuration)

        let ssm = try resolver.endpoint(for: .ssm, region: "us-east-1")
        #expect(ssm.url == "https://ssm.internal.example:8443/prefix")
        #expect(ssm.host == "ssm.internal.example:8443")
        #expect(ssm.path == "/prefix")

        let secrets = try resolver.endpoint(for: .secretsManager, region: "cn-north-1")
        #expect(secrets.url == "http://127.0.0.1:4566/")
        #expect(secrets.host == "127.0.0.1:4566")
    }

    @Test("keeps an IPv6 literal host with its brackets")
    func ipv6Host() throws {
        var configuration = AWSClientConfiguration(userAgent: "ua")
        configuration.endpointURL = "http://[::1]:8080/"
        let endpoint = try AWSEndpointResolver(configuration: configuration).endpoint(for: .sts, region: "us-east-1")
        #expect(endpoint.host == "[::1]:8080")
        #expect(endpoint.url == "http://[::1]:8080/")
    }

    @Test("rejects malformed regions before any call", arguments: ["", "US-EAST-1", "us east 1", "-us", "us-", "a/b"])
    func invalidRegion(region: String) throws {
        let resolver = AWSEndpointResolver(configuration: AWSClientConfiguration(userAgent: "ua"))
        let error = #expect(throws: AWSError.self) {
            try resolver.endpoint(for: .secretsManager, region: region)
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.message.contains("'\(region)'") == true)
    }

    @Test("refuses FIPS in the China partition, which has no FIPS endpoints")
    func noFIPSInChina() throws {
        var configuration = AWSClientConfiguration(userAgent: "ua")
        configuration.useFIPSEndpoint = true
        let error = #expect(throws: AWSError.self) {
            try AWSEndpointResolver(configuration: configuration).endpoint(for: .ssm, region: "cn-north-1")
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("cn-north-1") == true)
    }

    @Test("client initialisers fail on an invalid region before any call")
    func clientsValidateRegion() throws {
        let transport = FakeTransport(always: AWSHTTPResponse(status: 200))
        let runtime = Fixtures.runtime(transport)
        let provider = StaticCredentialProvider(credentials: Fixtures.credentials)
        let errors = [
            #expect(throws: AWSError.self) {
                try SecretsManagerClient(region: "", credentials: provider, runtime: runtime)
            },
            #expect(throws: AWSError.self) {
                try ParameterStoreClient(region: "x y", credentials: provider, runtime: runtime)
            },
            #expect(throws: AWSError.self) { try STSClient(region: "Us", runtime: runtime) },
        ]
        #expect(errors.allSatisfy { $0?.code == .invalidRequest })
        #expect(transport.requests.isEmpty)
    }
}

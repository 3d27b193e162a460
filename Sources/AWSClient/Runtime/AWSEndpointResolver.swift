// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// Where to send one service's requests in one region.
public struct AWSEndpoint: Sendable, Hashable {
    /// The absolute URL requests go to, such as `https://secretsmanager.us-east-1.amazonaws.com/`.
    public let url: String
    /// The `Host` header, with the port when it is not the scheme's default.
    public let host: String
    /// The request path, `/` unless a configured endpoint URL has one.
    public let path: String

    /// Parses an absolute `http` or `https` URL without query or fragment.
    ///
    /// - Throws: ``AWSError/Code/invalidConfiguration`` naming `source` when the URL is not of that form.
    init(url: String, source: String) throws(AWSError) {
        let invalid = AWSError(
            code: .invalidConfiguration,
            message: "The endpoint URL '\(url)' from \(source) must be an absolute http or https URL such as "
                + "'https://secretsmanager.us-east-1.amazonaws.com', without a query or fragment."
        )
        guard let scheme = ["https://", "http://"].first(where: { url.lowercased().hasPrefix($0) }) else {
            throw invalid
        }
        let rest = url.dropFirst(scheme.count)
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...]
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains(where: \.isWhitespace),
            !path.contains("?"), !path.contains("#"), !path.contains(where: \.isWhitespace)
        else {
            throw invalid
        }
        self.host = String(authority)
        self.path = path.isEmpty ? "/" : String(path)
        self.url = scheme + self.host + self.path
    }

    /// Checks an endpoint URL from the environment.
    static func validate(url: String, source: String) throws(AWSError) {
        _ = try AWSEndpoint(url: url, source: source)
    }
}

/// Resolves the endpoint of a service in a region from an ``AWSClientConfiguration``.
///
/// In order: the service's own endpoint URL (`AWS_ENDPOINT_URL_<SERVICE>`), the global one (`AWS_ENDPOINT_URL`),
/// then `https://<service>[-fips].<region>.<DNS suffix>` where the suffix is `amazonaws.com.cn` for `cn-` regions,
/// the ISO partitions' suffix for `us-iso-`, `us-isob-`, `us-isof-` and `eu-isoe-` regions, and `amazonaws.com`
/// otherwise (GovCloud `us-gov-` regions included).
public struct AWSEndpointResolver: Sendable {
    /// The configuration whose endpoint settings are used.
    public let configuration: AWSClientConfiguration

    /// Creates a resolver.
    public init(configuration: AWSClientConfiguration) {
        self.configuration = configuration
    }

    /// The region prefixes of partitions whose DNS suffix is not `amazonaws.com`, longest prefix first.
    private static let partitionSuffixes: [(prefix: String, suffix: String, hasFIPS: Bool)] = [
        ("us-isob-", "sc2s.sgov.gov", true),
        ("us-isof-", "csp.hci.ic.gov", true),
        ("us-iso-", "c2s.ic.gov", true),
        ("eu-isoe-", "cloud.adc-e.uk", true),
        ("cn-", "amazonaws.com.cn", false),
    ]

    /// The endpoint of `service` in `region`.
    ///
    /// - Throws: ``AWSError/Code/invalidRequest`` if the region is not a valid region name, or
    ///   ``AWSError/Code/invalidConfiguration`` if FIPS is requested in a partition without FIPS endpoints.
    public func endpoint(for service: AWSService, region: String) throws(AWSError) -> AWSEndpoint {
        try Self.validate(region: region)
        if let url = self.configuration.serviceEndpointURLs[service] {
            return try AWSEndpoint(url: url, source: "AWS_ENDPOINT_URL_" + service.environmentSuffix)
        }
        if let url = self.configuration.endpointURL {
            return try AWSEndpoint(url: url, source: "AWS_ENDPOINT_URL")
        }
        let partition = Self.partitionSuffixes.first { region.hasPrefix($0.prefix) }
        let suffix = partition?.suffix ?? "amazonaws.com"
        var label = service.endpointPrefix
        if self.configuration.useFIPSEndpoint {
            guard partition?.hasFIPS ?? true else {
                throw AWSError(
                    code: .invalidConfiguration,
                    message: "AWS_USE_FIPS_ENDPOINT is true, but the region \(region) has no FIPS endpoints.",
                    service: service.signingName,
                    region: region
                )
            }
            label += "-fips"
        }
        return try AWSEndpoint(url: "https://\(label).\(region).\(suffix)", source: "the region \(region)")
    }

    /// Checks that `region` looks like a region name: lower-case letters, digits and inner hyphens.
    static func validate(region: String) throws(AWSError) {
        let allowed = region.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
        guard allowed, !region.isEmpty, !region.hasPrefix("-"), !region.hasSuffix("-") else {
            throw AWSError(
                code: .invalidRequest,
                message: "The region '\(region)' is not a valid AWS region name such as 'us-east-1'."
            )
        }
    }
}

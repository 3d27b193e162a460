// swift-tools-version:6.1
// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0
import PackageDescription

/// Settings shared by every target: Swift 6 language mode plus the upcoming features the style guide asks for.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// How the shipped (release) binary is linked on Linux, for a smaller resident set at the same security: lld packs
/// the position-independent executable's ~150,000 relative relocations into a few kilobytes (`DT_RELR`, glibc 2.36
/// or newer) instead of 3.5 MB the loader reads at every start, and only the symbols the shared libraries need are
/// exported (the Swift runtime's static-link defaults export all ~52,000, 2 MB of tables searched at start).
/// Together: about 5 MiB less resident memory at idle, still ASLR (measured by scripts/bench_mount.py).
let releaseLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(
        ["-use-ld=lld", "-Xlinker", "--no-export-dynamic", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
        .when(platforms: [.linux], configuration: .release)
    )
]

let package = Package(
    name: "secrets-store-csi-driver-provider-aws",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "secrets-store-csi-driver-provider-aws", targets: ["secrets-store-csi-driver-provider-aws"])
    ],
    // Every package is pinned to one exact version, the ones this package is built and tested with, including the
    // packages only our dependencies use (listed last, so resolution cannot drift to a newer release of any of them;
    // SwiftPM says of each that no target of ours uses it, which is expected). Exact requirements rather than a
    // committed Package.resolved, whose revisions are those of the machine's package mirror, not the public ones.
    dependencies: [
        .package(url: "https://github.com/grpc/grpc-swift-2", exact: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", exact: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", exact: "2.4.1"),
        // `traits: []` matches what grpc-swift-protobuf asks for, so SwiftProtobuf is not rebuilt on every switch
        // between `swift build` and `swift test` (a different trait set makes SwiftPM build it twice).
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0", traits: []),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        // Used by the packages above only.
        .package(url: "https://github.com/apple/swift-algorithms.git", exact: "1.2.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", exact: "1.7.4"),
        .package(url: "https://github.com/apple/swift-async-algorithms.git", exact: "1.1.4"),
        .package(url: "https://github.com/apple/swift-atomics.git", exact: "1.3.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", exact: "1.21.1"),
        .package(url: "https://github.com/apple/swift-collections.git", exact: "1.6.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", exact: "1.4.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", exact: "1.7.3"),
        .package(url: "https://github.com/apple/swift-http-structured-headers.git", exact: "1.7.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", exact: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", exact: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-http2.git", exact: "1.46.0"),
        .package(url: "https://github.com/apple/swift-nio-transport-services.git", exact: "1.28.0"),
        .package(url: "https://github.com/apple/swift-numerics.git", exact: "1.1.1"),
        .package(url: "https://github.com/apple/swift-service-context.git", exact: "1.5.1"),
        .package(url: "https://github.com/apple/swift-system", exact: "1.8.1"),
    ],
    targets: [
        // Generated from proto/v1alpha1/service.proto by scripts/generate-proto.sh; nothing hand-written.
        .target(
            name: "CSIProviderAPI",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "JMESPath", swiftSettings: swiftSettings),
        .executableTarget(
            name: "jmespath-benchmark",
            dependencies: ["JMESPath"],
            path: "Sources/JMESPathBenchmark",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SecretProviderClass",
            // YAMLSafetyScan also imports CYaml, the libyaml target inside Yams: Yams does not make it a product, so it
            // is reached through the Yams product declared here.
            dependencies: ["FileFormats", "JMESPath", "Templates", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // Files shaped for applications: a JSON object's keys as dotenv, properties, JSON or YAML.
        .target(name: "FileFormats", dependencies: ["JMESPath"], swiftSettings: swiftSettings),
        // Strict Mustache templates over a mount's files (swift-mustache does the rendering).
        .target(
            name: "Templates",
            dependencies: ["FileFormats", "JMESPath", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: swiftSettings
        ),
        // Time and coordination: the one injected clock, a cancellable sleep, single flight, the bounded LRU map and the
        // threads' scheduling.
        .target(
            name: "Coordination",
            dependencies: [
                "CSystemCalls",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AWSSigV4",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AWSClient",
            dependencies: [
                "AWSSigV4",
                "Coordination",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Kubernetes",
            dependencies: [
                "Coordination",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CertificateExport",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "CSystemCalls"),
        .target(name: "PodVolume", dependencies: ["CSystemCalls"], swiftSettings: swiftSettings),
        .target(
            name: "OperationsHTTP",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Provider",
            dependencies: [
                "AWSClient",
                "CertificateExport",
                "Coordination",
                "FileFormats",
                "JMESPath",
                "Kubernetes",
                "SecretProviderClass",
                "PodVolume",
                "Templates",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ProviderServer",
            dependencies: [
                "CSIProviderAPI",
                "OperationsHTTP",
                "Provider",
                "SecretProviderClass",
                "Coordination",
                "PodVolume",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ProviderCLI",
            dependencies: [
                "AWSClient",
                "CSIProviderAPI",
                "FileFormats",
                "JMESPath",
                "Kubernetes",
                "OperationsHTTP",
                "PodVolume",
                "Provider",
                "ProviderServer",
                "SecretProviderClass",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "secrets-store-csi-driver-provider-aws",
            dependencies: ["Coordination", "ProviderCLI"],
            swiftSettings: swiftSettings,
            linkerSettings: releaseLinkerSettings
        ),
        .target(
            name: "ProviderTestSupport",
            dependencies: ["Coordination", "Provider", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ProviderServerTests",
            dependencies: [
                "CSIProviderAPI",
                "PodVolume",
                "Provider",
                "ProviderServer",
                "ProviderTestSupport",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ProviderTestSupportTests",
            dependencies: ["ProviderTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SecretProviderClassTests",
            dependencies: ["FileFormats", "SecretProviderClass", "JMESPath", "Templates"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CertificateExportTests",
            dependencies: ["CertificateExport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FileFormatsTests",
            dependencies: ["FileFormats", "JMESPath"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TemplatesTests",
            dependencies: ["Templates", "JMESPath"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JMESPathTests",
            dependencies: ["JMESPath"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AWSClientTests",
            dependencies: [
                "AWSClient",
                "AWSSigV4",
                "ProviderTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KubernetesTests",
            dependencies: [
                "Coordination",
                "Kubernetes",
                "ProviderTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ProviderTests",
            dependencies: [
                "AWSClient",
                "AWSSigV4",
                "CertificateExport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                "Coordination",
                "Kubernetes",
                "Provider",
                "ProviderTestSupport",
                "SecretProviderClass",
                "Templates",
                "PodVolume",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OperationsHTTPTests",
            dependencies: [
                "OperationsHTTP",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CoordinationTests",
            dependencies: ["Coordination", "ProviderTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PodVolumeTests",
            dependencies: ["PodVolume"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AWSSigV4Tests",
            dependencies: ["AWSSigV4"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ProviderCLITests",
            dependencies: [
                "AWSClient",
                "CSIProviderAPI",
                "Kubernetes",
                "Provider",
                "ProviderCLI",
                "ProviderServer",
                "ProviderTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

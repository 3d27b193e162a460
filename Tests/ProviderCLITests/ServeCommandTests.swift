// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Logging
import PodVolume
import ProviderServer
import Testing

@testable import ProviderCLI

struct ServeCommandTests {
    private static func parse(_ arguments: [String]) throws -> ServeCommand {
        let normalized = GoStyleArguments.normalize(
            arguments,
            longFlags: ServeCommand.longFlags,
            booleanFlags: ServeCommand.booleanFlags
        )
        let command = try ProviderCommand.parseAsRoot(normalized)
        return try #require(command as? ServeCommand)
    }

    @Test("No arguments give the incumbent's defaults through the default command")
    func defaults() throws {
        let configuration = try Self.parse([]).makeConfiguration()
        #expect(configuration == ProviderConfiguration.defaults)
    }

    @Test("The argument vector the incumbent's chart renders is accepted")
    func chartArguments() throws {
        let command = try Self.parse([
            "--provider-volume=/var/run/secrets-store-csi-providers",
            "--driver-writes-secrets=true",
            "--qps=20",
            "--burst=40",
            "--eks-addon-version=v1.2.3-eksbuild.1",
            "--pod-identity-http-timeout=500ms",
        ])
        let configuration = command.makeConfiguration()
        #expect(configuration.providerVolume == "/var/run/secrets-store-csi-providers")
        #expect(configuration.driverWritesSecrets)
        #expect(configuration.kubernetesQPS == 20)
        #expect(configuration.kubernetesBurst == 40)
        #expect(configuration.eksAddonVersion == "v1.2.3-eksbuild.1")
        #expect(configuration.podIdentityHTTPTimeout == .milliseconds(500))
    }

    static let booleanForms: [([String], Bool)] = [
        (["--driver-writes-secrets"], true),
        (["--driver-writes-secrets=true"], true),
        (["--driver-writes-secrets=True"], true),
        (["--driver-writes-secrets=1"], true),
        (["--driver-writes-secrets=false"], false),
        (["--driver-writes-secrets=0"], false),
        (["-driver-writes-secrets=f"], false),
    ]

    @Test("--driver-writes-secrets takes every Go boolean form", arguments: Self.booleanForms)
    func driverWritesSecrets(arguments: [String], expected: Bool) throws {
        #expect(try Self.parse(arguments).makeConfiguration().driverWritesSecrets == expected)
    }

    @Test("Our own flags are parsed")
    func ownFlags() throws {
        let command = try Self.parse([
            "--kubeconfig", "/etc/kube/config", "--log-level=debug", "--log-format=json",
            "--pod-identity-endpoint=http://127.0.0.1:9/v1/credentials",
            "--pod-identity-endpoint-ipv6=http://[::1]:9/v1/credentials",
            "--reconcile-interval=90s", "--cache-ttl", "1m30s", "-cache-max-bytes=1048576",
            "-operations-read-timeout=1500ms", "--operations-max-connections", "8", "-volume-layout=plain",
        ])
        #expect(command.logLevel.level == .debug)
        #expect(command.logFormat == .json)
        let configuration = command.makeConfiguration()
        #expect(configuration.kubeconfig == "/etc/kube/config")
        #expect(configuration.podIdentityEndpoint == "http://127.0.0.1:9/v1/credentials")
        #expect(configuration.podIdentityEndpointIPv6 == "http://[::1]:9/v1/credentials")
        #expect(configuration.reconcileInterval == .seconds(90))
        #expect(configuration.cacheTTL == .seconds(90))
        #expect(configuration.cacheMaximumBytes == 1_048_576)
        #expect(configuration.operationsReadTimeout == .milliseconds(1500))
        #expect(configuration.operationsMaximumConnections == 8)
        #expect(configuration.volumeLayout == .plain)
        #expect(ProviderConfiguration.defaults.volumeLayout == .generations)
    }

    @Test("Every long option of serve takes the Go forms (-flag, --flag=value)")
    func everyOptionIsNormalised() throws {
        let help = ServeCommand.helpMessage(columns: 1000)
        let regex = try Regex(#"--([a-z0-9]+(?:-[a-z0-9]+)*)"#)
        let options = Set(help.matches(of: regex).map { String(help[$0.range].dropFirst(2)) })
        #expect(options.subtracting(["help", "version"]) == ServeCommand.longFlags)
    }

    @Test("An empty value (--health-addr=, as Go accepts) turns an endpoint off")
    func emptyValue() throws {
        let configuration = try Self.parse(["--health-addr=", "-metrics-addr="]).makeConfiguration()
        #expect(configuration.healthAddress == nil)
        #expect(configuration.metricsAddress == nil)
        #expect(try Self.parse(["--eks-addon-version="]).makeConfiguration().eksAddonVersion == nil)
    }

    @Test("--reconcile-interval=0 turns reconciliation off; the defaults are 2m, 30s, and 5s and 64 for the endpoints")
    func reconcileDefaults() throws {
        #expect(try Self.parse(["--reconcile-interval=0"]).makeConfiguration().reconcileInterval == .zero)
        let defaults = try Self.parse([]).makeConfiguration()
        #expect(defaults.reconcileInterval == .seconds(120))
        #expect(defaults.cacheTTL == .seconds(30))
        #expect(defaults.operationsReadTimeout == .seconds(5))
        #expect(defaults.operationsMaximumConnections == 64)
    }

    static let badValues: [(arguments: [String], flag: String)] = [
        (["--driver-writes-secrets=yes"], "--driver-writes-secrets"),
        (["--qps=many"], "--qps"),
        (["--qps=0"], "--qps"),
        (["--burst=-2"], "--burst"),
        (["--pod-identity-http-timeout=5"], "--pod-identity-http-timeout"),
        (["--pod-identity-http-timeout=-1s"], "--pod-identity-http-timeout"),
        (["--log-level=loud"], "--log-level"),
        (["--log-format=xml"], "--log-format"),
        (["--provider-volume=relative"], "--provider-volume"),
        (["--reconcile-interval=often"], "--reconcile-interval"),
        (["--reconcile-interval=-1m"], "--reconcile-interval"),
        (["--cache-ttl=30"], "--cache-ttl"),
        (["--cache-max-bytes=lots"], "--cache-max-bytes"),
        (["--operations-read-timeout=5"], "--operations-read-timeout"),
        (["--operations-read-timeout=0"], "--operations-read-timeout"),
        (["-operations-read-timeout=-1s"], "--operations-read-timeout"),
        (["--operations-max-connections=0"], "--operations-max-connections"),
        (["--operations-max-connections=many"], "--operations-max-connections"),
        (["--volume-layout=atomic"], "--volume-layout"),
    ]

    @Test("A bad flag value is rejected with a message naming the flag", arguments: Self.badValues)
    func badValue(arguments: [String], flag: String) {
        do {
            _ = try Self.parse(arguments)
            Issue.record("\(arguments) was accepted")
        } catch {
            #expect(ProviderCommand.message(for: error).contains(flag))
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import OperationsHTTP
import ProviderServer

/// `probe PATH [--health-addr ADDR] [--timeout D]`: GETs a path of a running provider's health endpoint and exits 0
/// for a 2xx or 3xx answer, 1 otherwise, as the kubelet's `httpGet` probe judges it.
///
/// The chart's exec probes run it inside the container when the endpoint listens on 127.0.0.1 only, where the
/// kubelet's `httpGet` cannot reach it (the image has no curl or wget).
struct ProbeCommand: AsyncParsableCommand {
    /// The command's name, help text and examples.
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "GET a path of a running provider's health endpoint; exit 0 when it answers 2xx or 3xx.",
        discussion: """
            Connects to --health-addr (a host of 0.0.0.0, :: or none is reached on the loopback address), \
            sends GET PATH and judges the answer as the kubelet's httpGet probe does. On failure the status \
            and the start of the answer, or why there was none, are printed on standard error.

            Exit status: 0 for a 2xx or 3xx answer; 1 for any other answer, or none within --timeout.

            Examples:
              probe /healthz
              probe --health-addr=127.0.0.1:8989 /readyz
            """
    )

    /// The most characters of a failed answer printed.
    static let printedAnswerLimit = 1024

    /// The path to GET.
    @Argument(help: "The path, such as /healthz or /readyz.")
    var path: String

    /// The provider's health address.
    @Option(help: "The provider's --health-addr, as host:port.")
    var healthAddr = ProviderConfiguration.defaults.healthAddress ?? ":8989"

    /// The time for the whole exchange.
    @Option(help: "How long to wait for the whole answer (Go duration).")
    var timeout = GoDuration(.seconds(2))

    func validate() throws {
        guard ListenAddress(self.healthAddr) != nil else {
            throw ValidationError(
                "--health-addr must be host:port such as :8989 or 127.0.0.1:8989, got '\(self.healthAddr)'"
            )
        }
        guard self.path.hasPrefix("/"), !self.path.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw ValidationError("PATH must start with / and hold no white space, got '\(self.path)'")
        }
        guard self.timeout.duration > .zero else {
            throw ValidationError("--timeout must be positive, got \(self.timeout.duration)")
        }
    }

    func run() async throws {
        guard let address = ListenAddress(self.healthAddr) else { throw ExitCode(1) }
        do {
            let reply = try await OperationsProbe.get(self.path, from: address, timeout: self.timeout.duration)
            guard OperationsProbe.isSuccess(reply.status) else {
                let text = String(decoding: reply.body, as: UTF8.self).prefix(Self.printedAnswerLimit)
                Self.fail("GET \(self.path) answered \(reply.status): \(text)")
                throw ExitCode(1)
            }
        } catch let error as OperationsHTTPError {
            Self.fail(error.message)
            throw ExitCode(1)
        }
    }

    private static func fail(_ message: String) {
        FileHandle.standardError.write(Data("probe: \(message)\n".utf8))
    }
}

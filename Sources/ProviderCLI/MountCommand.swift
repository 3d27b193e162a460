// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import CSIProviderAPI
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import ProviderServer
import SecretProviderClass

/// `mount`: calls a running provider exactly as the driver does, for debugging a SecretProviderClass locally.
struct MountCommand: AsyncParsableCommand {
    /// The command's name, help text and examples.
    static let configuration = CommandConfiguration(
        commandName: "mount",
        abstract: "Mount a SecretProviderClass through a running provider, as the CSI driver would.",
        discussion: """
            Sends one Mount request over the provider's Unix socket with the parameters of the \
            SecretProviderClass in --spc, the pod fields the driver adds, and the service account token, then \
            prints each file's object version (and, when the provider runs with --driver-writes-secrets, the \
            files it returned, by size: values are never printed).

            Exit status: 0 when the mount succeeded; 1 when the provider refused it (its gRPC status and \
            message are printed); 2 when the input cannot be read.

            Examples:
              mount --socket /var/run/secrets-store-csi-providers/aws.sock --spc spc.yaml --target /tmp/m \\
                --namespace shop --service-account checkout --token-file token.jwt
              mount --spc spc.yaml --target /tmp/m --token "$TOKEN" --current-version db-password=EXAMPLE-1
            """
    )

    @Option(help: "The provider's socket.")
    var socket = ProviderConfiguration.defaults.socketPath

    @Option(help: "A manifest holding the SecretProviderClass (its first one is used).")
    var spc: String

    @Option(help: "The directory to mount into (the pod volume's target_path).")
    var target: String

    @Option(help: "The pod's namespace.")
    var namespace = "default"

    @Option(help: "The pod's name.")
    var pod = "secrets-store-debug"

    @Option(help: "The pod's service account.")
    var serviceAccount = "default"

    @Option(help: "The service account token (prefer --token-file: arguments are visible to other users).")
    var token: String?

    @Option(help: "A file holding the service account token.")
    var tokenFile: String?

    @Option(help: "The token's audience (default: sts.amazonaws.com, or pods.eks.amazonaws.com with usePodIdentity).")
    var audience: String?

    @Option(help: "A version the volume already holds, as id=version (repeatable), as the driver sends on rotation.")
    var currentVersion: [String] = []

    @Option(help: "The default file mode, in octal.")
    var permission = "0644"

    @Option(help: "Seconds to wait for the answer.")
    var timeout = 30

    /// Builds the request, sends it and prints the answer.
    func run() async throws {
        let request = try self.makeRequest()
        let transport = try HTTP2ClientTransport.Posix(
            target: .unixDomainSocket(path: self.socket),
            transportSecurity: .plaintext
        )
        do {
            let response = try await withGRPCClient(transport: transport) { client in
                var options = CallOptions.defaults
                options.timeout = .seconds(self.timeout)
                return try await V1alpha1_CSIDriverProvider.Client(wrapping: client).mount(request, options: options)
            }
            Self.print(response, target: self.target)
        } catch let error as RPCError {
            Self.fail("the provider refused the mount (\(error.code)):\n\(error.message)")
            throw ExitCode(1)
        }
    }

    private func makeRequest() throws -> V1alpha1_MountRequest {
        var parameters = try self.parameters()
        parameters[MountAttributes.podNameKey] = self.pod
        parameters[MountAttributes.podNamespaceKey] = self.namespace
        parameters[MountAttributes.podUIDKey] = UUID().uuidString.lowercased()
        parameters[MountAttributes.serviceAccountNameKey] = self.serviceAccount
        if let token = try self.readToken() {
            let podIdentity = GoBoolean.parse(parameters["usePodIdentity"] ?? "") ?? false
            let audience =
                self.audience
                ?? (podIdentity ? AuthenticationMode.podIdentityAudience : AuthenticationMode.irsaAudience)
            let tokens = [audience: ["token": token, "expirationTimestamp": ""]]
            parameters[MountAttributes.serviceAccountTokensKey] = String(
                decoding: try JSONEncoder().encode(tokens),
                as: UTF8.self
            )
        }
        guard let mode = UInt16(self.permission, radix: 8), mode <= 0o777 else {
            throw ValidationError("--permission must be an octal mode such as 0644, got '\(self.permission)'")
        }
        var request = V1alpha1_MountRequest()
        request.attributes = String(decoding: try JSONEncoder().encode(parameters), as: UTF8.self)
        request.secrets = "{}"
        request.targetPath = URL(fileURLWithPath: self.target).standardizedFileURL.path
        request.permission = String(mode)
        request.currentObjectVersion = try self.currentVersion.map { pair in
            guard let separator = pair.firstIndex(of: "="), separator != pair.startIndex else {
                throw ValidationError("--current-version must be id=version, got '\(pair)'")
            }
            var version = V1alpha1_ObjectVersion()
            version.id = String(pair[..<separator])
            version.version = String(pair[pair.index(after: separator)...])
            return version
        }
        return request
    }

    /// The `spec.parameters` of the manifest's first SecretProviderClass.
    private func parameters() throws -> [String: String] {
        let text: String
        do {
            text = try String(contentsOfFile: self.spc, encoding: .utf8)
        } catch {
            Self.fail("cannot read --spc \(self.spc): \(error.localizedDescription)")
            throw ExitCode(2)
        }
        do {
            guard let document = try ManifestDocument.parse(text).first else {
                throw ValidationError("--spc \(self.spc) holds no SecretProviderClass")
            }
            guard document.problems.isEmpty else {
                throw ValidationError(
                    "\(document.title): " + document.problems.map(\.description).joined(separator: "; ")
                )
            }
            return document.parameters
        } catch let error as SecretProviderClassError {
            throw ValidationError("--spc \(self.spc): \(error.message)")
        }
    }

    private func readToken() throws -> String? {
        if let path = self.tokenFile {
            do {
                return try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                Self.fail("cannot read --token-file \(path): \(error.localizedDescription)")
                throw ExitCode(2)
            }
        }
        return self.token
    }

    private static func print(_ response: V1alpha1_MountResponse, target: String) {
        var lines: [String] = []
        if response.files.isEmpty {
            lines.append("mounted \(response.objectVersion.count) file(s) into \(target):")
        } else {
            lines.append("the provider returned \(response.files.count) file(s) for the driver to write:")
            for file in response.files {
                lines.append("  \(String(file.mode, radix: 8))  \(file.path)  (\(file.contents.count) bytes)")
            }
            lines.append("object versions:")
        }
        let width = min(response.objectVersion.map(\.id.count).max() ?? 0, 48)
        for version in response.objectVersion {
            let padding = String(repeating: " ", count: max(0, width - version.id.count))
            lines.append("  \(version.id)\(padding)  version \(version.version)")
        }
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    private static func fail(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }
}

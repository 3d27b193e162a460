// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import FileFormats
import Foundation
import SecretProviderClass

/// `validate FILE [--region R] [--failover-region R]`: checks a SecretProviderClass the way a mount does,
/// without a cluster or AWS, and prints the files it would write and the plan's warnings, or every problem.
///
/// Exit status: 0 when every SecretProviderClass in FILE is valid; 1 when one is not (each problem is printed
/// on its own line); 2 when FILE cannot be read.
struct ValidateCommand: ParsableCommand {
    /// The command's name, help text and examples.
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a SecretProviderClass and print the files a mount would write.",
        discussion: """
            FILE is a manifest holding one or more SecretProviderClass documents (apiVersion \
            secrets-store.csi.x-k8s.io/v1; other documents are skipped), or a bare objects list, as in the \
            objects parameter. Use '-' for standard input.

            Every check of a mount that needs no network is made, and every problem is listed. The checks \
            that depend on the primary region (ARN regions, failoverRegion) need a region: the \
            SecretProviderClass's region parameter, or --region, which stands for the node's region. \
            --region and --failover-region override the parameters, as a pod's volumeAttributes would.

            For each file the output shows its mode, its path in the volume and where its content comes from. \
            Warnings (lines starting with "warning:") point at what a mount accepts but the class may not mean.

            Exit status: 0 when everything is valid; 1 when something is not; 2 when FILE cannot be read.

            Examples:
              validate spc.yaml
              validate --region eu-west-1 --failover-region eu-central-1 spc.yaml
              kubectl get secretproviderclass my-spc -o yaml | validate -
            """
    )

    /// The manifest or objects list to check.
    @Argument(help: "A SecretProviderClass manifest or a bare objects list ('-' for standard input).")
    var file: String

    /// The primary region, overriding the SecretProviderClass's.
    @Option(name: .customLong("region"), help: "The primary region (the node's region when the class has none).")
    var region: String?

    /// The failover region, overriding the SecretProviderClass's.
    @Option(name: .customLong("failover-region"), help: "The failover region.")
    var failoverRegion: String?

    /// Reads FILE, validates each SecretProviderClass in it and prints the result.
    func run() throws {
        let text = try self.readInput()
        let documents: [ManifestDocument]
        do {
            documents = try ManifestDocument.parse(text)
        } catch {
            Self.emit(Self.problemLines(error.problems, title: self.file))
            throw ExitCode(1)
        }
        var allValid = true
        for document in documents {
            let lines = self.report(document)
            allValid = allValid && lines.isValid
            Self.emit(lines.text)
        }
        if !allValid {
            throw ExitCode(1)
        }
    }

    /// The report for one SecretProviderClass, and whether it is valid.
    private func report(_ document: ManifestDocument) -> (text: [String], isValid: Bool) {
        guard document.problems.isEmpty else {
            return (Self.problemLines(document.problems, title: document.title), false)
        }
        var parameters = document.parameters
        parameters[MountAttributes.regionKey] = self.region ?? parameters[MountAttributes.regionKey]
        parameters[MountAttributes.failoverRegionKey] =
            self.failoverRegion ?? parameters[MountAttributes.failoverRegionKey]
        do {
            let attributes = try MountAttributes(parameters: parameters)
            // The driver's default permission, 0644.
            let plan = try MountPlan(attributes: attributes, permission: "420")
            let regions: String
            if plan.region != nil {
                regions = "regions \(try plan.resolved(fallbackRegion: nil).regions)"
            } else {
                regions = "no region (taken from the node at mount time; ARN regions not checked, use --region)"
            }
            // The credential chain: `IRSA` or `IRSA → assume arn:… (external ID set, 3600 s)`.
            let credentials = "\(plan.authentication)" + (plan.assumeRole.map { " → assume \($0)" } ?? "")
            var lines = [
                "\(document.title): valid, \(plan.files.count) file(s)\(Self.keyFilesNote(plan)), \(regions), \(credentials), "
                    + "pathTranslation \(plan.pathTranslation)"
            ]
            let width = min(plan.files.map(\.path.count).max() ?? 0, 48)
            for object in plan.objects {
                if let wildcard = object.wildcard {
                    let pattern = UserText.shown(wildcard.pattern)
                    lines.append("  \(object.file.mode)  files matching \(pattern)  \(Self.listing(object))")
                    continue
                }
                if !object.writesObjectFile {
                    // Fetched for its entries and key files only.
                    let padding = String(repeating: " ", count: max(0, width - object.file.path.count))
                    lines.append(
                        "  ----  \(object.file.path)\(padding)  not written (writeObjectFile: false): "
                            + Self.source(of: object.file, object: object)
                    )
                }
                for file in object.writtenFiles {
                    let padding = String(repeating: " ", count: max(0, width - file.path.count))
                    lines.append("  \(file.mode)  \(file.path)\(padding)  \(Self.source(of: file, object: object))")
                }
                if object.mountAllKeys {
                    // Their names are known only from the value, at mount time.
                    lines.append(
                        "  \(object.file.mode)  key files of \(object.file.path): one per top-level key of its JSON value"
                    )
                }
            }
            for template in plan.templates {
                let padding = String(repeating: " ", count: max(0, width - template.file.path.count))
                lines.append(
                    "  \(template.file.mode)  \(template.file.path)\(padding)  \(Self.inputs(of: template))"
                )
            }
            lines += plan.warnings.map { "  warning: \($0)" }
            return (lines, true)
        } catch {
            return (Self.problemLines(error.problems, title: document.title), false)
        }
    }

    /// ` and the key files of 2 objects` when objects have `mountAllKeys`, ` and the files matching 1 wildcard` when
    /// objects are wildcards, else nothing.
    private static func keyFilesNote(_ plan: MountPlan) -> String {
        let keys = plan.objects.filter { $0.mountAllKeys && $0.wildcard == nil }.count
        let wildcards = plan.objects.filter { $0.wildcard != nil }.count
        return (keys == 0 ? "" : " and the key files of \(keys) object\(keys == 1 ? "" : "s")")
            + (wildcards == 0 ? "" : " and the files matching \(wildcards) wildcard\(wildcards == 1 ? "" : "s")")
    }

    /// What a wildcard lists and how its files are named: `ssmparameter /app/prod/* (one level under /app/prod/,
    /// each file named by its name with pathTranslation "_")`.
    private static func listing(_ object: PlannedObject) -> String {
        guard let wildcard = object.wildcard else { return "" }
        let prefix = UserText.shown(wildcard.prefix)
        let what =
            switch wildcard.scope {
            case .children: "one level under \(prefix)"
            case .descendants: "every level under \(prefix)"
            case .namePrefix: "every secret whose name starts with \(prefix)"
            }
        var shape = object.encoding == .utf8 ? "" : ", objectEncoding \(object.encoding.rawValue)"
        if object.mountAllKeys {
            shape += ", and the key files of each"
        }
        let name = UserText.shown(object.primary.name)
        return "\(object.primary.type.rawValue) \(name) (\(what), each file named by its name with pathTranslation "
            + "\(object.translation)\(shape))"
    }

    /// `secretsmanager MySecret (label AWSCURRENT); failover: …` or `jmesPath "username" of MySecret`.
    private static func source(of file: PlannedFile, object: PlannedObject) -> String {
        switch file.content {
        case .objectValue:
            var encoding = object.encoding == .utf8 ? "" : ", objectEncoding \(object.encoding.rawValue)"
            if object.type == .acmCertificate {
                encoding =
                    ", the private key, certificate and chain (PEM); jmesPath reads certificate, "
                    + "certificateChain, privateKey"
            }
            guard let failover = object.failover, failover != object.primary else {
                return "\(object.primary)\(encoding)"
            }
            return "\(object.primary)\(encoding); in the failover region: \(failover)"
        case .jmesPath(_, _, let encoding):
            return "\(file.content)" + (encoding == .utf8 ? "" : ", objectEncoding \(encoding.rawValue)")
        case .key, .template:
            return "\(file.content)"
        }
    }

    /// `template reading db, apitoken` or `dotenv of db-creds`: what a template entry renders from.
    private static func inputs(of template: PlannedTemplate) -> String {
        switch template.body {
        case .format(let format, let source):
            return "\(format.rawValue) of every key of \(UserText.shown(source))"
        case .mustache:
            let inputs = template.inputs.map { UserText.shown($0) }
            return "template reading "
                + (inputs.isEmpty ? "no file" : inputs.joined(separator: ", "))
                + " (names inside sections are looked up when it renders)"
        }
    }

    private static func problemLines(_ problems: [SecretProviderClassError.Problem], title: String) -> [String] {
        ["\(title): \(problems.count) problem(s)"] + problems.map { "  \($0)" }
    }

    /// Reads FILE (or standard input), at most one byte over the limit; exits with status 2 when it cannot.
    private func readInput() throws -> String {
        let handle: FileHandle
        if self.file == "-" {
            handle = FileHandle.standardInput
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: self.file, isDirectory: &isDirectory), !isDirectory.boolValue,
                let opened = FileHandle(forReadingAtPath: self.file)
            else {
                throw Self.unreadable("\(self.file): no such file, or not a readable file")
            }
            handle = opened
        }
        let data: Data
        do {
            data = try handle.read(upToCount: ManifestDocument.maximumBytes + 1) ?? Data()
        } catch {
            throw Self.unreadable("\(self.file): \(error.localizedDescription)")
        }
        guard data.count <= ManifestDocument.maximumBytes else {
            Self.emit(["\(self.file): larger than the limit of \(ManifestDocument.maximumBytes) bytes"])
            throw ExitCode(1)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Self.unreadable("\(self.file): not UTF-8 text")
        }
        return text
    }

    private static func unreadable(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: cannot read \(message)\n".utf8))
        return ExitCode(2)
    }

    private static func emit(_ lines: [String]) {
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import JMESPath
import Provider

/// `jmespath EXPRESSION [FILE]`: evaluates a JMESPath expression the way the provider evaluates the
/// `jmesPath` entries of a SecretProviderClass, so users can try their expressions on a secret's JSON.
///
/// Exit status: 0 with the result as compact JSON on stdout; 1 with `error: <kind>: <message>` on stderr
/// when the expression is invalid or fails (kind is `syntax`, `invalid-type`, `invalid-value`,
/// `invalid-arity` or `unknown-function`); 2 when the input cannot be read or is not valid JSON.
struct JMESPathCommand: ParsableCommand {
    /// The command's name, help text and examples.
    static let configuration = CommandConfiguration(
        commandName: "jmespath",
        abstract: "Evaluate a JMESPath expression against a JSON document, as the jmesPath field of an object does.",
        discussion: """
            Reads the JSON document from FILE, or from standard input when FILE is omitted or '-', and \
            prints the result as compact JSON followed by a newline.

            Keys that contain characters other than letters, digits and '_' must be quoted, as in \
            credentials."api-key". Raw strings use single quotes: [?engine == 'postgres'].

            Exit status: 0 on success; 1 when the expression is invalid or fails, printed as \
            'error: <kind>: <message>' where <kind> is syntax, invalid-type, invalid-value, invalid-arity \
            or unknown-function; 2 when the input cannot be read or is not valid JSON.

            Examples (with the secret's JSON in secret.json):
              jmespath username secret.json
              jmespath '"api-key"' < secret.json
              jmespath "databases[?name == 'orders'].password | [0]" secret.json
            """
    )

    /// The JMESPath expression to evaluate.
    @Argument(help: "The JMESPath expression, such as 'credentials.\"api-key\"'.")
    var expression: String

    /// The JSON file to read; standard input when absent or `-`.
    @Argument(help: "The JSON document to search (default: standard input).")
    var file: String?

    /// The most bytes of the printed result, as for one file of a mount.
    @Option(help: "The most bytes of the result (the provider's --max-file-bytes default).")
    var maxOutputBytes = RenderLimits().maximumFileBytes

    /// The JMESPath work the search may do, as for all entries of one mount.
    @Option(
        help: "The JMESPath work (steps) the search may do (the provider's --max-jmespath-steps-per-mount default)."
    )
    var maxSteps = RenderLimits().jmesPathSteps

    /// Compiles the expression, reads the document, evaluates and prints the result.
    func run() throws {
        let compiled: JMESPathExpression
        do {
            compiled = try JMESPathExpression(self.expression)
        } catch {
            throw Self.fail("\(error.code): \(error.message)", status: 1)
        }
        let path = self.file == "-" ? nil : self.file
        let inputName = path ?? "standard input"
        let data: Data
        do {
            data = try Self.readInput(path: path)
        } catch {
            throw Self.fail("cannot read \(inputName): \(error.localizedDescription)", status: 2)
        }
        let document: JSONValue
        do {
            document = try JSONValue(parsing: data)
        } catch {
            throw Self.fail("\(inputName): \(error.message)", status: 2)
        }
        let result: JSONValue
        do {
            result = try compiled.search(document, maximumSteps: self.maxSteps)
        } catch {
            throw Self.fail("\(error.code): \(error.message)", status: 1)
        }
        guard let text = result.serialized(maximumBytes: self.maxOutputBytes) else {
            throw Self.fail(
                "invalid-value: the result is more than \(self.maxOutputBytes) bytes (--max-output-bytes)",
                status: 1
            )
        }
        FileHandle.standardOutput.write(Data(text + [UInt8(ascii: "\n")]))
    }

    private static func readInput(path: String?) throws -> Data {
        guard let path else {
            return FileHandle.standardInput.readDataToEndOfFile()
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no such file"])
        }
        guard !isDirectory.boolValue else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "it is a directory"])
        }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// Prints `error: <message>` to standard error and returns the exit code to throw.
    private static func fail(_ message: String, status: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(status)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

// The libFuzzer target over what the AWS client reads from the network: error bodies (JSON and XML, any status),
// Secrets Manager answers (GetSecretValue, DescribeSecret, BatchGetSecretValue), XML extraction (STS answers) and
// timestamps. Built by scripts/fuzz.sh aws together with those parsers' sources (it is compiled into their module,
// so it reaches their internal types). The first byte chooses the parser; the rest is the body.
//
// Besides "no crash, no hang, bounded memory", it checks that every error names the operation and has a message,
// and that a parsed secret's printed form never shows its value.

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// libFuzzer's entry point: runs one input through the AWS response parsers; returns 0 (the input is kept when it adds coverage).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAWSResponses(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let body = Array(bytes.dropFirst())
    let operation = AWSOperation(
        service: .secretsManager,
        name: "GetSecretValue",
        region: "us-east-1",
        resource: "secret 'fuzz'",
        iamAction: "secretsmanager:GetSecretValue"
    )
    switch bytes[0] % 6 {
    case 0, 1:
        let status = [400, 403, 404, 429, 500, 503][Int(bytes[0] / 6) % 6]
        let type = bytes[0] % 2 == 0 ? "application/x-amz-json-1.1" : "text/xml"
        let response = AWSHTTPResponse(
            status: status,
            headers: [AWSHTTPHeader(name: "Content-Type", value: type)],
            body: body
        )
        let error = AWSErrorParser.error(for: response, operation: operation)
        check(!error.message.isEmpty, "an error without a message")
        check(error.message.contains("GetSecretValue"), "an error that does not name the operation")
    case 2:
        if let wire = try? JSONDecoder().decode(WireSecretValue.self, from: Data(body)),
            let value = try? wire.secretValue(operation: "GetSecretValue", region: "us-east-1")
        {
            check("\(value.contents)".hasPrefix("<REDACTED "), "a secret's printed form shows its value")
        }
    case 3:
        if let wire = try? JSONDecoder().decode(WireBatchGetSecretValueOutput.self, from: Data(body)) {
            for value in wire.SecretValues ?? [] {
                _ = try? value.secretValue(operation: "BatchGetSecretValue", region: "us-east-1")
            }
        }
        _ = try? JSONDecoder().decode(WireSecretDescription.self, from: Data(body))
    case 4:
        let document = XMLExtraction(body)
        if XMLExtraction.looksLikeXML(body), let result = document.element("AssumeRoleWithWebIdentityResult") {
            for name in ["AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"] {
                _ = result.element("Credentials")?.text(name)
            }
        }
        _ = document.text("Code")
    default:
        _ = AWSTimestamp.parse(String(decoding: body, as: UTF8.self))
    }
    return 0
}

/// Stops the run with a report when a promised property does not hold.
private func check(_ condition: Bool, _ problem: @autoclosure () -> String) {
    if !condition {
        fatalError("property broken: \(problem())")
    }
}

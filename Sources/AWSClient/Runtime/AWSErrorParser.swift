// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads the AWS error code, message and request ID out of an error answer, in any of the shapes AWS and the test
/// fake send, and turns them into an ``AWSError``.
///
/// Shapes understood:
/// - JSON 1.1: `{"__type": "com.amazonaws.secretsmanager#ResourceNotFoundException", "message": "…"}` (also
///   `Message`, and the Pod Identity agent's `{"code": …, "message": …}`), or the code in `x-amzn-ErrorType`.
/// - Query (STS): `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
/// - moto's auth errors on JSON services: `<ErrorResponse><Errors><Error><Code/><Message/>…`.
///
/// The body is never copied into a message: only the code and the AWS message (shortened) are.
enum AWSErrorParser {
    /// What an error answer says about itself.
    struct Details: Equatable, Sendable {
        /// The AWS error code without namespace, such as `ResourceNotFoundException`.
        var code: String?
        /// The AWS message.
        var message: String?
        /// The request ID.
        var requestId: String?
    }

    private struct JSONErrorBody: Decodable {
        var type: String?
        var lowerMessage: String?
        var upperMessage: String?
        var lowerCode: String?
        var upperCode: String?

        enum CodingKeys: String, CodingKey {
            case type = "__type"
            case lowerMessage = "message"
            case upperMessage = "Message"
            case lowerCode = "code"
            case upperCode = "Code"
        }
    }

    /// The longest AWS message carried into an error; longer ones are cut, so a proxy's HTML page cannot flood logs.
    static let maximumMessageLength = 512

    /// Reads the code, message and request ID of an error answer; fields that cannot be found stay `nil`.
    static func details(of response: AWSHTTPResponse) -> Details {
        var details = Details()
        if XMLExtraction.looksLikeXML(response.body) {
            let document = XMLExtraction(response.body)
            details.code = document.text("Code")
            details.message = document.text("Message")
            details.requestId = document.text("RequestId") ?? document.text("RequestID")
        } else if let body = try? JSONDecoder().decode(JSONErrorBody.self, from: Data(response.body)) {
            details.code = body.type ?? body.upperCode ?? body.lowerCode
            details.message = body.lowerMessage ?? body.upperMessage
        }
        details.code = (details.code ?? response.header("x-amzn-ErrorType")).flatMap(Self.normalizedCode)
        details.message = details.message.map(Self.shortened)
        details.requestId = response.requestId ?? details.requestId
        return details
    }

    /// The error for a non-2xx answer to `operation`.
    static func error(for response: AWSHTTPResponse, operation: AWSOperation) -> AWSError {
        let details = Self.details(of: response)
        return AWSErrorClassifier.error(
            awsCode: details.code,
            awsMessage: details.message,
            httpStatus: response.status,
            requestId: details.requestId,
            operation: operation
        )
    }

    /// `ResourceNotFoundException` from `com.amazonaws.secretsmanager#ResourceNotFoundException` or
    /// `ResourceNotFoundException:http://internal.amazon.com/…`; `nil` when nothing is left.
    static func normalizedCode(_ raw: String) -> String? {
        var code = Substring(raw)
        if let colon = code.firstIndex(of: ":") {
            code = code[..<colon]
        }
        if let hash = code.lastIndex(of: "#") {
            code = code[code.index(after: hash)...]
        }
        // Codes never contain white space; dropping it all also trims.
        let trimmed = code.filter { !$0.isWhitespace }
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func shortened(_ message: String) -> String {
        message.count <= Self.maximumMessageLength ? message : String(message.prefix(Self.maximumMessageLength)) + "…"
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import ProviderTestSupport
import Testing

/// Error bodies in every shape AWS and moto send, read through a real client call on a fake transport.
struct AWSErrorParserTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var status: Int
        var headers: [AWSHTTPHeader] = []
        var body: String
        var code: AWSError.Code
        var awsCode: String?
        var awsMessage: String?
        var requestId: String?

        var testDescription: String {
            self.name
        }
    }

    static let cases: [Case] = [
        Case(
            name: "JSON __type with namespace and message",
            status: 400,
            headers: [AWSHTTPHeader(name: "x-amzn-RequestId", value: "req-json")],
            body: #"{"__type":"com.amazonaws.secretsmanager#ResourceNotFoundException","message":"not here"}"#,
            code: .notFound,
            awsCode: "ResourceNotFoundException",
            awsMessage: "not here",
            requestId: "req-json"
        ),
        Case(
            name: "JSON with capitalised Message",
            status: 400,
            body: #"{"__type":"InvalidRequestException","Message":"bad request"}"#,
            code: .clientFault,
            awsCode: "InvalidRequestException",
            awsMessage: "bad request"
        ),
        Case(
            name: "code only in x-amzn-ErrorType",
            status: 400,
            headers: [AWSHTTPHeader(name: "X-Amzn-ErrorType", value: "ValidationException:http://internal/")],
            body: "{}",
            code: .clientFault,
            awsCode: "ValidationException"
        ),
        Case(
            name: "Pod Identity agent style lower-case code",
            status: 404,
            body: #"{"code":"NotFound","message":"nothing"}"#,
            code: .clientFault,
            awsCode: "NotFound",
            awsMessage: "nothing"
        ),
        Case(
            name: "moto XML auth error on a JSON service",
            status: 403,
            body: "<ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature "
                + "we calculated does not match</Message></Error></Errors><RequestId>req-moto</RequestId>"
                + "</ErrorResponse>",
            code: .credentials,
            awsCode: "SignatureDoesNotMatch",
            awsMessage: "The request signature we calculated does not match",
            requestId: "req-moto"
        ),
        Case(
            name: "STS XML error",
            status: 403,
            body: "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                + "<Code>InvalidClientTokenId</Code><Message>The security token is invalid &amp; unknown</Message>"
                + "</Error><RequestId>req-sts</RequestId></ErrorResponse>",
            code: .credentials,
            awsCode: "InvalidClientTokenId",
            awsMessage: "The security token is invalid & unknown",
            requestId: "req-sts"
        ),
        Case(
            name: "proxy HTML page",
            status: 502,
            body: "<html><body>Bad Gateway</body></html>",
            code: .serverFault
        ),
        Case(name: "empty 503", status: 503, body: "", code: .serverFault),
        Case(name: "bare 429", status: 429, body: "", code: .throttled),
        Case(name: "3xx without redirect", status: 301, body: "", code: .invalidResponse),
    ]

    @Test("reads code, message and request ID", arguments: Self.cases)
    func parses(_ testCase: Case) async throws {
        let transport = FakeTransport(
            always: AWSHTTPResponse(status: testCase.status, headers: testCase.headers, body: Array(testCase.body.utf8))
        )
        let clock = ManualClock(sleepsAdvance: true)
        let client = try Fixtures.secretsManager(transport, clock: clock)
        let error = try await #require(throws: AWSError.self) {
            try await client.getSecretValue(.init(secretId: "db"), deadline: Fixtures.deadline(clock))
        }
        #expect(error.code == testCase.code)
        #expect(error.awsErrorCode == testCase.awsCode)
        #expect(error.requestId == testCase.requestId)
        #expect(error.httpStatus == testCase.status)
        #expect(error.service == "secretsmanager")
        #expect(error.operation == "GetSecretValue")
        #expect(error.region == "us-east-1")
        if let message = testCase.awsMessage {
            #expect(error.message.contains(message))
        }
        #expect(!error.message.contains("<html>"))
    }

    @Test("shortens a very long AWS message")
    func shortensMessages() async throws {
        let long = String(repeating: "x", count: 2000)
        let transport = FakeTransport(always: Fixtures.json(#"{"__type":"Oops","message":"\#(long)"}"#, status: 400))
        let clock = ManualClock(sleepsAdvance: true)
        let client = try Fixtures.secretsManager(transport, clock: clock)
        let error = try await #require(throws: AWSError.self) {
            try await client.getSecretValue(.init(secretId: "db"), deadline: Fixtures.deadline(clock))
        }
        #expect(error.message.contains(String(repeating: "x", count: 512) + "…"))
        #expect(!error.message.contains(String(repeating: "x", count: 513)))
    }
}

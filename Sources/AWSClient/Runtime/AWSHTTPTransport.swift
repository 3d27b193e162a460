// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// Sends one HTTP request and returns the answer: the seam between the AWS clients and the network.
///
/// ``HTTPClientTransport`` is the production implementation. Tests use a hand-written fake, often a closure:
///
/// ```swift
/// struct FakeTransport: AWSHTTPTransport {
///     let answer: @Sendable (AWSHTTPRequest) async throws -> AWSHTTPResponse
///     func execute(_ request: AWSHTTPRequest, deadline: ContinuousClock.Instant) async throws -> AWSHTTPResponse {
///         try await self.answer(request)
///     }
/// }
/// ```
public protocol AWSHTTPTransport: Sendable {
    /// Sends `request` and returns the whole answer, whatever its status.
    ///
    /// - Parameters:
    ///   - request: The request, already signed.
    ///   - deadline: When to give up.
    /// - Returns: The answer, including 4xx and 5xx answers.
    /// - Throws: An ``AWSError`` with code ``AWSError/Code/timeout`` when the deadline or a transport timeout
    ///   passes, ``AWSError/Code/network`` when the exchange fails, or `CancellationError`. Any other error is
    ///   treated as a network failure.
    func execute(_ request: AWSHTTPRequest, deadline: ContinuousClock.Instant) async throws -> AWSHTTPResponse
}

/// One HTTP header line.
public struct AWSHTTPHeader: Sendable, Hashable {
    /// The header name.
    public var name: String
    /// The header value.
    public var value: String

    /// Creates a header line.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// An HTTP request to send.
public struct AWSHTTPRequest: Sendable, Hashable {
    /// The HTTP method, such as `POST`.
    public var method: String
    /// The absolute URL, such as `https://secretsmanager.us-east-1.amazonaws.com/`.
    public var url: String
    /// The header lines in order.
    public var headers: [AWSHTTPHeader]
    /// The body.
    public var body: [UInt8]

    /// Creates a request.
    public init(method: String, url: String, headers: [AWSHTTPHeader], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The value of the first header named `name` (case-insensitive), if any.
    public func header(_ name: String) -> String? {
        self.headers.first { $0.name.caseInsensitiveEquals(name) }?.value
    }
}

/// An HTTP answer.
public struct AWSHTTPResponse: Sendable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// The header lines in order.
    public var headers: [AWSHTTPHeader]
    /// The body.
    public var body: [UInt8]

    /// Creates an answer.
    public init(status: Int, headers: [AWSHTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header named `name` (case-insensitive), if any.
    public func header(_ name: String) -> String? {
        self.headers.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// Whether the status is 2xx.
    var isSuccess: Bool {
        (200..<300).contains(self.status)
    }
}

extension String {
    /// ASCII case-insensitive equality, as HTTP header names compare.
    func caseInsensitiveEquals(_ other: String) -> Bool {
        self.utf8.count == other.utf8.count
            && zip(self.utf8, other.utf8).allSatisfy { Self.asciiLowercased($0) == Self.asciiLowercased($1) }
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}

extension AWSHTTPResponse {
    /// The AWS request ID header, if present.
    var requestId: String? {
        self.header("x-amzn-RequestId") ?? self.header("x-amz-request-id")
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSSigV4
import Coordination
import Logging

/// A request before the runtime adds `Host`, signs it and adds `User-Agent`.
struct AWSRequest: Sendable {
    /// The HTTP method.
    var method: String
    /// Where it goes.
    var endpoint: AWSEndpoint
    /// The headers besides `Host`, `User-Agent` and the signature's.
    var headers: [AWSHTTPHeader]
    /// The body.
    var body: [UInt8]
}

/// How a request is signed: with which signer and whose credentials.
struct RequestSigning: Sendable {
    /// The signer for the service and region.
    var signer: SigV4Signer
    /// The source of the credentials.
    var credentials: any CredentialProvider
}

extension AWSClientRuntime {
    /// Sends a request with the standard retry mode and returns the first 2xx answer.
    ///
    /// Each attempt is signed anew (a fresh date, current credentials). Retries need a retryable failure, an attempt
    /// left, tokens in the retry quota of `retryQuota` for the operation's service and region, and enough time to
    /// wait the backoff before `deadline`; no wait ever ends past the deadline. Cancellation stops the call at once.
    ///
    /// - Parameters:
    ///   - request: The request.
    ///   - operation: The call, for errors and logs.
    ///   - signing: How to sign, or `nil` to send unsigned (STS AssumeRoleWithWebIdentity, Pod Identity agent).
    ///   - retryQuota: Whose retry quota the call's retries spend.
    ///   - maxAttempts: A lower attempt limit for this call, if any.
    ///   - deadline: When to give up.
    ///   - logger: Where to log at debug and trace level; never a header, body or token.
    /// - Returns: The 2xx answer.
    /// - Throws: ``AWSError`` or `CancellationError`.
    func send(
        _ request: AWSRequest,
        operation: AWSOperation,
        signing: RequestSigning?,
        retryQuota: RetryQuotaScope,
        maxAttempts: Int? = nil,
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async throws -> AWSHTTPResponse {
        var logger = logger
        logger[metadataKey: "aws.service"] = "\(operation.service.signingName)"
        logger[metadataKey: "aws.operation"] = "\(operation.name)"
        logger[metadataKey: "aws.region"] = "\(operation.region)"
        let attemptLimit = min(maxAttempts ?? self.retryStrategy.maxAttempts, self.retryStrategy.maxAttempts)
        let retryTokens = self.retryQuotas.bucket(for: retryQuota, service: operation.service, region: operation.region)
        var acquiredTokens = 0
        var attempt = 1
        var lastFailure: AWSError?
        while true {
            try Task.checkCancellation()
            guard self.clock.now() < deadline else {
                throw lastFailure ?? self.deadlineError(operation: operation)
            }
            let outgoing = try await self.prepare(request, operation: operation, signing: signing)
            logger.trace("Sending AWS request", metadata: ["aws.attempt": "\(attempt)"])
            let failure: AWSError
            let sent = ContinuousClock.now
            do {
                let response = try await self.transport.execute(outgoing, deadline: deadline)
                if response.isSuccess {
                    AWSCallMetrics.record(operation, outcome: "success", since: sent)
                    retryTokens.recordSuccess(acquired: acquiredTokens)
                    logger.debug(
                        "AWS call succeeded",
                        metadata: ["aws.attempt": "\(attempt)", "aws.request_id": "\(response.requestId ?? "")"]
                    )
                    return response
                }
                failure = AWSErrorParser.error(for: response, operation: operation)
            } catch is CancellationError {
                AWSCallMetrics.record(operation, outcome: "cancelled", since: sent)
                throw CancellationError()
            } catch {
                failure = self.transportFailure(error, operation: operation, endpoint: request.endpoint, deadline)
            }
            AWSCallMetrics.record(operation, outcome: "\(failure.code)", since: sent)
            guard
                let delay = self.retryDelay(
                    after: failure,
                    attempt: attempt,
                    attemptLimit: attemptLimit,
                    deadline: deadline,
                    retryTokens: retryTokens,
                    acquiredTokens: &acquiredTokens
                )
            else {
                logger.debug(
                    "AWS call failed",
                    metadata: ["aws.attempt": "\(attempt)", "error.code": "\(failure.code)"]
                )
                throw failure
            }
            logger.debug(
                "AWS call failed; retrying",
                metadata: [
                    "aws.attempt": "\(attempt)", "error.code": "\(failure.code)",
                    "aws.error_code": "\(failure.awsErrorCode ?? "")", "aws.backoff": "\(delay)",
                ]
            )
            try await self.clock.sleep(for: delay)
            lastFailure = failure
            attempt += 1
        }
    }

    /// The wait before the next attempt, taking its retry tokens, or `nil` if the call must not be retried.
    private func retryDelay(
        after failure: AWSError,
        attempt: Int,
        attemptLimit: Int,
        deadline: ContinuousClock.Instant,
        retryTokens: RetryTokenBucket,
        acquiredTokens: inout Int
    ) -> Duration? {
        guard attempt < attemptLimit, self.retryStrategy.isRetryable(failure) else { return nil }
        let delay = self.retryStrategy.backoff(beforeRetry: attempt)
        // A retry that could only start at or after the deadline would fail anyway; keep the real cause instead.
        guard self.clock.now() + delay < deadline else { return nil }
        guard let cost = retryTokens.acquire(afterTimeout: failure.code == .timeout) else { return nil }
        acquiredTokens += cost
        return delay
    }

    /// The request to send: `Host`, the request's own headers, the signature's headers, then `User-Agent`.
    private func prepare(
        _ request: AWSRequest,
        operation: AWSOperation,
        signing: RequestSigning?
    ) async throws -> AWSHTTPRequest {
        var headers = [AWSHTTPHeader(name: "Host", value: request.endpoint.host)] + request.headers
        if let signing {
            let credentials = try await self.credentials(from: signing.credentials, operation: operation)
            let unsigned = SigV4Request(
                method: request.method,
                path: request.endpoint.path,
                headers: headers.map { SigV4Request.Header(name: $0.name, value: $0.value) },
                payload: .bytes(request.body)
            )
            do {
                let signed = try signing.signer.sign(unsigned, credentials: credentials, date: self.clock.date())
                headers = signed.headers.map { AWSHTTPHeader(name: $0.name, value: $0.value) }
            } catch {
                throw operation.error(.credentials, "\(operation.summary) could not be signed: \(error.message)")
            }
        }
        headers.append(AWSHTTPHeader(name: "User-Agent", value: self.configuration.userAgent))
        return AWSHTTPRequest(method: request.method, url: request.endpoint.url, headers: headers, body: request.body)
    }

    private func credentials(
        from provider: any CredentialProvider,
        operation: AWSOperation
    ) async throws -> AWSCredentials {
        do {
            return try await provider.credentials()
        } catch let error as AWSError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw operation.error(.credentials, "\(operation.summary) could not get AWS credentials.", cause: error)
        }
    }

    private func transportFailure(
        _ error: any Error,
        operation: AWSOperation,
        endpoint: AWSEndpoint,
        _ deadline: ContinuousClock.Instant
    ) -> AWSError {
        let code = (error as? AWSError)?.code ?? .network
        let message: String
        switch code {
        case .timeout where self.clock.now() >= deadline:
            message = "\(operation.summary) did not complete before its deadline (endpoint \(endpoint.host))."
        case .timeout:
            message = "\(operation.summary) timed out talking to \(endpoint.host)."
        case .invalidResponse:
            message = "\(operation.summary) got an answer from \(endpoint.host) that could not be read."
        default:
            message = "\(operation.summary) could not reach \(endpoint.host); the connection failed."
        }
        return operation.error(code == .timeout || code == .invalidResponse ? code : .network, message, cause: error)
    }

    private func deadlineError(operation: AWSOperation) -> AWSError {
        operation.error(.timeout, "\(operation.summary) was not attempted: its deadline had passed.")
    }
}

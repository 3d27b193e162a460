// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import Coordination
import CoreMetrics
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

extension KubernetesClient {
    /// One answer of the API server.
    private struct Answer {
        var status: Int
        var retryAfter: Duration?
        var body: [UInt8]
    }

    /// GETs `object` and returns the body of the 2xx answer, retrying 429s, 5xx answers and failed connections.
    ///
    /// - Throws: ``KubernetesError`` naming the object, or `CancellationError`.
    func get(_ object: KubernetesObjectReference, deadline: ContinuousClock.Instant) async throws -> [UInt8] {
        try object.validate()
        var logger = self.logger
        logger[metadataKey: "kubernetes.method"] = "GET"
        logger[metadataKey: "kubernetes.path"] = "\(object.path)"
        var attempt = 1
        var reloadedToken = false
        var lastFailure: KubernetesError?
        while true {
            try Task.checkCancellation()
            let waited: Duration
            do {
                waited = try await self.limiter.waitForToken(deadline: deadline, object: object.display)
            } catch let error as KubernetesError {
                // On a retry, the earlier failure says more than the rate limit does.
                throw lastFailure ?? error
            }
            let started = self.clock.now()
            guard started < deadline else {
                throw lastFailure
                    ?? KubernetesError(
                        code: .timeout,
                        message: "the request for \(object.display) was not sent to the Kubernetes API: its deadline "
                            + "had passed",
                        resource: object.resource
                    )
            }
            let token = try self.tokens.token()
            let failure: KubernetesError
            var retryAfter: Duration?
            do {
                let answer = try await self.send(object, token: token, deadline: deadline)
                self.log(
                    logger,
                    object,
                    attempt: attempt,
                    started: started,
                    waited: waited,
                    outcome: "\(answer.status)"
                )
                if (200..<300).contains(answer.status) {
                    return answer.body
                }
                if answer.status == 401, self.tokens.isFile, !reloadedToken {
                    // The kubelet may have rotated the token since it was last read: read it again, and retry once
                    // (without counting an attempt) if it changed.
                    reloadedToken = true
                    if let fresh = try? self.tokens.token(reload: true), fresh != token {
                        continue
                    }
                }
                failure = KubernetesResponse.error(
                    status: answer.status,
                    body: answer.body,
                    object: object,
                    credentials: self.configuration.credentials,
                    attempts: attempt
                )
                retryAfter = answer.retryAfter
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                if Task.isCancelled {
                    throw CancellationError()
                }
                failure = self.transportFailure(error, object: object, deadline: deadline, attempts: attempt)
                self.log(logger, object, attempt: attempt, started: started, waited: waited, outcome: "\(failure.code)")
            }
            let delay = Self.retryDelay(
                after: failure,
                retryAfter: retryAfter,
                attempt: attempt,
                now: self.clock.now(),
                deadline: deadline
            )
            guard let delay else {
                throw failure
            }
            logger.debug(
                "Retrying Kubernetes request",
                metadata: [
                    "kubernetes.attempt": "\(attempt)", "error.code": "\(failure.code)",
                    "kubernetes.backoff": "\(delay)",
                ]
            )
            try await self.clock.sleep(for: delay)
            lastFailure = failure
            attempt += 1
        }
    }

    /// The wait before the next attempt, or nil when `failure` is final: not retryable (only 429, 5xx and network
    /// failures are), out of attempts, or the wait (the server's `Retry-After`, else a short jittered backoff of
    /// 200 ms, then 400 ms) would reach the deadline.
    static func retryDelay(
        after failure: KubernetesError,
        retryAfter: Duration?,
        attempt: Int,
        now: ContinuousClock.Instant,
        deadline: ContinuousClock.Instant
    ) -> Duration? {
        guard attempt < Self.maximumAttempts, failure.code == .serverError || failure.code == .network else {
            return nil
        }
        let backoff = Duration.milliseconds(200 * (1 << (attempt - 1))) * Double.random(in: 0.8...1.2)
        let delay = retryAfter ?? backoff
        guard now + delay < deadline else { return nil }
        return delay
    }

    /// The delay a `Retry-After` header asks for, if it holds a number of seconds (the HTTP-date form is ignored).
    static func retryAfter(_ header: String?) -> Duration? {
        guard let header, let seconds = Int(header.filter { !$0.isWhitespace }), seconds >= 0 else { return nil }
        return .seconds(seconds)
    }

    private func send(
        _ object: KubernetesObjectReference,
        token: String?,
        deadline: ContinuousClock.Instant
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: self.baseURL + object.path)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: self.userAgent)
        if let token {
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        let remaining = deadline - self.clock.now()
        let response = try await self.http.execute(request, deadline: .now() + TimeAmount(remaining))
        let body = try await response.body.collect(upTo: self.configuration.maximumResponseBytes)
        let retryAfter = Self.retryAfter(response.headers.first(name: "Retry-After"))
        return Answer(status: Int(response.status.code), retryAfter: retryAfter, body: Array(body.readableBytesView))
    }

    private static let timeouts: [HTTPClientError] = [
        .deadlineExceeded, .readTimeout, .writeTimeout, .getConnectionFromPoolTimeout,
    ]

    /// The error for a request that got no complete answer.
    private func transportFailure(
        _ error: any Error,
        object: KubernetesObjectReference,
        deadline: ContinuousClock.Instant,
        attempts: Int
    ) -> KubernetesError {
        let server = self.configuration.server
        let timedOut = (error as? HTTPClientError).map { Self.timeouts.contains($0) } ?? false
        if timedOut || self.clock.now() >= deadline {
            return KubernetesError(
                code: .timeout,
                message: "the Kubernetes API at \(server) did not answer the request for \(object.display) before "
                    + "its deadline",
                resource: object.resource,
                cause: error
            )
        }
        if error is NIOTooManyBytesError {
            return KubernetesError(
                code: .invalidResponse,
                message: "the Kubernetes API's answer for \(object.display) is larger than "
                    + "\(self.configuration.maximumResponseBytes) bytes",
                resource: object.resource,
                cause: error
            )
        }
        let tries = attempts == 1 ? "" : " (\(attempts) attempts)"
        let hint =
            error is NIOSSLError || error is BoringSSLError
            ? "; the TLS handshake failed: check the certificate authority of \(self.configuration.source)" : ""
        return KubernetesError(
            code: .network,
            message: "cannot reach the Kubernetes API at \(server) to read \(object.display)\(tries): \(error)\(hint)",
            resource: object.resource,
            cause: error
        )
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        Int((duration.seconds * 1000).rounded())
    }

    /// Logs one attempt at debug level and counts it by resource kind and outcome (an HTTP status or an error code).
    private func log(
        _ logger: Logger,
        _ object: KubernetesObjectReference,
        attempt: Int,
        started: ContinuousClock.Instant,
        waited: Duration,
        outcome: String
    ) {
        let elapsed = self.clock.now() - started
        Counter(
            label: "secrets_provider_kubernetes_requests_total",
            dimensions: [("resource", object.plural), ("outcome", outcome)]
        ).increment()
        Timer(label: "secrets_provider_kubernetes_request_duration_seconds", dimensions: [("resource", object.plural)])
            .recordSeconds(elapsed / .seconds(1))
        logger.debug(
            "Kubernetes request",
            metadata: [
                "kubernetes.attempt": "\(attempt)",
                "kubernetes.status": "\(outcome)",
                "kubernetes.duration_ms": "\(Self.milliseconds(elapsed))",
                "kubernetes.rate_limit_wait_ms": "\(Self.milliseconds(waited))",
            ]
        )
    }
}

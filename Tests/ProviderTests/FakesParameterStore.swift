// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Logging
import Synchronization

/// An in-memory SSM Parameter Store for one region: parameters with numbered versions and labels, an injected
/// `GetParameters` error, and a log of every batch with the credential source that signed it.
///
/// It answers as AWS does: at most 10 names a call, parameters in an order of its own (here reversed), `Name`
/// without the selector, `Selector` echoed (`:3`, `:blue`), the ARN, and every unknown name, version or label in
/// `InvalidParameters` exactly as it was sent.
final class FakeParameterStore: Sendable {
    /// One stored version.
    struct Version: Sendable {
        var value: String
        var labels: [String]
    }

    fileprivate struct StoredParameter: Sendable {
        var name: String
        var arn: String
        var versions: [Version]
    }

    fileprivate struct State: Sendable {
        var parameters: [String: StoredParameter] = [:]
        var error: AWSError?
        var batches: [(selectors: [ParameterSelector], signer: String)] = []
        var pathPages: [(path: String, recursive: Bool, signer: String)] = []
        var pathError: AWSError?
    }

    /// The region served.
    let region: String
    /// Counts calls in flight when set.
    let probe: ConcurrencyProbe?
    /// How long each call takes when ``probe`` is set.
    let hold: Duration
    private let state = Mutex(State())

    /// Creates an empty region.
    init(region: String, probe: ConcurrencyProbe? = nil, hold: Duration = .milliseconds(100)) {
        self.region = region
        self.probe = probe
        self.hold = hold
    }

    /// The parameter's ARN in this region (`/app/db` → `…:parameter/app/db`, `app-db` → `…:parameter/app-db`).
    func arn(of name: String) -> String {
        "arn:aws:ssm:\(self.region):123456789012:parameter" + (name.hasPrefix("/") ? name : "/" + name)
    }

    /// Adds the next version of `name` (versions count from 1) with `labels`, which move to it from older versions.
    func put(_ name: String, _ value: String, labels: [String] = []) {
        self.state.withLock { state in
            var parameter =
                state.parameters[name] ?? StoredParameter(name: name, arn: self.arn(of: name), versions: [])
            for index in parameter.versions.indices {
                parameter.versions[index].labels.removeAll(where: labels.contains)
            }
            parameter.versions.append(Version(value: value, labels: labels))
            state.parameters[name] = parameter
        }
    }

    /// Makes every `GetParameters` call fail with `error` (nil to stop).
    func fail(with error: AWSError?) {
        self.state.withLock { $0.error = error }
    }

    /// Makes every `GetParametersByPath` call fail with `error` (nil to stop).
    func failListing(with error: AWSError?) {
        self.state.withLock { $0.pathError = error }
    }

    /// Removes `name`.
    func delete(_ name: String) {
        _ = self.state.withLock { $0.parameters.removeValue(forKey: name) }
    }

    /// The path and recursion of every `GetParametersByPath` page asked for, in order.
    var pathPages: [(path: String, recursive: Bool)] {
        self.state.withLock { $0.pathPages.map { ($0.path, $0.recursive) } }
    }

    /// The selectors of every call, in order.
    var batches: [[ParameterSelector]] {
        self.state.withLock { $0.batches.map(\.selectors) }
    }

    /// The label of the credential source that signed each call.
    var signers: [String] {
        self.state.withLock { $0.batches.map(\.signer) }
    }

    /// A client of this region signing with `credentials`.
    func client(credentials: any CredentialProvider) -> any ParameterStoreAPI {
        Client(backend: self, credentials: credentials)
    }

    private struct Client: ParameterStoreAPI {
        let backend: FakeParameterStore
        let credentials: any CredentialProvider

        var region: String { self.backend.region }

        func getParameters(_ selectors: [ParameterSelector], deadline: ContinuousClock.Instant, logger: Logger?)
            async throws -> GetParametersResult
        {
            try await self.backend.serve(selectors, signer: self.credentials)
        }

        func getParametersByPath(
            _ path: String,
            recursive: Bool,
            nextToken: String?,
            deadline: ContinuousClock.Instant,
            logger: Logger?
        ) async throws -> ParametersPage {
            try await self.backend.page(path, recursive: recursive, nextToken: nextToken, signer: self.credentials)
        }
    }

    /// One page of 10 of the parameters under `path` in name order, as AWS pages them: the token is the position
    /// of the next page.
    private func page(_ path: String, recursive: Bool, nextToken: String?, signer: any CredentialProvider)
        async throws -> ParametersPage
    {
        let label = (signer as? FakeCredentialProvider)?.label ?? "\(type(of: signer))"
        self.state.withLock { $0.pathPages.append((path, recursive, label)) }
        _ = try await signer.credentials()
        let state = self.state.withLock { $0 }
        if let error = state.pathError {
            throw error
        }
        let prefix = path == "/" ? "/" : path + "/"
        let names = state.parameters.keys.sorted().filter { name in
            name.hasPrefix(prefix) && (recursive || !name.dropFirst(prefix.count).contains("/"))
        }
        let start = Int(nextToken ?? "0") ?? 0
        let end = min(start + ParameterStoreClient.pageLimit, names.count)
        let parameters = names[start..<end].compactMap { name -> Parameter? in
            guard let parameter = state.parameters[name], let last = parameter.versions.last else { return nil }
            let version = parameter.versions.count
            return Parameter(
                name: name,
                value: last.value,
                version: version,
                arn: parameter.arn,
                selector: nil,
                type: "String"
            )
        }
        return ParametersPage(parameters: parameters, nextToken: end < names.count ? String(end) : nil)
    }

    private func serve(_ selectors: [ParameterSelector], signer: any CredentialProvider) async throws
        -> GetParametersResult
    {
        let label = (signer as? FakeCredentialProvider)?.label ?? "\(type(of: signer))"
        self.state.withLock { $0.batches.append((selectors, label)) }
        _ = try await signer.credentials()
        func respond() throws -> GetParametersResult {
            guard (1...10).contains(selectors.count) else {
                throw AWSError(
                    code: .invalidRequest,
                    message: "GetParameters takes 1 to 10 names, not \(selectors.count)",
                    service: "ssm",
                    operation: "GetParameters",
                    region: self.region
                )
            }
            let state = self.state.withLock { $0 }
            if let error = state.error {
                throw error
            }
            return state.answer(selectors)
        }
        if let probe = self.probe {
            return try await probe.measure(hold: self.hold, respond)
        }
        return try respond()
    }
}

extension FakeParameterStore.State {
    fileprivate func answer(_ selectors: [ParameterSelector]) -> GetParametersResult {
        var result = GetParametersResult(parameters: [], invalidParameters: [])
        for selector in selectors {
            let parameter =
                self.parameters[selector.name] ?? self.parameters.values.first(where: { $0.arn == selector.name })
            let number: Int? = parameter.flatMap { parameter in
                if let version = selector.version {
                    return parameter.versions.indices.contains(version - 1) ? version : nil
                }
                if let label = selector.label {
                    return parameter.versions.lastIndex(where: { $0.labels.contains(label) }).map { $0 + 1 }
                }
                return parameter.versions.count
            }
            guard let parameter, let number else {
                result.invalidParameters.append(selector.description)
                continue
            }
            result.parameters.append(
                Parameter(
                    name: parameter.name,
                    value: parameter.versions[number - 1].value,
                    version: number,
                    arn: parameter.arn,
                    selector: selector.version.map { ":\($0)" } ?? selector.label.map { ":\($0)" },
                    type: "SecureString"
                )
            )
        }
        result.parameters.reverse()
        return result
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Logging
import SecretProviderClass

/// Fetches SSM parameters in one region, in `GetParameters` batches of at most 10 distinct selectors, and matches
/// each answer back to its objects by name (or ARN) and selector, so two labels of one parameter never mix and an
/// ARN name never goes unmatched.
struct ParameterStoreFetcher: Sendable {
    let client: any ParameterStoreAPI
    let logger: Logger

    /// The distinct selectors of `references`, in their order, in batches of at most ``ParameterStoreClient/batchLimit``.
    func batches(of references: [ObjectReference]) -> [[ParameterSelector]] {
        var selectors: [ParameterSelector] = []
        var seen: Set<ParameterSelector> = []
        for reference in references {
            let selector = Self.selector(for: reference)
            if seen.insert(selector).inserted {
                selectors.append(selector)
            }
        }
        let size = ParameterStoreClient.batchLimit
        return stride(from: 0, to: selectors.count, by: size).map {
            Array(selectors[$0..<min($0 + size, selectors.count)])
        }
    }

    /// One `GetParameters` call for `batch`: the result of each selector.
    func fetch(
        _ batch: [ParameterSelector],
        deadline: ContinuousClock.Instant
    ) async -> [ParameterSelector: RegionResult] {
        let region = self.client.region
        let result: GetParametersResult
        do {
            result = try await self.client.getParameters(batch, deadline: deadline, logger: self.logger)
        } catch {
            let failure = FetchFailure(error, region: region)
            return Dictionary(uniqueKeysWithValues: batch.map { ($0, .failure(failure)) })
        }
        var answers: [ParameterSelector: RegionResult] = [:]
        for selector in batch {
            if let parameter = result.parameters.first(where: { Self.answers($0, selector) }) {
                answers[selector] = .success(
                    FetchedValue(bytes: Array(parameter.value.utf8), version: String(parameter.version), region: region)
                )
            } else if result.invalidParameters.contains(where: { $0 == selector.description || $0 == selector.name }) {
                answers[selector] = .failure(
                    FetchFailure(
                        region: region,
                        code: .notFound,
                        isClientFault: true,
                        message: "SSM GetParameters in \(region) reports \(selector) as an invalid parameter: no such "
                            + "parameter, version or label"
                    )
                )
            } else {
                answers[selector] = .failure(
                    FetchFailure(
                        region: region,
                        code: .fetchFailed,
                        isClientFault: false,
                        message: "SSM GetParameters in \(region) answered without \(selector)"
                    )
                )
            }
        }
        return answers
    }

    /// Every parameter `wildcard` matches, with its current value (`GetParametersByPath` of its path, every page).
    /// A refusal names the permission a wildcard needs.
    func list(_ listing: WildcardListing, deadline: ContinuousClock.Instant) async -> RegionResult {
        var listing = listing
        let wildcard = listing.wildcard
        let region = self.client.region
        // The path starts with `/` (the root path is `/` itself), so the resource is `parameter/app/prod` or `parameter/`.
        let resource = "arn:aws:ssm:\(region):<account>:parameter" + wildcard.path
        let denied =
            "SSM GetParametersByPath of \(UserText.shown(wildcard.path)) in \(region), for the wildcard "
            + "\(UserText.shown(wildcard.pattern)), was denied: a wildcard needs ssm:GetParametersByPath on "
            + "\(UserText.shown(resource)) (and kms:Decrypt on the keys of its SecureString parameters)"
        return await listing.run(denied: denied) { token in
            let page = try await self.client.getParametersByPath(
                wildcard.path,
                recursive: wildcard.scope == .descendants,
                nextToken: token,
                deadline: deadline,
                logger: self.logger
            )
            return ListingPage(
                values: page.parameters.map {
                    MatchedValue(name: $0.name, bytes: Array($0.value.utf8), version: String($0.version))
                },
                nextToken: page.nextToken
            )
        }
    }

    /// The `GetParameters` name for `reference`: `name`, `name:version` or `name:label`.
    ///
    /// The plan makes an SSM `objectVersion` that is not a number the reference's label; a version that still is
    /// not one is sent as a label too (`name:<objectVersion>`, as the incumbent sends it), never dropped.
    static func selector(for reference: ObjectReference) -> ParameterSelector {
        if let version = reference.version {
            guard let number = Int(version) else {
                return ParameterSelector(name: reference.name, label: version)
            }
            return ParameterSelector(name: reference.name, version: number)
        }
        if let label = reference.versionLabel {
            return ParameterSelector(name: reference.name, label: label)
        }
        return ParameterSelector(name: reference.name)
    }

    /// Whether `parameter` is the answer to `selector`: the same parameter (by name, or by ARN when the selector
    /// names one) and the same selector suffix.
    static func answers(_ parameter: Parameter, _ selector: ParameterSelector) -> Bool {
        let wanted = selector.version.map { ":\($0)" } ?? selector.label.map { ":\($0)" } ?? ""
        let sameSelector: Bool
        if let given = parameter.selector, !given.isEmpty {
            sameSelector = given == wanted
        } else {
            // AWS echoes the selector of every name sent with one; an answer without it is for a name without a
            // label (and, if a version was asked for, only of that version).
            sameSelector = selector.label == nil && (selector.version.map { $0 == parameter.version } ?? true)
        }
        let names = Self.requestNames(parameter)
        return sameSelector
            && (names.contains(selector.name) || Self.parameterName(fromARN: selector.name).contains(parameter.name))
    }

    /// The names a request may have used for `parameter`: its name and, when AWS sent it, its ARN.
    private static func requestNames(_ parameter: Parameter) -> Set<String> {
        var names: Set<String> = [parameter.name]
        if let arn = parameter.arn {
            names.insert(arn)
        }
        return names
    }

    /// `/app/db` (or `app-db`) for `arn:aws:ssm:…:parameter/app/db` (or `…:parameter/app-db`).
    static func parameterName(fromARN name: String) -> [String] {
        guard let arn = AmazonResourceName(name), arn.service == "ssm", arn.resource.hasPrefix("parameter/") else {
            return []
        }
        let path = String(arn.resource.dropFirst("parameter".count))
        return [path, String(path.dropFirst())]
    }
}

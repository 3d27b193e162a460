// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import PodVolume
import SecretProviderClass

/// Builds the one error of a mount in which objects failed: every failed object with its region and real cause.
enum MountFailure {
    /// One failed object or template.
    struct Entry: Sendable {
        /// `secretsmanager db (file db)` or `template app.env (objects[3])`.
        let subject: String
        let code: ProviderError.Code
        let reasons: [String]
    }

    /// The order in which codes win when objects failed for different reasons: what the user must fix first.
    private static let precedence: [ProviderError.Code] = [
        .permissionDenied, .notFound, .invalidRequest, .deadlineExceeded, .fetchFailed, .writeFailed,
        .kubernetesFailed,
    ]

    /// The entry for an object whose fetch failed in one or both regions.
    static func entry(_ object: PlannedObject, failures: [FetchFailure]) -> Entry {
        Entry(
            subject: Self.subject(object),
            code: Self.mostRelevant(failures.map(\.code)),
            reasons: failures.map { "\($0.region): \($0.message)" }
        )
    }

    /// The entry for an object whose value did not fit its `jmesPath` entries.
    static func entry(_ object: PlannedObject, render: RenderFailure, region: String) -> Entry {
        Entry(subject: Self.subject(object), code: .invalidRequest, reasons: ["\(region): \(render.message)"])
    }

    /// The entry for a template that could not be rendered from the other files.
    static func entry(_ template: PlannedTemplate, render: RenderFailure) -> Entry {
        Entry(subject: template.description, code: .invalidRequest, reasons: [render.message])
    }

    /// The most failed objects listed in one message; the rest are counted.
    static let maximumListedObjects = 20

    /// The mount's error: `failed to mount 2 of 5 objects; nothing was written:` then one line per object (at most
    /// ``maximumListedObjects`` and 8 KiB in all, then a count of the rest).
    static func error(_ entries: [Entry], objectCount: Int) -> ProviderError {
        let lines = entries.lazy.map { entry in "- \(entry.subject): " + entry.reasons.joined(separator: "; ") }
        return ProviderError(
            code: Self.mostRelevant(entries.map(\.code)),
            message: "failed to mount \(entries.count) of \(objectCount) objects; nothing was written:\n"
                + BoundedListing.lines(
                    lines,
                    count: entries.count,
                    maximumLines: Self.maximumListedObjects,
                    noun: "objects"
                )
        )
    }

    /// The mount's error for an invalid request or SecretProviderClass; a missing or malformed service account token
    /// (the CSIDriver's `tokenRequests`) is a permission problem.
    static func error(_ error: SecretProviderClassError) -> ProviderError {
        let tokenProblem = error.problems.contains { $0.code == .missingToken || $0.code == .invalidTokens }
        let code: ProviderError.Code =
            error.code == .interrupted ? .deadlineExceeded : tokenProblem ? .permissionDenied : .invalidRequest
        return ProviderError(
            code: code,
            message: error.message,
            cause: error
        )
    }

    /// The mount's error for a target path that cannot be used, or files that could not be written.
    static func error(_ error: VolumeError) -> ProviderError {
        ProviderError(
            code: error.code == .invalidTarget ? .invalidRequest : .writeFailed,
            message: error.message,
            cause: error
        )
    }

    /// `secretsmanager db-creds (file db-creds)`, with `files matching /app/prod/*` or `file _app_prod_db, matched by
    /// /app/prod/*` for wildcards.
    private static func subject(_ object: PlannedObject) -> String {
        "\(object.primary.type.rawValue) \(object.primary.name) (\(Self.files(of: object)))"
    }

    /// `file db-creds`, `files matching /app/prod/*`, or `file _app_prod_db, matched by /app/prod/*`.
    private static func files(of object: PlannedObject) -> String {
        if let wildcard = object.wildcard {
            return "files matching \(UserText.shown(wildcard.pattern))"
        }
        return "file \(object.file.path)" + (object.matchedBy.map { ", matched by \(UserText.shown($0))" } ?? "")
    }

    private static func mostRelevant(_ codes: [ProviderError.Code]) -> ProviderError.Code {
        Self.precedence.first(where: codes.contains) ?? codes.first ?? .fetchFailed
    }
}

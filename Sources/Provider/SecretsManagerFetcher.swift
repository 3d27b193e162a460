// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Logging
import SecretProviderClass

/// Fetches Secrets Manager objects in one region, keeping a mounted file when its version is still the wanted one.
struct SecretsManagerFetcher: Sendable {
    /// The stage read when an object names neither a version nor a label.
    static let defaultStage = "AWSCURRENT"

    let client: any SecretsManagerAPI
    /// Reads a mounted file back (nil when it is missing).
    let readMounted: @Sendable (String) throws -> [UInt8]?
    let logger: Logger

    /// The value of `reference` for the file at `path`.
    ///
    /// With `mountedVersion` (the driver's `current_object_version` for the file), the file is kept when that
    /// version is still the wanted one: equal to a pinned `objectVersion` (no call), or carrying the wanted stage
    /// (one `DescribeSecret`). Otherwise, or when the file is missing, one `GetSecretValue`.
    func fetch(
        _ reference: ObjectReference,
        path: String,
        mountedVersion: String?,
        deadline: ContinuousClock.Instant
    ) async -> RegionResult {
        let region = self.client.region
        do {
            if let mountedVersion,
                try await self.isStillWanted(mountedVersion, of: reference, deadline: deadline),
                let bytes = try self.readMountedFile(path, region: region)
            {
                self.logger.debug(
                    "Mounted version is current; keeping the file",
                    metadata: ["object": "\(reference)", "aws.region": "\(region)", "version": "\(mountedVersion)"]
                )
                return .success(FetchedValue(bytes: bytes, version: mountedVersion, region: region, reused: true))
            }
            let value = try await self.client.getSecretValue(
                GetSecretValueRequest(
                    secretId: reference.name,
                    versionId: reference.version,
                    versionStage: reference.versionLabel
                ),
                deadline: deadline,
                logger: self.logger
            )
            return .success(
                FetchedValue(bytes: value.contents.bytes, version: value.versionId, region: region, reused: false)
            )
        } catch {
            return .failure(FetchFailure(error, region: region))
        }
    }

    private func isStillWanted(
        _ version: String,
        of reference: ObjectReference,
        deadline: ContinuousClock.Instant
    ) async throws -> Bool {
        if let pinned = reference.version {
            return pinned == version
        }
        let description = try await self.client.describeSecret(
            secretId: reference.name,
            deadline: deadline,
            logger: self.logger
        )
        let stage = reference.versionLabel ?? Self.defaultStage
        return description.versionIdsToStages[version]?.contains(stage) ?? false
    }

    private func readMountedFile(_ path: String, region: String) throws -> [UInt8]? {
        do {
            return try self.readMounted(path)
        } catch {
            throw FetchFailure(
                region: region,
                code: .writeFailed,
                isClientFault: false,
                message: "failed to read the mounted file \(path) back: \(error)"
            )
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import CSIProviderAPI
import Foundation
import GRPCCore
import Logging
import PodVolume
import Provider

/// The `v1alpha1.CSIDriverProvider` gRPC service: translates between the wire types and the provider layer.
struct CSIDriverProviderService: V1alpha1_CSIDriverProvider.ServiceProtocol {
    /// Serves `Mount` requests.
    let mountHandler: any MountHandling
    /// Tells whether an RPC cancellation comes from a graceful shutdown.
    let draining: DrainingState
    /// The base logger; each RPC gets a copy with its own metadata.
    let logger: Logger

    /// The methods that log their own `RPC finished` line (with the mount's ``RequestSummary``) instead of
    /// ``RequestLoggingInterceptor``.
    static let methodsLoggingThemselves: Set<MethodDescriptor> = [V1alpha1_CSIDriverProvider.Method.Mount.descriptor]

    /// Answers the driver's version probe.
    func version(
        request: ServerRequest<V1alpha1_VersionRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<V1alpha1_VersionResponse> {
        var response = V1alpha1_VersionResponse()
        response.version = ProviderInfo.apiVersion
        response.runtimeName = ProviderInfo.runtimeName
        response.runtimeVersion = ProviderInfo.version
        return ServerResponse(message: response)
    }

    /// Mounts the objects of one pod volume within the RPC's deadline; errors become statuses in ``RPCErrorMapping``.
    /// Logs the RPC's line with the ``RequestSummary`` of the result or the error.
    func mount(
        request: ServerRequest<V1alpha1_MountRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<V1alpha1_MountResponse> {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = GRPCTimeout.deadline(of: request.metadata)
        var logger = self.logger
        logger[metadataKey: "grpc.method"] = "Mount"
        let message = request.message
        let mountRequest = MountRequest(
            attributes: message.attributes,
            secrets: message.secrets,
            targetPath: message.targetPath,
            permission: message.permission,
            currentObjectVersions: message.currentObjectVersion.map { ObjectVersion(id: $0.id, version: $0.version) }
        )
        let result: MountResult
        do {
            result = try await RPCCancellation.run(
                deadline: deadline,
                cancelling: context.cancellation,
                unlessDraining: self.draining
            ) { [mountHandler, logger] in
                try await mountHandler.mount(mountRequest, deadline: deadline, logger: logger)
            }
        } catch {
            let rpcError = RPCErrorMapping.rpcError(for: error)
            let summary = (error as? ProviderError)?.summary ?? (error as? RPCCancellation.Cancelled)?.summary
            self.logFinished(code: "\(rpcError.code)", duration: clock.now - start, summary)
            throw rpcError
        }
        var response = V1alpha1_MountResponse()
        response.objectVersion = result.objectVersions.map { version in
            var wire = V1alpha1_ObjectVersion()
            wire.id = version.id
            wire.version = version.version
            return wire
        }
        response.files = result.files.map { file in
            var wire = V1alpha1_File()
            wire.path = file.path
            wire.mode = Int32(file.mode)
            wire.contents = file.contents.withUnsafeBufferPointer { Data($0) }
            return wire
        }
        self.logFinished(code: "ok", duration: clock.now - start, result.summary)
        return ServerResponse(message: response)
    }

    private func logFinished(code: String, duration: Duration, _ summary: RequestSummary?) {
        RequestLoggingInterceptor.log(
            self.logger,
            method: "Mount",
            code: code,
            duration: duration,
            metadata: summary?.metadata ?? [:]
        )
    }
}

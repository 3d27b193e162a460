// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import AWSSigV4
import Foundation
import Testing

/// Creates test data in the fake AWS with signed JSON 1.1 calls of its own, using the operations the product does not
/// have (CreateSecret, PutSecretValue, UpdateSecretVersionStage, PutParameter, LabelParameterVersion).
struct RigSeeder {
    /// A seeding call that the fake AWS refused.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let endpoint: String
    let region: String
    let credentials: AWSCredentials
    let transport: any AWSHTTPTransport

    /// Calls `<prefix>.<operation>` of `service` with `body` and returns the JSON answer.
    func call(service: String, target: String, _ body: [String: Any]) async throws -> [String: Any] {
        let payload = try JSONSerialization.data(withJSONObject: body)
        let host = String(self.endpoint.dropFirst("http://".count))
        let request = SigV4Request(
            method: "POST",
            headers: [
                .init(name: "Host", value: host),
                .init(name: "Content-Type", value: "application/x-amz-json-1.1"),
                .init(name: "X-Amz-Target", value: target),
            ],
            payload: .bytes(Array(payload))
        )
        let signed = try SigV4Signer(region: self.region, service: service)
            .sign(request, credentials: self.credentials, date: Date())
        let response = try await self.transport.execute(
            AWSHTTPRequest(
                method: "POST",
                url: self.endpoint + "/",
                headers: signed.headers.map { AWSHTTPHeader(name: $0.name, value: $0.value) },
                body: Array(payload)
            ),
            deadline: .now + .seconds(15)
        )
        guard response.status == 200 else {
            let text = String(decoding: response.body, as: UTF8.self)
            throw Failure(description: "\(target) failed with \(response.status): \(text)")
        }
        return try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
    }

    /// Creates a string or binary secret and returns its ARN and first version ID.
    func createSecret(
        name: String,
        string: String? = nil,
        binary: [UInt8]? = nil
    ) async throws -> (arn: String, versionId: String) {
        var body: [String: Any] = ["Name": name, "ClientRequestToken": UUID().uuidString]
        body["SecretString"] = string
        body["SecretBinary"] = binary.map { Data($0).base64EncodedString() }
        let answer = try await self.call(service: "secretsmanager", target: "secretsmanager.CreateSecret", body)
        return (try #require(answer["ARN"] as? String), try #require(answer["VersionId"] as? String))
    }

    /// Adds a version (made AWSCURRENT unless `stages` says otherwise) and returns its ID.
    func putSecretValue(name: String, string: String, stages: [String]? = nil) async throws -> String {
        var body: [String: Any] = ["SecretId": name, "SecretString": string, "ClientRequestToken": UUID().uuidString]
        body["VersionStages"] = stages
        let answer = try await self.call(service: "secretsmanager", target: "secretsmanager.PutSecretValue", body)
        return try #require(answer["VersionId"] as? String)
    }

    /// Moves a staging label to a version.
    func moveStage(name: String, stage: String, to versionId: String, from previous: String) async throws {
        _ = try await self.call(
            service: "secretsmanager",
            target: "secretsmanager.UpdateSecretVersionStage",
            ["SecretId": name, "VersionStage": stage, "MoveToVersionId": versionId, "RemoveFromVersionId": previous]
        )
    }

    /// Creates or overwrites a parameter and returns its new version.
    func putParameter(name: String, value: String, type: String = "String") async throws -> Int {
        let answer = try await self.call(
            service: "ssm",
            target: "AmazonSSM.PutParameter",
            ["Name": name, "Value": value, "Type": type, "Overwrite": true]
        )
        return try #require(answer["Version"] as? Int)
    }

    /// Attaches labels to a parameter version.
    func labelParameter(name: String, version: Int, labels: [String]) async throws {
        _ = try await self.call(
            service: "ssm",
            target: "AmazonSSM.LabelParameterVersion",
            ["Name": name, "ParameterVersion": version, "Labels": labels]
        )
    }
}

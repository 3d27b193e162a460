// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// The JSON shapes of the Secrets Manager operations. Property names are the wire names, so that the synthesized
// coding needs no key tables; optional inputs are left out of the JSON when nil.

/// `GetSecretValue` input.
struct WireGetSecretValueInput: Encodable {
    var SecretId: String
    var VersionId: String?
    var VersionStage: String?
}

/// `DescribeSecret` input.
struct WireSecretIdInput: Encodable {
    var SecretId: String
}

/// `BatchGetSecretValue` input.
struct WireBatchGetSecretValueInput: Encodable {
    var SecretIdList: [String]
    var NextToken: String?
}

/// `BatchGetSecretValue` input with filters.
struct WireBatchGetSecretValueFilterInput: Encodable {
    var Filters: [WireFilter]
    var MaxResults: Int
    var NextToken: String?
}

/// One filter of `BatchGetSecretValue` (and `ListSecrets`).
struct WireFilter: Encodable {
    var Key: String
    var Values: [String]
}

/// A secret version in `GetSecretValue` and `BatchGetSecretValue` output. `SecretBinary` is base64 in JSON;
/// `Data`'s decoding turns it back into the exact bytes.
struct WireSecretValue: Decodable {
    var Name: String?
    var ARN: String?
    var VersionId: String?
    var VersionStages: [String]?
    var SecretString: String?
    var SecretBinary: Data?

    /// The public value, or an ``AWSError/Code/invalidResponse`` error if a required field is missing.
    func secretValue(operation: String, region: String) throws(AWSError) -> SecretValue {
        guard let name = self.Name, let arn = self.ARN, let versionId = self.VersionId else {
            throw Self.missingFields(operation: operation, region: region)
        }
        let contents: SecretContents
        if let text = self.SecretString {
            contents = .string(text)
        } else if let bytes = self.SecretBinary {
            contents = .binary(Array(bytes))
        } else {
            throw Self.missingFields(operation: operation, region: region)
        }
        return SecretValue(
            name: name,
            arn: arn,
            versionId: versionId,
            versionStages: self.VersionStages ?? [],
            contents: contents
        )
    }

    /// The error for an answer without the fields every answer carries.
    static func missingFields(operation: String, region: String) -> AWSError {
        AWSError(
            code: .invalidResponse,
            message: "Secrets Manager \(operation) in \(region) answered without a name, ARN, version ID or value.",
            service: AWSService.secretsManager.signingName,
            operation: operation,
            region: region
        )
    }
}

/// `DescribeSecret` output (the fields used).
struct WireSecretDescription: Decodable {
    var Name: String?
    var ARN: String?
    var VersionIdsToStages: [String: [String]]?
}

/// One entry of `BatchGetSecretValue`'s `Errors`.
struct WireBatchError: Decodable {
    var SecretId: String?
    var ErrorCode: String?
    var Message: String?
}

/// `BatchGetSecretValue` output.
struct WireBatchGetSecretValueOutput: Decodable {
    var SecretValues: [WireSecretValue]?
    var Errors: [WireBatchError]?
    var NextToken: String?
}

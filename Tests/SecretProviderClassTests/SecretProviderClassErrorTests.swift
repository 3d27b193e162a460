// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Testing

struct SecretProviderClassErrorTests {
    @Test("codes have stable camelCase names")
    func codeNames() {
        let codes: [SecretProviderClassError.Code] = [
            .invalidAttributes, .invalidTokens, .missingToken, .invalidPermission, .invalidPathTranslation,
            .invalidUsePodIdentity, .invalidPreferredAddressType, .invalidRegion, .sameFailoverRegion,
            .missingRegion, .invalidAssumeRoleArn, .invalidAssumeRoleExternalId, .invalidAssumeRoleDuration,
            .assumeRoleWithoutArn, .invalidYAML, .yamlTooLarge, .yamlTooComplex, .invalidFieldType, .duplicateField,
            .emptyDescriptor, .noObjects, .missingObjectName, .invalidARN, .arnRegionMismatch, .missingObjectType,
            .invalidARNService, .invalidObjectType, .objectTypeMismatch, .ssmVersionAndLabel, .invalidSSMVersion,
            .ssmVersionIsLabel, .pathTraversal,
            .invalidFileName, .invalidFilePermission, .missingJMESPath, .missingJMESAlias, .invalidJMESPath,
            .missingFailoverAlias, .failoverWithoutRegion, .failoverVersionMismatch, .duplicateObject,
            .duplicateAlias, .fileCollision, .invalidManifest,
        ]
        #expect(Set(codes).count == codes.count)
        #expect(codes[0].description == "invalidAttributes")
        #expect(SecretProviderClassError.Code.invalidYAML.description == "invalidYAML")
        #expect(SecretProviderClassError.Code.arnRegionMismatch.description == "arnRegionMismatch")
    }

    @Test("one problem: code and quoted line; several: a count and one indented line each")
    func descriptions() {
        let one = SecretProviderClassError(code: .invalidRegion, field: "region", message: "Invalid region: x")
        #expect("\(one)" == #"invalidRegion: "field region: Invalid region: x""#)
        let two = SecretProviderClassError(
            problems: [
                .init(
                    code: .missingObjectName,
                    objectIndex: 0,
                    field: "objectName",
                    message: "Object name must be specified"
                ),
                .init(
                    code: .invalidObjectType,
                    objectIndex: 1,
                    objectName: "s",
                    field: "objectType",
                    message: "Invalid objectType: ssm"
                ),
            ]
        )
        #expect(
            "\(two)" == """
                missingObjectName: 2 problems:
                  objects[0], field objectName: Object name must be specified
                  objects[1] "s", field objectType: Invalid objectType: ssm
                """
        )
    }

    @Test("user values are kept on one line and shortened")
    func userValues() throws {
        let found = problems(
            object("line\\nbreak", type: "\"bad\\ttype\"") + object(String(repeating: "x", count: 300), type: "ssm")
        )
        #expect(found.first?.message == "Invalid objectType: bad\\ttype")
        #expect(found.first?.objectName == "line\\nbreak")
        #expect(found.last?.objectName?.count == 201)
        #expect(found.allSatisfy { !$0.description.contains("\n") })
    }

    @Test("at most 20 problems are listed in the message; all are kept")
    func manyProblems() {
        let objects = (0..<60).map { object("o\($0)", type: "ssm") }.joined()
        let error = SecretProviderClassError(problems: problems(objects))
        #expect(error.problems.count == 60)
        let lines = error.message.split(separator: "\n")
        #expect(lines.count == 21)
        #expect(lines.last == "… and 40 more problems")
    }

    @Test("problems with long values stay under 8 KiB in all, then the rest are counted")
    func longProblems() {
        let long = String(repeating: "n", count: 300)
        let objects = (0..<60).map { object("\(long)\($0)", type: "ssm \(long)") }.joined()
        let error = SecretProviderClassError(problems: problems(objects))
        #expect(error.message.utf8.count <= BoundedListing.maximumBytes - 256)
        #expect(error.message.split(separator: "\n").last?.hasPrefix("… and ") == true)
        #expect(error.message.split(separator: "\n").count < 21)
    }
}

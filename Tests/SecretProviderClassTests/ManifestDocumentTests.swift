// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Testing

struct ManifestDocumentTests {
    @Test("SecretProviderClass documents are found among others; their parameters are read as strings")
    func manifest() throws {
        let documents = try ManifestDocument.parse(
            """
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: web}
            ---
            apiVersion: secrets-store.csi.x-k8s.io/v1
            kind: SecretProviderClass
            metadata:
              name: aws-secrets
              namespace: shop
            spec:
              provider: aws
              parameters:
                region: us-east-1
                usePodIdentity: "true"
                objects: |
                  - objectName: db
                    objectType: secretsmanager
            """
        )
        #expect(documents.map(\.title) == ["SecretProviderClass shop/aws-secrets"])
        #expect(documents[0].problems.isEmpty)
        #expect(documents[0].parameters["usePodIdentity"] == "true")
        #expect(documents[0].parameters["objects"] == "- objectName: db\n  objectType: secretsmanager")
    }

    @Test("a bare objects list is read as the objects parameter")
    func bareList() throws {
        let text = "- objectName: db\n  objectType: secretsmanager\n"
        let documents = try ManifestDocument.parse(text)
        #expect(documents.map(\.title) == ["objects list"])
        #expect(documents[0].parameters == ["objects": text])
    }

    @Test("what the API server or the driver would refuse is reported per document")
    func problemsInManifest() throws {
        let documents = try ManifestDocument.parse(
            """
            apiVersion: secrets-store.csi.x-k8s.io/v2
            kind: SecretProviderClass
            metadata: {name: x}
            spec:
              provider: azure
              parameters:
                usePodIdentity: true
                objects: "- objectName: a"
            """
        )
        #expect(
            documents[0].problems.map(\.field) == ["apiVersion", "spec.provider", "spec.parameters.usePodIdentity"]
        )
        #expect(documents[0].problems.last?.message == "YAML reads true as a boolean, number or null; quote it")
    }

    @Test("files without any SecretProviderClass, or invalid YAML, are errors")
    func invalidFiles() {
        #expect(throws: SecretProviderClassError.self) { try ManifestDocument.parse("apiVersion: v1\nkind: Pod\n") }
        #expect(throws: SecretProviderClassError.self) { try ManifestDocument.parse("a: [") }
        #expect(throws: SecretProviderClassError.self) { try ManifestDocument.parse("") }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Testing

private let tokensJSON =
    #"{"sts.amazonaws.com":{"token":"jwt-sts","expirationTimestamp":"2026-11-23T08:00:00Z"},"#
    + #""pods.eks.amazonaws.com":{"token":"jwt-pod","expirationTimestamp":"2026-11-23T08:00:00Z"}}"#

/// A JSON string literal for `text`.
private func jsonString(_ text: String) -> String {
    "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
}

struct MountAttributesTests {
    @Test("the driver keys and the SecretProviderClass parameters are read; unknown keys are ignored")
    func driverKeys() throws {
        let json = """
            {"csi.storage.k8s.io/pod.name": "web-0", "csi.storage.k8s.io/pod.namespace": "shop",
             "csi.storage.k8s.io/pod.uid": "uid-1", "csi.storage.k8s.io/serviceAccount.name": "web",
             "csi.storage.k8s.io/ephemeral": "true", "secretProviderClass": "spc", "assumeRoleArn": "x",
             "csi.storage.k8s.io/serviceAccount.tokens": \(jsonString(tokensJSON)),
             "objects": "- objectName: s", "region": "us-east-1", "failoverRegion": "us-west-2",
             "pathTranslation": "-", "usePodIdentity": "true", "preferredAddressType": "IPv6"}
            """
        let attributes = try MountAttributes(json: json)
        #expect(attributes.podName == "web-0")
        #expect(attributes.podNamespace == "shop")
        #expect(attributes.podUID == "uid-1")
        #expect(attributes.serviceAccountName == "web")
        #expect(attributes.objects == "- objectName: s")
        #expect(attributes.region == "us-east-1")
        #expect(attributes.failoverRegion == "us-west-2")
        #expect(attributes.pathTranslation == "-")
        #expect(attributes.usePodIdentity == "true")
        #expect(attributes.preferredAddressType == "IPv6")
        #expect(attributes.serviceAccountTokens?.audiences == ["pods.eks.amazonaws.com", "sts.amazonaws.com"])
    }

    @Test("absent keys are empty, and null counts as an empty object or value")
    func absentKeys() throws {
        for json in ["{}", "null", " { \"region\": null } "] {
            let attributes = try MountAttributes(json: json)
            #expect(attributes.podName.isEmpty)
            #expect(attributes.region.isEmpty)
            #expect(attributes.serviceAccountTokens == nil)
        }
    }

    @Test(
        "attributes that are not a JSON object of strings are rejected without quoting them",
        arguments: [
            ("", "failed to unmarshal attributes, error: invalid JSON at line 1, column 1"),
            ("{\"a\": \"secret-token", "failed to unmarshal attributes, error: invalid JSON at line 1, column 7"),
            ("[]", "failed to unmarshal attributes, error: expected a JSON object of strings, not array"),
            ("{\"region\": 1}", "failed to unmarshal attributes, error: the value of \"region\" is number, not string"),
        ]
    )
    func invalidAttributes(json: String, message: String) throws {
        let error = try #require(throws: SecretProviderClassError.self) { try MountAttributes(json: json) }
        #expect(error.code == .invalidAttributes)
        #expect(error.message == message)
    }

    @Test(
        "secrets: empty forms and anything unparsable mean no secrets; the tokens key is a fallback",
        arguments: [
            ("", false), ("null", false), ("{}", false), ("  ", false), ("not json", false),
            (#"{"key.json": "{}"}"#, false), (#"{"csi.storage.k8s.io/serviceAccount.tokens": 1}"#, false),
            (#"{"csi.storage.k8s.io/serviceAccount.tokens": ""}"#, false),
            ("{\"csi.storage.k8s.io/serviceAccount.tokens\": \(jsonString(tokensJSON))}", true),
        ]
    )
    func secrets(secrets: String, hasTokens: Bool) throws {
        let attributes = try MountAttributes(json: "{}", secrets: secrets)
        #expect((attributes.serviceAccountTokens != nil) == hasTokens)
    }

    @Test("tokens from the attribute win over tokens from secrets; an empty attribute falls back to secrets")
    func tokensPrecedence() throws {
        let other = #"{"sts.amazonaws.com":{"token":"from-secrets"}}"#
        let secrets = "{\"csi.storage.k8s.io/serviceAccount.tokens\": \(jsonString(other))}"
        let fromAttribute = try MountAttributes(
            parameters: [MountAttributes.serviceAccountTokensKey: tokensJSON],
            secrets: secrets
        )
        #expect(try fromAttribute.token(for: .irsa).token == "jwt-sts")
        let fromSecrets = try MountAttributes(
            parameters: [MountAttributes.serviceAccountTokensKey: ""],
            secrets: secrets
        )
        #expect(try fromSecrets.token(for: .irsa).token == "from-secrets")
    }

    @Test(
        "a missing token is reported only when asked for, with the incumbent's message naming tokenRequests",
        arguments: [
            (
                [:], AuthenticationMode.irsa,
                "CSI token error: serviceAccount.tokens not provided - ensure tokenRequests is configured in CSIDriver "
                    + "spec (IRSA needs a token for audience \"sts.amazonaws.com\")"
            ),
            (
                [MountAttributes.serviceAccountTokensKey: #"{"sts.amazonaws.com":{"token":"t"}}"#],
                .podIdentity(.auto),
                "Pod Identity token extraction failed: token for audience \"pods.eks.amazonaws.com\" not found - "
                    + "ensure tokenRequests includes this audience in CSIDriver"
            ),
            (
                [MountAttributes.serviceAccountTokensKey: #"{"sts.amazonaws.com":{"token":""}}"#], .irsa,
                "IRSA token extraction failed: token for audience \"sts.amazonaws.com\" is empty"
            ),
            (
                [MountAttributes.serviceAccountTokensKey: #"{"sts.amazonaws.com":null}"#], .irsa,
                "IRSA token extraction failed: token for audience \"sts.amazonaws.com\" is empty"
            ),
        ]
    )
    func missingToken(parameters: [String: String], mode: AuthenticationMode, message: String) throws {
        let attributes = try MountAttributes(parameters: parameters)
        let error = try #require(throws: SecretProviderClassError.self) { try attributes.token(for: mode) }
        #expect(error.code == .missingToken)
        #expect(error.problems.first?.field == MountAttributes.serviceAccountTokensKey)
        #expect(error.message == "field csi.storage.k8s.io/serviceAccount.tokens: \(message)")
    }

    @Test("descriptions never show tokens or parameters")
    func redaction() throws {
        let attributes = try MountAttributes(
            parameters: [
                MountAttributes.serviceAccountTokensKey: tokensJSON,
                MountAttributes.podNameKey: "web-0",
                MountAttributes.objectsKey: "- objectName: s",
            ]
        )
        var dumped = ""
        dump(attributes, to: &dumped)
        for text in ["\(attributes)", String(reflecting: attributes), dumped] {
            #expect(!text.contains("jwt-"))
        }
        #expect(!"\(attributes)".contains("objectName"))
        #expect("\(attributes)".contains("web-0"))
    }
}

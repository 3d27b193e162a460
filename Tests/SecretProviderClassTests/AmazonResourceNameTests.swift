// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Testing

struct AmazonResourceNameTests {
    @Test("an ARN splits into its five parts; the resource keeps its colons")
    func parts() throws {
        let arn = try #require(
            AmazonResourceName("arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:a:b")
        )
        #expect(arn.partition == "aws-us-gov")
        #expect(arn.service == "secretsmanager")
        #expect(arn.region == "us-gov-west-1")
        #expect(arn.accountID == "123456789012")
        #expect(arn.resource == "secret:a:b")
        #expect(arn.description == "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:a:b")
    }

    @Test(
        "as in the AWS SDK for Go, any text with the prefix and six sections parses",
        arguments: ["arn:::::", "arn:aws:ssm:us-east-1:1:parameter/x", "arn:aws:secretsmanager:::secret:x"]
    )
    func lenient(text: String) {
        #expect(AmazonResourceName(text) != nil)
    }

    @Test("other texts are not ARNs", arguments: ["arn::", "arn:aws:ssm:us-east-1:1", "ARN:aws:ssm:r:1:p", "x", ""])
    func invalid(text: String) {
        #expect(AmazonResourceName(text) == nil)
    }

    @Test(
        "Secrets Manager ARNs may be partial; the six-character suffix is recognised as Secrets Manager does",
        arguments: [
            ("arn:aws:secretsmanager:us-east-1:1:secret:db-AbC12f", "db-AbC12f", true),
            ("arn:aws:secretsmanager:us-east-1:1:secret:db", "db", false),
            ("arn:aws:secretsmanager:us-east-1:1:secret:prod/db-creds", "prod/db-creds", false),
            ("arn:aws:secretsmanager:us-east-1:1:secret:-AbC12f", "-AbC12f", false),
        ]
    )
    func secretsManager(text: String, name: String, hasSuffix: Bool) throws {
        let arn = try #require(AmazonResourceName(text))
        #expect(arn.secretsManagerSecretName == name)
        #expect(arn.hasSecretsManagerSuffix == hasSuffix)
    }

    @Test("partial and complete Secrets Manager ARNs are both valid object names")
    func partialARNObjects() throws {
        let plan = try makePlan(
            "- objectName: arn:aws:secretsmanager:us-east-1:123456789012:secret:db\n  objectAlias: partial\n"
                + "- objectName: arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf\n  objectAlias: full\n",
            ["region": "us-east-1"]
        )
        #expect(plan.objects.map(\.type) == [.secretsManager, .secretsManager])
        #expect(plan.objects.map { $0.primary.arn?.hasSecretsManagerSuffix } == [false, true])
        #expect(AmazonResourceName("arn:aws:ssm:us-east-1:1:parameter/x")?.secretsManagerSecretName == nil)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import JMESPath
import SecretProviderClass
import Testing

struct MountPlanTests {
    static let spc = """
        - objectName: db-creds
          objectType: secretsmanager
          objectAlias: db
          objectVersionLabel: AWSCURRENT
          failoverObject:
            objectName: arn:aws:secretsmanager:us-west-2:123456789012:secret:db-creds-AbCdEf
            objectVersionLabel: AWSPENDING
          jmesPath:
            - path: username
              objectAlias: db-user
            - path: '"api-key"'
              objectAlias: api/key
              filePermission: "0400"
        - objectName: /app/feature-flags
          objectType: ssmparameter
          objectVersion: 7
        """

    @Test("the plan lists each file with its path, mode, source and object-version id")
    func files() throws {
        let plan = try makePlan(Self.spc, ["region": "us-east-1", "failoverRegion": "us-west-2"], permission: "416")
        #expect(plan.files.map(\.path) == ["db", "db-user", "api_key", "_app_feature-flags"])
        #expect(plan.files.map(\.objectVersionID) == plan.files.map(\.path))
        #expect(plan.files.map(\.mode.description) == ["0640", "0640", "0400", "0640"])
        #expect(plan.files.map(\.objectIndex) == [0, 0, 0, 1])
        let user = plan.files[1]
        guard case .jmesPath(let expression, let parent, _) = user.content else {
            Issue.record("expected a jmesPath file")
            return
        }
        #expect(parent == "db")
        #expect(expression.source == "username")
        let secret = try JSONValue(parsing: #"{"username": "admin", "api-key": "k"}"#)
        #expect(try expression.search(secret) == "admin")
        #expect("\(plan.files[2].content)" == #"jmesPath "\"api-key\"" of db"#)
        #expect("\(plan.files[0].content)" == "the object's value")
    }

    @Test("each object has its reference per region, the failover one from failoverObject or the primary")
    func references() throws {
        let plan = try makePlan(Self.spc, ["region": "us-east-1", "failoverRegion": "us-west-2"])
        let db = plan.objects[0]
        #expect(db.type == .secretsManager)
        #expect(db.primary.name == "db-creds")
        #expect(db.primary.versionLabel == "AWSCURRENT")
        #expect(db.primary.arn == nil)
        #expect(db.failover?.name == "arn:aws:secretsmanager:us-west-2:123456789012:secret:db-creds-AbCdEf")
        #expect(db.failover?.arn?.region == "us-west-2")
        #expect(db.failover?.versionLabel == "AWSPENDING")
        let flags = plan.objects[1]
        #expect(flags.failover == flags.primary)
        #expect(flags.primary.version == "7")
        #expect("\(flags.primary)" == "ssmparameter /app/feature-flags (version 7)")

        let resolved = try plan.resolved(fallbackRegion: "eu-west-1")
        #expect(resolved.regions.all == ["us-east-1", "us-west-2"])
        let sources = resolved.sources(of: db)
        #expect(sources.map(\.region) == ["us-east-1", "us-west-2"])
        #expect(sources.map(\.reference) == [db.primary, db.failover])
    }

    @Test("a single-region plan has no failover references")
    func singleRegion() throws {
        let plan = try makePlan(object("s"))
        #expect(plan.failoverRegion == nil)
        #expect(plan.objects[0].failover == nil)
        let resolved = try plan.resolved(fallbackRegion: "ap-south-1")
        #expect("\(resolved.regions)" == "ap-south-1")
        #expect(resolved.sources(of: plan.objects[0]).count == 1)
    }

    @Test(
        "regions: a failover region equal to the primary one is rejected, now or once the primary is known",
        arguments: [
            (["region": "us-east-1", "failoverRegion": "us-east-1"], nil),
            (["failoverRegion": "us-east-1"], "us-east-1"),
        ]
    )
    func sameFailoverRegion(parameters: [String: String], fallback: String?) throws {
        let error = try #require(throws: SecretProviderClassError.self) {
            try makePlan(object("s"), parameters).resolved(fallbackRegion: fallback)
        }
        #expect(error.code == .sameFailoverRegion)
        #expect(
            error.message == "field failoverRegion: us-east-1: failover region cannot be the same as the primary region"
        )
    }

    @Test(
        "regions must be region names: they become part of endpoint host names",
        arguments: ["us east 1", "evil.example.com/", "us-east-1#", "-us", String(repeating: "a", count: 64)]
    )
    func invalidRegion(region: String) throws {
        #expect(problems(object("s"), ["region": region]).map(\.code) == [.invalidRegion])
        #expect(problems(object("s"), ["failoverRegion": region]).map(\.code) == [.invalidRegion])
        let plan = try makePlan(object("s"))
        let error = try #require(throws: SecretProviderClassError.self) { try plan.resolved(fallbackRegion: region) }
        #expect(error.code == .invalidRegion)
    }

    @Test("no region at all is reported when resolving")
    func missingRegion() throws {
        let plan = try makePlan(object("s"))
        for fallback in [nil, ""] {
            let error = try #require(throws: SecretProviderClassError.self) {
                try plan.resolved(fallbackRegion: fallback)
            }
            #expect(error.code == .missingRegion)
        }
    }

    @Test("the SecretProviderClass's region wins over the fallback")
    func regionPrecedence() throws {
        let plan = try makePlan(object("s"), ["region": "us-east-1"])
        #expect(try plan.resolved(fallbackRegion: "eu-west-1").regions.primary == "us-east-1")
    }

    @Test("all problems of one SecretProviderClass are reported together, parameters first, then by object")
    func allProblemsTogether() throws {
        let error = try #require(throws: SecretProviderClassError.self) {
            try makePlan(
                object("a", type: "ssm") + "- objectName: b\n" + object("c", "  filePermission: \"9\"\n")
                    + object("a", type: "ssm"),
                ["pathTranslation": "xx", "usePodIdentity": "yes"],
                permission: "abc"
            )
        }
        #expect(
            error.problems.map(\.code) == [
                .invalidPathTranslation, .invalidUsePodIdentity, .invalidPermission, .invalidObjectType,
                .missingObjectType, .invalidFilePermission, .invalidObjectType,
            ]
        )
        #expect(error.problems.map(\.objectIndex) == [nil, nil, nil, 0, 1, 2, 3])
        #expect(error.code == .invalidPathTranslation)
        #expect(error.message.split(separator: "\n").count == 7)
    }

    @Test(
        "an empty objects list (absent, empty, null or []) is a plan of no files, with a warning",
        arguments: ["", "[]", "~", "null", "# nothing yet\n"]
    )
    func noObjects(objects: String) throws {
        let plan = try makePlan(objects, ["region": "us-east-1"])
        #expect(plan.objects.isEmpty)
        #expect(plan.files.isEmpty)
        #expect(try plan.resolved(fallbackRegion: nil).regions.all == ["us-east-1"])
        #expect(plan.warnings.map(\.code) == [.noObjects])
        #expect(plan.warnings.first?.field == "objects")
        #expect(
            plan.warnings.first?.message
                == "objects lists no object to mount: a mount writes no file and answers with no object versions "
                + "(drivers that require object versions fail it with \"missing object versions\", "
                + "kubernetes-sigs/secrets-store-csi-driver#1933)"
        )
    }

    @Test("a plan with objects and no odd field has no warnings")
    func noWarnings() throws {
        #expect(try makePlan(Self.spc, ["region": "us-east-1", "failoverRegion": "us-west-2"]).warnings.isEmpty)
    }

    @Test(
        "an SSM objectVersion that is not a number is a label, exactly as objectVersionLabel, with a warning",
        arguments: ["prod", "v1", "1a", "-1", "+7", "1.5", "blue_green"]
    )
    func ssmVersionIsLabel(version: String) throws {
        let plan = try makePlan(object("/app/db", type: "ssmparameter", "  objectVersion: \"\(version)\"\n"))
        let asLabel = try makePlan(object("/app/db", type: "ssmparameter", "  objectVersionLabel: \"\(version)\"\n"))
        let reference = plan.objects[0].primary
        #expect(reference.version == nil)
        #expect(reference.versionLabel == version)
        #expect(reference == asLabel.objects[0].primary)
        #expect("\(reference)" == "ssmparameter /app/db (label \(version))")
        #expect(asLabel.warnings.isEmpty)
        let warning = try #require(plan.warnings.first)
        #expect(plan.warnings.count == 1)
        #expect(warning.code == .ssmVersionIsLabel)
        #expect(warning.objectIndex == 0)
        #expect(warning.field == "objectVersion")
        #expect(
            warning.description
                == "objects[0] \"/app/db\", field objectVersion: objectVersion \(version) is not a number, so it is "
                + "used as a label, as objectVersionLabel would be (GetParameters name /app/db:\(version)); "
                + "objectVersionLabel is the field meant for labels"
        )
    }

    @Test("an SSM objectVersion that is not a number and an objectVersionLabel together are rejected, naming both")
    func ssmVersionLabelAndLabel() throws {
        let found = problems(
            object("/app/db", type: "ssmparameter", "  objectVersion: prod\n  objectVersionLabel: blue\n")
        )
        #expect(found.map(\.code) == [.ssmVersionAndLabel])
        #expect(found.first?.field == "objectVersionLabel")
        #expect(
            found.first?.message == "ssm parameters can not specify both objectVersion and objectVersionLabel: /app/db"
        )
    }

    @Test("SSM objectVersion digits must still be a version number", arguments: ["0", "007", "1234567890123456789"])
    func ssmVersionDigits(version: String) {
        let found = problems(object("/app/db", type: "ssmparameter", "  objectVersion: \"\(version)\"\n"))
        #expect(found.map(\.code) == [.invalidSSMVersion])
        #expect(found.first?.message == "ssm parameter versions are positive whole numbers, got \(version): /app/db")
    }

    @Test("an SSM label given as objectVersion is the failover reference's label too; Secrets Manager keeps VersionIds")
    func ssmVersionLabelInFailover() throws {
        let regions = ["region": "us-east-1", "failoverRegion": "us-west-2"]
        let named = try makePlan(
            object(
                "/app/db",
                type: "ssmparameter",
                "  objectAlias: db\n  objectVersion: prod\n  failoverObject:\n    objectName: /app/db-west\n"
                    + "    objectVersion: prod\n"
            ),
            regions
        )
        #expect(named.objects[0].failover?.versionLabel == "prod")
        #expect(named.objects[0].failover?.version == nil)
        #expect(named.warnings.count == 1)
        // As the incumbent sends `name:<objectVersion>` whenever there is one, an inherited version wins over the
        // failoverObject's label.
        let inherited = try makePlan(
            object(
                "/app/db",
                type: "ssmparameter",
                "  objectVersion: prod\n  failoverObject:\n    objectVersionLabel: x\n"
            ),
            regions
        )
        #expect(inherited.objects[0].failover?.versionLabel == "prod")
        let secret = try makePlan(object("db", "  objectVersion: v1\n"))
        #expect(secret.objects[0].primary.version == "v1")
        #expect(secret.warnings.isEmpty)
    }
}

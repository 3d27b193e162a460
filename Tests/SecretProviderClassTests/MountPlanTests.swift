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
        guard case .jmesPath(let expression, let parent) = user.content else {
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
}

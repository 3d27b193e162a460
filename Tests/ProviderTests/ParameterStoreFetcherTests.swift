// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import SecretProviderClass
import Testing

@testable import Provider

@Suite("ParameterStoreFetcher")
struct ParameterStoreFetcherTests {
    let store = FakeParameterStore(region: "us-east-1")

    var fetcher: ParameterStoreFetcher {
        ParameterStoreFetcher(
            client: self.store.client(credentials: FakeCredentialProvider(label: "t")),
            logger: silentLogger
        )
    }

    static func references(_ plan: ResolvedMountPlan) -> [ObjectReference] {
        plan.plan.objects.map(\.primary)
    }

    @Test("plan: 25 distinct selectors make batches of 10, 10 and 5, duplicates removed, in object order")
    func batchesOfTen() throws {
        var yaml = ""
        for number in 0..<25 {
            switch number % 3 {
            case 0: yaml += ssmObject("app-\(number)")
            case 1: yaml += ssmObject("app-\(number)", version: "2")
            default: yaml += ssmObject("app-\(number)", label: "blue")
            }
        }
        // The same selectors again under other file names: fetched once.
        yaml += ssmObject("app-0", alias: "again-0")
        yaml += ssmObject("app-1", alias: "again-1", version: "2")
        yaml += ssmObject("app-2", alias: "again-2", label: "blue")
        let plan = try makePlan(yaml)
        #expect(plan.plan.objects.count == 28)

        let batches = self.fetcher.batches(of: Self.references(plan))
        #expect(batches.map(\.count) == [10, 10, 5])
        let all = batches.flatMap { $0 }
        #expect(Set(all).count == 25)
        #expect(all.map(\.name) == (0..<25).map { "app-\($0)" })
        #expect(all[1] == ParameterSelector(name: "app-1", version: 2))
        #expect(all[2] == ParameterSelector(name: "app-2", label: "blue"))
    }

    @Test("plan: two labels and a version of one parameter are three selectors")
    func labelsOfOneParameter() throws {
        let plan = try makePlan(
            ssmObject("/app/db", alias: "blue", label: "blue") + ssmObject("/app/db", alias: "green", label: "green")
                + ssmObject("/app/db", alias: "v3", version: "3") + ssmObject("/app/db", alias: "latest")
        )
        let batches = self.fetcher.batches(of: Self.references(plan))
        #expect(batches.count == 1)
        #expect(batches.flatMap { $0 }.map(\.description) == ["/app/db:blue", "/app/db:green", "/app/db:3", "/app/db"])
    }

    @Test("plan: an objectVersion that is not a number is the selector objectVersionLabel makes (name:label)")
    func versionThatIsALabel() throws {
        let plan = try makePlan(
            ssmObject("/app/db", alias: "by-version", version: "blue")
                + ssmObject("/app/db", alias: "by-label", label: "blue")
        )
        let batches = self.fetcher.batches(of: Self.references(plan))
        #expect(batches == [[ParameterSelector(name: "/app/db", label: "blue")]])
        #expect(batches.flatMap { $0 }.map(\.description) == ["/app/db:blue"])
    }

    @Test("fetch: answers match back by name, ARN and selector although AWS reorders them")
    func matchesAnswers() async throws {
        self.store.put("/app/db", "db-v1", labels: ["blue"])
        self.store.put("/app/db", "db-v2", labels: ["green"])
        self.store.put("/app/db", "db-v3")
        self.store.put("app-key", "key-v1")
        self.store.put("/team/token", "token-v1")
        let batch = [
            ParameterSelector(name: "/app/db", label: "blue"),
            ParameterSelector(name: "/app/db", label: "green"),
            ParameterSelector(name: "/app/db", version: 1),
            ParameterSelector(name: self.store.arn(of: "app-key")),
            ParameterSelector(name: self.store.arn(of: "/team/token"), version: 1),
        ]
        let answers = await self.fetcher.fetch(batch, deadline: .now + .seconds(5))
        #expect(self.store.batches == [batch])
        let expected: [(String, String)] = [
            ("db-v1", "1"), ("db-v2", "2"), ("db-v1", "1"), ("key-v1", "1"), ("token-v1", "1"),
        ]
        for (selector, (value, version)) in zip(batch, expected) {
            guard case .success(let fetched) = answers[selector] else {
                Issue.record("no value for \(selector): \(String(describing: answers[selector]))")
                continue
            }
            #expect(String(decoding: fetched.bytes, as: UTF8.self) == value, "\(selector)")
            #expect(fetched.version == version, "\(selector)")
            #expect(fetched.region == "us-east-1")
        }
    }

    @Test("fetch: a label and the latest version of one parameter in one batch each get their own value")
    func labelAndLatestInOneBatch() async throws {
        self.store.put("/app/db", "db-v1", labels: ["blue"])
        self.store.put("/app/db", "db-v2")
        let blue = ParameterSelector(name: "/app/db", label: "blue")
        let latest = ParameterSelector(name: "/app/db")
        // The fake answers in reverse order, so the latest version (sent without a selector, answered without
        // `Selector`) comes first; AWS's order is unspecified.
        let answers = await self.fetcher.fetch([blue, latest], deadline: .now + .seconds(5))
        let latestValue = try answers[latest]?.get()
        #expect(latestValue.map { String(decoding: $0.bytes, as: UTF8.self) } == "db-v2")
        let blueValue = try answers[blue]?.get()
        #expect(blueValue.map { String(decoding: $0.bytes, as: UTF8.self) } == "db-v1")
        #expect(blueValue?.version == "1")
    }

    @Test("fetch: InvalidParameters is a not-found client fault naming the selector; a missing answer is not")
    func invalidParameters() async throws {
        self.store.put("/app/db", "db-v1")
        let missing = ParameterSelector(name: "/app/missing")
        let noLabel = ParameterSelector(name: "/app/db", label: "nope")
        let noVersion = ParameterSelector(name: "/app/db", version: 9)
        let answers = await self.fetcher.fetch([missing, noLabel, noVersion], deadline: .now + .seconds(5))
        for selector in [missing, noLabel, noVersion] {
            guard case .failure(let failure) = answers[selector] else {
                Issue.record("expected a failure for \(selector)")
                continue
            }
            #expect(failure.code == .notFound)
            #expect(failure.isClientFault)
            #expect(failure.region == "us-east-1")
            #expect(failure.message.contains(selector.description))
        }
    }

    @Test("fetch: a failed call fails every selector of the batch with the call's error")
    func failedCall() async throws {
        self.store.fail(with: .fake(.throttled, "Rate exceeded"))
        let batch = [ParameterSelector(name: "a"), ParameterSelector(name: "b")]
        let answers = await self.fetcher.fetch(batch, deadline: .now + .seconds(5))
        #expect(answers.count == 2)
        for selector in batch {
            guard case .failure(let failure) = answers[selector] else {
                Issue.record("expected a failure for \(selector)")
                continue
            }
            #expect(failure.code == .fetchFailed)
            #expect(!failure.isClientFault)
            #expect(failure.message.contains("Rate exceeded"))
        }
    }

    static let arn = "arn:aws:ssm:us-east-1:123456789012:parameter"

    /// (parameter name, its ARN, echoed selector, version) against a selector → answers?
    static let answerTable: [(Parameter, ParameterSelector, Bool)] = [
        (param("/app/db", ":blue", 1), ParameterSelector(name: "/app/db", label: "blue"), true),
        (param("/app/db", ":blue", 1), ParameterSelector(name: "/app/db", label: "green"), false),
        (param("/app/db", ":blue", 1), ParameterSelector(name: "/app/db"), false),
        (param("/app/db", nil, 4), ParameterSelector(name: "/app/db"), true),
        (param("/app/db", ":4", 4), ParameterSelector(name: "/app/db", version: 4), true),
        (param("/app/db", nil, 4), ParameterSelector(name: "/app/db", version: 3), false),
        (param("/app/db", nil, 4), ParameterSelector(name: "/app/other"), false),
        (param("/app/db", nil, 4), ParameterSelector(name: "\(arn)/app/db"), true),
        (param("app-db", nil, 1), ParameterSelector(name: "\(arn)/app-db"), true),
        (param("app-db", ":blue", 1), ParameterSelector(name: "\(arn)/app-db", label: "blue"), true),
        (param("app-db", nil, 1), ParameterSelector(name: "\(arn)/app-dbx"), false),
        (param("\(arn)/app-db", nil, 1), ParameterSelector(name: "\(arn)/app-db"), true),
        (
            param("/app/db", nil, 1),
            ParameterSelector(name: "arn:aws:secretsmanager:us-east-1:123456789012:secret:/app/db"), false
        ),
    ]

    static func param(_ name: String, _ selector: String?, _ version: Int) -> Parameter {
        let arn = name.hasPrefix("arn:") ? name : Self.arn + (name.hasPrefix("/") ? name : "/" + name)
        return Parameter(name: name, value: "v", version: version, arn: arn, selector: selector, type: "String")
    }

    @Test("answers(_:_:)", arguments: Self.answerTable)
    func answersTable(parameter: Parameter, selector: ParameterSelector, expected: Bool) {
        #expect(ParameterStoreFetcher.answers(parameter, selector) == expected)
    }

    @Test("answers(_:_:) without the ARN in the answer still matches an ARN request")
    func answersWithoutARN() {
        let parameter = Parameter(name: "/app/db", value: "v", version: 1, arn: nil, selector: nil, type: nil)
        #expect(ParameterStoreFetcher.answers(parameter, ParameterSelector(name: "\(Self.arn)/app/db")))
    }
}

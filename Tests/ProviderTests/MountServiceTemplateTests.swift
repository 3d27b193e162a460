// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import ProviderTestSupport
import SecretProviderClass
import Templates
import Testing

@testable import Provider

/// Template entries: rendered from the other files after every object, in the same write; versioned by a keyed hash
/// of their contents; failing the whole mount when a name is missing.
@Suite("MountService templates")
struct MountServiceTemplateTests {
    let harness = MountHarness()

    static let objects = """
        - objectName: db
          objectType: secretsmanager
          objectAlias: db
          writeObjectFile: "false"
        - objectName: token
          objectType: secretsmanager
        - objectType: template
          objectAlias: app.env
          format: dotenv
          source: db
          filePermission: "0600"
        - objectType: template
          objectAlias: url
          template: "x://{{url(db.username)}}:{{url(db.password)}}@h/{{token}}"
        """

    @Test("templates render from fetched values; a pass without change writes nothing; a rotation re-renders")
    func rendersAndFollowsRotation() async throws {
        let east = self.harness.aws.sm("us-east-1")
        east.put("db", #"{"username": "app", "password": "p@ss"}"#, version: "v1")
        east.put("token", "t1", version: "t1")
        let result = try await self.harness.mount(MountRequestBuilder(objects: Self.objects).build())
        #expect(self.harness.volume.files().keys.sorted() == ["app.env", "token", "url"])
        #expect(self.harness.volume.text("app.env") == "username='app'\npassword='p@ss'\n")
        #expect(self.harness.volume.text("url") == "x://app:p%40ss@h/t1")
        let versions = Dictionary(uniqueKeysWithValues: result.objectVersions.map { ($0.id, $0.version) })
        #expect(versions["token"] == "t1")
        #expect(versions["url"] == TemplateRenderer.version(of: Array("x://app:p%40ss@h/t1".utf8)))
        #expect(versions["app.env"]?.hasPrefix("hmac-sha256:") == true)
        #expect(versions["app.env"] != versions["url"])

        self.harness.clock.advance(by: .seconds(1))
        #expect(await self.harness.reconciler.pass() == [MountRequestBuilder.target: .unchanged])

        east.put("token", "t2", version: "t2")
        self.harness.clock.advance(by: .seconds(1))
        #expect(await self.harness.reconciler.pass() == [MountRequestBuilder.target: .changed])
        #expect(self.harness.volume.text("url") == "x://app:p%40ss@h/t2")
        #expect(self.harness.volume.text("app.env") == "username='app'\npassword='p@ss'\n")
    }

    @Test("a name the value does not have fails the mount, naming the template and the name, and writes nothing")
    func missingName() async throws {
        let east = self.harness.aws.sm("us-east-1")
        east.put("db", #"{"username": "app", "pass": "S3cret"}"#, version: "v1")
        east.put("token", "t1", version: "t1")
        await #expect {
            _ = try await self.harness.mount(MountRequestBuilder(objects: Self.objects).build())
        } throws: { error in
            let message = (error as? ProviderError)?.message ?? ""
            return message.contains("template url (objects[3])") && message.contains("password")
                && !message.contains("S3cret")
        }
        #expect(self.harness.volume.files().isEmpty)
    }
}

/// An object that only feeds templates (`writeObjectFile: false`, no entries) has no file whose version the volume
/// holds, so every pass renders its templates again and writes them only when they changed.
@Suite("MountService templates over unwritten objects")
struct MountServiceTemplateInputTests {
    let harness = MountHarness()

    @Test("a rotation of an object only templates read reaches them; a pass without change writes nothing")
    func rotationOfAnUnwrittenInput() async throws {
        let objects = """
            - {objectName: db, objectType: secretsmanager, objectAlias: db, writeObjectFile: "false"}
            - {objectType: template, objectAlias: url, template: "x://{{db.user}}@h"}
            """
        let east = self.harness.aws.sm("us-east-1")
        east.put("db", #"{"user": "one"}"#, version: "v1")
        _ = try await self.harness.mount(MountRequestBuilder(objects: objects).build())
        #expect(self.harness.volume.files().keys.sorted() == ["url"])
        self.harness.clock.advance(by: .seconds(1))
        #expect(await self.harness.reconciler.pass() == [MountRequestBuilder.target: .unchanged])
        east.put("db", #"{"user": "two"}"#, version: "v2")
        self.harness.clock.advance(by: .seconds(1))
        #expect(await self.harness.reconciler.pass() == [MountRequestBuilder.target: .changed])
        #expect(self.harness.volume.text("url") == "x://two@h")
    }
}

/// How templates weigh on the tenant gate, the plan cache and a failing mount.
@Suite("MountService templates: bounds")
struct MountServiceTemplateBoundsTests {
    let harness = MountHarness()

    static let twoFailing = """
        - {objectName: db, objectType: secretsmanager, objectAlias: db}
        - {objectType: template, objectAlias: first, template: "{{db.nope}}"}
        - {objectType: template, objectAlias: second, template: "{{db.other}}"}
        """

    @Test("any template makes a mount heavy work (rendered behind the tenant's gate); light objects alone are not")
    func templatesAreHeavy() throws {
        let plan = try MountPlan(
            attributes: MountAttributes(parameters: [MountAttributes.objectsKey: Self.twoFailing]),
            permission: "420"
        )
        #expect(MountPipeline.isHeavy(plan.objects, templates: plan.templates, valueBytes: 0))
        #expect(!MountPipeline.isHeavy(plan.objects, templates: [], valueBytes: 0))
        let withTemplates = MountPlanCache.weight(of: plan, objectsBytes: 0)
        #expect(withTemplates >= 256 * 3 + 11 * (StrictTemplate.maximumDepth + 2) * 2, "\(withTemplates)")
    }

    @Test("the first template that fails stops the others: the mount fails naming it, and writes nothing")
    func firstFailureStops() async throws {
        self.harness.aws.sm("us-east-1").put("db", #"{"user": "S3cret"}"#, version: "v1")
        await #expect {
            _ = try await self.harness.mount(MountRequestBuilder(objects: Self.twoFailing).build())
        } throws: { error in
            let message = (error as? ProviderError)?.message ?? ""
            return message.contains("failed to mount 1 of 3 objects") && message.contains("template first")
                && !message.contains("template second") && !message.contains("S3cret")
        }
        #expect(self.harness.volume.files().isEmpty)
    }
}

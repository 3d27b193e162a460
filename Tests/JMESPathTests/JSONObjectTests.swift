// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import JMESPath
import Testing

struct JSONObjectTests {
    @Test("keys keep insertion order; a repeated key keeps its first position and last value")
    func order() throws {
        guard case .object(let object) = try JSONValue(parsing: #"{"b": 1, "a": 2, "b": 3}"#) else {
            Issue.record("not an object")
            return
        }
        #expect(object.keys == ["b", "a"])
        #expect(object.values == [3, 2])
        #expect(JSONValue.object(object).serialized() == #"{"b":3,"a":2}"#)
    }

    @Test("setting replaces in place, appends, and nil removes", arguments: [4, 40])
    func mutation(size: Int) {
        var object = JSONObject(members: (0..<size).map { ("k\($0)", JSONValue.number(Double($0))) })
        object["k1"] = "one"
        object["new"] = true
        object["k0"] = nil
        #expect(object.count == size)
        #expect(object.keys.first == "k1")
        #expect(object.keys.last == "new")
        #expect(object["k1"] == "one")
        #expect(object["k0"] == nil)
        #expect(object["k\(size - 1)"] == .number(Double(size - 1)))
    }

    @Test("large objects find every key through their index, and only those keys")
    func largeObject() throws {
        let count = 5_000
        let text = "{" + (0..<count).map { #""key\#($0)": \#($0)"# }.joined(separator: ",") + "}"
        guard case .object(let object) = try JSONValue(parsing: text) else {
            Issue.record("not an object")
            return
        }
        #expect(object.count == count)
        #expect((0..<count).allSatisfy { object["key\($0)"] == .number(Double($0)) })
        #expect(object["key\(count)"] == nil)
        #expect(try JMESPathExpression("key4999").search(.object(object)) == 4999)
    }

    @Test("keys that are canonically equivalent but have different code points are distinct")
    func codePointKeys() {
        let composed = "\u{E9}"
        let decomposed = "e\u{301}"
        let object: JSONObject = [composed: 1, decomposed: 2]
        #expect(object.count == 2)
        #expect(object[composed] == 1)
        #expect(object[decomposed] == 2)
    }

    @Test("equality ignores key order")
    func equality() {
        let first: JSONObject = ["a": 1, "b": 2]
        let second: JSONObject = ["b": 2, "a": 1]
        #expect(first == second)
        #expect(first != ["a": 1])
        #expect(Array(first.map(\.key)) == ["a", "b"])
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SecretProviderClass
import Testing

struct AuthenticationModeTests {
    @Test(
        "usePodIdentity takes Go's strconv.ParseBool syntax; empty means IRSA",
        arguments: [
            ("", false), ("1", true), ("t", true), ("T", true), ("TRUE", true), ("true", true), ("True", true),
            ("0", false), ("f", false), ("F", false), ("FALSE", false), ("false", false), ("False", false),
        ]
    )
    func usePodIdentity(value: String, podIdentity: Bool) throws {
        let plan = try makePlan(object("s"), ["usePodIdentity": value])
        #expect(plan.authentication == (podIdentity ? .podIdentity(.auto) : .irsa))
        #expect(plan.authentication.audience == (podIdentity ? "pods.eks.amazonaws.com" : "sts.amazonaws.com"))
    }

    @Test("other usePodIdentity values are rejected with Go's wording", arguments: ["yes", "tRUE", "on", " true", "2"])
    func invalidUsePodIdentity(value: String) throws {
        let found = problems(object("s"), ["usePodIdentity": value])
        #expect(found.map(\.code) == [.invalidUsePodIdentity])
        #expect(found.first?.field == "usePodIdentity")
        #expect(
            found.first?.message
                == "failed to parse usePodIdentity value, error: strconv.ParseBool: parsing \"\(value)\": "
                + "invalid syntax"
        )
    }

    @Test(
        "preferredAddressType is ipv4, ipv6 or auto in any letter case; empty means auto",
        arguments: [
            ("", PreferredAddressType.auto), ("auto", .auto), ("IPv4", .ipv4), ("ipv6", .ipv6), ("AUTO", .auto),
        ]
    )
    func preferredAddressType(value: String, expected: PreferredAddressType) throws {
        let plan = try makePlan(object("s"), ["usePodIdentity": "true", "preferredAddressType": value])
        #expect(plan.authentication == .podIdentity(expected))
    }

    @Test("an invalid preferredAddressType is an error naming the field (the incumbent silently means auto)")
    func invalidPreferredAddressType() {
        let found = problems(object("s"), ["usePodIdentity": "maybe", "preferredAddressType": "ipv5"])
        #expect(found.map(\.code) == [.invalidUsePodIdentity, .invalidPreferredAddressType])
        #expect(found.last?.field == "preferredAddressType")
        #expect(found.last?.message == "Invalid preferredAddressType: ipv5 (use ipv4, ipv6 or auto)")
    }

    @Test("descriptions")
    func descriptions() {
        #expect(AuthenticationMode.irsa.description == "IRSA")
        #expect(AuthenticationMode.podIdentity(.ipv6).description == "Pod Identity (ipv6)")
    }
}

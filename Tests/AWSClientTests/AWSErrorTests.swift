// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Testing

struct AWSErrorTests {
    @Test(
        "has stable code names and client-fault classes",
        arguments: [
            (AWSError.Code.invalidConfiguration, "invalidConfiguration", true),
            (.invalidRequest, "invalidRequest", true),
            (.credentials, "credentials", true),
            (.accessDenied, "accessDenied", true),
            (.notFound, "notFound", true),
            (.clientFault, "clientFault", true),
            (.throttled, "throttled", false),
            (.serverFault, "serverFault", false),
            (.timeout, "timeout", false),
            (.network, "network", false),
            (.invalidResponse, "invalidResponse", false),
        ]
    )
    func codes(code: AWSError.Code, name: String, isClientFault: Bool) {
        let error = AWSError(code: code, message: "m")
        #expect(code.description == name)
        #expect(error.isClientFault == isClientFault)
    }

    @Test("describes itself as code, quoted message and cause")
    func description() {
        let cause = AWSError(code: .network, message: "connection refused")
        let error = AWSError(code: .timeout, message: "It timed out.", cause: cause)
        #expect(error.description == #"timeout: "It timed out." (cause: network: "connection refused")"#)
        #expect(AWSError(code: .notFound, message: "Gone.").description == #"notFound: "Gone.""#)
    }
}

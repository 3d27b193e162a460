// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// A parameter name with an optional version or label, sent to `GetParameters` as `name`, `name:version` or
/// `name:label`.
public struct ParameterSelector: Sendable, Hashable, CustomStringConvertible {
    /// The parameter's name (or ARN).
    public var name: String
    /// A version number, if pinned.
    public var version: Int?
    /// A label, if pinned (used only when ``version`` is `nil`).
    public var label: String?

    /// Selects the latest version of `name`.
    public init(name: String) {
        self.name = name
    }

    /// Selects version `version` of `name`.
    public init(name: String, version: Int) {
        self.name = name
        self.version = version
    }

    /// Selects the version of `name` that carries `label`.
    public init(name: String, label: String) {
        self.name = name
        self.label = label
    }

    /// The selector as AWS takes it: `name`, `name:version` or `name:label`.
    public var description: String {
        if let version = self.version {
            return "\(self.name):\(version)"
        }
        if let label = self.label {
            return "\(self.name):\(label)"
        }
        return self.name
    }
}

/// A parameter as `GetParameters` returns it. Printing it never shows the value.
public struct Parameter: Sendable, Hashable {
    /// The parameter's name, without selector.
    public var name: String
    /// The value, decrypted for SecureString parameters. Never logged.
    public var value: String
    /// The version number.
    public var version: Int
    /// The parameter's ARN, if AWS sent it.
    public var arn: String?
    /// The selector part of the request (`:3`, `:prod`), if AWS sent it.
    public var selector: String?
    /// `String`, `StringList` or `SecureString`, if AWS sent it.
    public var type: String?

    /// Creates a parameter.
    public init(name: String, value: String, version: Int, arn: String?, selector: String?, type: String?) {
        self.name = name
        self.value = value
        self.version = version
        self.arn = arn
        self.selector = selector
        self.type = type
    }

}

extension Parameter: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private var redactedValue: String {
        "<REDACTED \(self.value.utf8.count) bytes>"
    }

    /// The name, version and type, with the value redacted.
    public var description: String {
        "Parameter(name: \(self.name), version: \(self.version), type: \(self.type ?? "nil"), "
            + "value: \(self.redactedValue))"
    }

    /// The same redacted text as ``description``.
    public var debugDescription: String {
        self.description
    }

    /// A mirror with the value redacted, so `dump(_:)` and debuggers do not reveal it either.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "name": self.name, "value": self.redactedValue, "version": self.version, "arn": self.arn as Any,
                "selector": self.selector as Any, "type": self.type as Any,
            ],
            displayStyle: .struct
        )
    }
}

/// What `GetParameters` returned.
public struct GetParametersResult: Sendable, Hashable {
    /// The parameters found, in AWS's order (which need not be the request's).
    public var parameters: [Parameter]
    /// The selectors sent that matched nothing: unknown names, versions or labels.
    public var invalidParameters: [String]

    /// Creates a result.
    public init(parameters: [Parameter], invalidParameters: [String]) {
        self.parameters = parameters
        self.invalidParameters = invalidParameters
    }
}

/// One page of `GetParametersByPath`.
public struct ParametersPage: Sendable, Hashable {
    /// The page's parameters, in AWS's order.
    public var parameters: [Parameter]
    /// The next page's token; nil on the last page.
    public var nextToken: String?

    /// Creates a page.
    public init(parameters: [Parameter], nextToken: String?) {
        self.parameters = parameters
        self.nextToken = nextToken
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import PodVolume
import SecretProviderClass

/// A boolean flag value in Go's `strconv.ParseBool` syntax: `1 t T TRUE true True` and `0 f F FALSE false False`.
struct GoBool: ExpressibleByArgument, Equatable, Sendable {
    /// The parsed value.
    let value: Bool

    init(_ value: Bool) {
        self.value = value
    }

    init?(argument: String) {
        guard let value = GoBoolean.parse(argument) else { return nil }
        self.value = value
    }

    var defaultValueDescription: String {
        self.value ? "true" : "false"
    }

    static var allValueStrings: [String] {
        ["true", "false"]
    }
}

/// A duration in Go's `time.ParseDuration` syntax, such as `300ms`, `1.5s` or `2m30s`.
struct GoDuration: ExpressibleByArgument, Equatable, Sendable {
    /// The parsed duration.
    let duration: Duration

    private static let units: [(suffix: String, nanoseconds: Double)] = [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ]

    /// Wraps a duration (a default value).
    init(_ duration: Duration) {
        self.duration = duration
    }

    /// The default in Go's syntax: `2m`, `30s`, `1h`.
    var defaultValueDescription: String {
        let seconds = self.duration.components.seconds
        if seconds > 0, seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds > 0, seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }

    init?(argument: String) {
        var text = Substring(argument)
        var sign = 1.0
        if let first = text.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            text = text.dropFirst()
        }
        if text == "0" {
            self.duration = .zero
            return
        }
        guard !text.isEmpty else { return nil }
        var total = 0.0
        while !text.isEmpty {
            let number = text.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number != ".", let magnitude = Double(number) else { return nil }
            text = text.dropFirst(number.count)
            let unitText = text.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard let unit = Self.units.first(where: { $0.suffix == unitText }) else { return nil }
            text = text.dropFirst(unitText.count)
            total += magnitude * unit.nanoseconds
        }
        guard total.isFinite, total < 9.2e18 else { return nil }
        self.duration = .nanoseconds(Int64(sign * total))
    }
}

/// A ``VolumeLayout`` flag value: `generations` or `plain`.
struct VolumeLayoutArgument: ExpressibleByArgument, Equatable, Sendable {
    /// The layout.
    let layout: VolumeLayout

    init(_ layout: VolumeLayout) {
        self.layout = layout
    }

    init?(argument: String) {
        guard let layout = VolumeLayout(rawValue: argument) else { return nil }
        self.layout = layout
    }

    var defaultValueDescription: String {
        self.layout.rawValue
    }

    static var allValueStrings: [String] {
        VolumeLayout.allCases.map(\.rawValue)
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// The regions of a mount: the primary, and the failover one if any (at most two, as the incumbent).
public struct MountRegions: Sendable, Hashable, CustomStringConvertible {
    /// The primary region.
    public let primary: String
    /// The failover region; never equal to ``primary``.
    public let failover: String?

    /// The primary region, then the failover one.
    public var all: [String] {
        [self.primary] + (self.failover.map { [$0] } ?? [])
    }

    /// `us-east-1, us-west-2`.
    public var description: String {
        self.all.joined(separator: ", ")
    }
}

/// A ``MountPlan`` with its regions known and checked: ready for the AWS calls.
public struct ResolvedMountPlan: Sendable {
    /// The plan.
    public let plan: MountPlan
    /// The regions.
    public let regions: MountRegions

    /// What to fetch for `object` in each region: the primary region first, then the failover one.
    /// - Parameter object: One of ``plan``'s objects.
    public func sources(of object: PlannedObject) -> [(region: String, reference: ObjectReference)] {
        var sources = [(region: self.regions.primary, reference: object.primary)]
        if let region = self.regions.failover, let reference = object.failover {
            sources.append((region, reference))
        }
        return sources
    }
}

extension MountPlan {
    /// Completes the plan with its primary region and checks the rules that depend on it.
    ///
    /// When the SecretProviderClass names its `region`, those rules were already checked by
    /// ``init(attributes:permission:)`` and `fallbackRegion` is not used.
    /// - Parameter fallbackRegion: The primary region when the SecretProviderClass has none: `AWS_REGION`, else
    ///   the node's `topology.kubernetes.io/region` label.
    /// - Returns: The plan with its regions.
    /// - Throws: ``SecretProviderClassError``: `missingRegion` when no region is known, `invalidRegion`,
    ///   `sameFailoverRegion`, or `arnRegionMismatch` (V3) for each object whose ARN is in another region.
    public func resolved(fallbackRegion: String?) throws(SecretProviderClassError) -> ResolvedMountPlan {
        if let region = self.region {
            return ResolvedMountPlan(plan: self, regions: MountRegions(primary: region, failover: self.failoverRegion))
        }
        guard let primary = fallbackRegion, !primary.isEmpty else {
            throw SecretProviderClassError(
                code: .missingRegion,
                field: MountAttributes.regionKey,
                message: "Region not found: set region in the SecretProviderClass, or the "
                    + "topology.kubernetes.io/region label on the node"
            )
        }
        var problems: [Problem] = []
        if RegionName.isValid(primary) {
            problems += RegionName.failoverProblems(primary: primary, failover: self.failoverRegion)
            for object in self.objects {
                if let mismatch = ObjectDescriptor.arnRegionMismatch(name: object.primary.name, region: primary) {
                    problems.append(
                        Problem(
                            code: .arnRegionMismatch,
                            objectIndex: object.index,
                            objectName: object.primary.name,
                            field: "objectName",
                            message: mismatch
                        )
                    )
                }
            }
        } else {
            problems.append(RegionName.invalid(primary, field: "\(MountAttributes.regionKey) (from the node)"))
        }
        guard problems.isEmpty else {
            throw SecretProviderClassError(problems: problems)
        }
        return ResolvedMountPlan(plan: self, regions: MountRegions(primary: primary, failover: self.failoverRegion))
    }
}

/// Region names: checked because they become part of endpoint host names (`secretsmanager.<region>.amazonaws.com`);
/// the incumbent passes them on unchecked.
enum RegionName {
    /// Whether `name` is a DNS label of letters, digits and `-`, such as `us-east-1` or `us-gov-west-1`.
    static func isValid(_ name: String) -> Bool {
        let bytes = name.utf8
        return (1...63).contains(bytes.count) && bytes.first != UInt8(ascii: "-") && bytes.last != UInt8(ascii: "-")
            && bytes.allSatisfy { $0.isASCIIDigit || $0 == UInt8(ascii: "-") || (0x61...0x7A).contains($0 | 0x20) }
    }

    /// A region parameter: nil when empty; reported and nil when invalid.
    static func parameter(_ value: String, field: String, problems: inout [Problem]) -> String? {
        guard !value.isEmpty else {
            return nil
        }
        guard self.isValid(value) else {
            problems.append(self.invalid(value, field: field))
            return nil
        }
        return value
    }

    /// The problem for an invalid region name.
    static func invalid(_ value: String, field: String) -> Problem {
        Problem(
            code: .invalidRegion,
            field: field,
            message: "Invalid region: \(UserText.shown(value)) (a region name has only letters, digits and '-', "
                + "such as us-east-1)"
        )
    }

    /// The problem when the failover region is the primary one.
    static func failoverProblems(primary: String, failover: String?) -> [Problem] {
        guard failover == primary else {
            return []
        }
        return [
            Problem(
                code: .sameFailoverRegion,
                field: MountAttributes.failoverRegionKey,
                message: "\(primary): failover region cannot be the same as the primary region"
            )
        ]
    }
}

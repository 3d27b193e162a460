// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// How a write's files differ from a generation already in the target: the paths whose bytes or mode differ or
/// that are new, then the paths the generation has and the write does not.
///
/// Every directory of the generation is opened relative to its parent without following a link, and every file
/// read with `O_NOFOLLOW`: a link inside a generation (which this writer never makes) counts as a difference.
struct GenerationComparison {
    /// The paths that differ, relative to the target: the write's first, in its order, then the removed ones.
    let paths: [String]

    /// The positions in the plan of the entries the generation already holds, each with its open directory in the
    /// generation: a new generation links these files instead of writing them again.
    let held: [Int: OpenDirectory]

    /// The generation's top-level entries, as listed while comparing.
    let topLevelNames: [Name]

    /// Whether the generation already holds exactly the write's files and nothing else.
    var isEmpty: Bool {
        self.paths.isEmpty
    }

    /// Compares `plan` with `generation`.
    init(plan: WritePlan, generation: Generation) {
        var directories: [[Name]: OpenDirectory] = [[]: generation.directory]
        var paths: [String] = []
        var held: [Int: OpenDirectory] = [:]
        for (index, entry) in plan.entries.enumerated() {
            var parent: OpenDirectory? = generation.directory
            for depth in stride(from: 1, through: entry.directory.count, by: 1) {
                let components = Array(entry.directory.prefix(depth))
                if let opened = directories[components] {
                    parent = opened
                } else {
                    parent = try? parent?.openDirectory(components.last!).get()
                    directories[components] = parent
                }
            }
            if let parent, entry.isHeld(in: parent) {
                held[index] = parent
            } else {
                paths.append(entry.file.path)
            }
        }
        let files = Set(plan.entries.map(\.components))
        let planned = Set(plan.directories)
        var topLevelNames: [Name] = []
        Self.walk(generation.directory, at: [], depth: 64) { components in
            if components.count == 1 {
                topLevelNames.append(components[0])
            }
            if files.contains(components) {
                return false
            }
            if planned.contains(components) {
                return true
            }
            paths.append(VolumePath.relativeText(components))
            return false
        }
        self.paths = paths
        self.held = held
        self.topLevelNames = topLevelNames
    }

    /// Calls `visit` with every entry below `directory` (its components from the generation's top); enters the
    /// entries for which it returns true, when they open as directories.
    private static func walk(
        _ directory: OpenDirectory,
        at prefix: [Name],
        depth: Int,
        _ visit: ([Name]) -> Bool
    ) {
        for name in directory.entryNames() {
            let components = prefix + [name]
            guard visit(components), depth > 0, case .success(let child) = directory.openDirectory(name) else {
                continue
            }
            Self.walk(child, at: components, depth: depth - 1, visit)
        }
    }
}

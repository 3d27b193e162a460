// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import FileFormats
public import Templates

/// One template entry of `objects` (`objectType: template`): a file rendered from the mount's other files after
/// they are fetched, in the same all-or-nothing write.
public struct PlannedTemplate: Sendable {
    /// What renders the file.
    public enum Body: Sendable {
        /// A Mustache template (`template:`) whose data is every file the class names, by file name.
        case mustache(StrictTemplate)
        /// Every top-level key of the JSON object in the file `source` in a ready-made `format`.
        case format(FileFormat, source: String)
    }

    /// The entry's position in `objects`.
    public let index: Int

    /// The file, named by `objectAlias`, with its mode.
    public let file: PlannedFile

    /// What renders the file.
    public let body: Body

    /// The files of the class the template reads by name, checked before any I/O: the first segment of every name
    /// used outside sections (names inside a section may also be the section's keys, so they are resolved when the
    /// template renders), or the format's `source`.
    public var inputs: [String] {
        switch self.body {
        case .mustache(let template): template.topLevelRoots
        case .format(_, let source): [source]
        }
    }

    /// `template app.env (objects[3])`, for messages.
    public var description: String {
        "template \(UserText.shown(self.file.path)) (objects[\(self.index)])"
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// How much one SecretProviderClass may ask for: the provider serves every tenant of a node from one small process,
/// so the work and the files of one class are bounded before anything is fetched.
///
/// Counts are checked before the objects are validated one by one, so an oversized class costs a parse and a count,
/// not the validation of every object. The defaults are far above what real classes use (tens of objects).
public struct MountPlanLimits: Sendable, Hashable {
    /// The most objects in `objects` (`--max-objects-per-class`).
    public var maximumObjects: Int
    /// The most `jmesPath` entries of all objects together (`--max-jmespath-entries-per-class`).
    public var maximumJMESPathEntries: Int
    /// The most files one mount writes: every object's file and every `jmesPath` file (`--max-files-per-mount`).
    public var maximumFiles: Int
    /// The most bytes of all templates of one class together (`--max-template-bytes-per-class`): parsing is the
    /// costly part of validating a template, at most about 0.2 s of one core for 64 KiB of hostile text.
    public var maximumTemplateBytes: Int

    /// Creates limits; the defaults are the flags' defaults.
    public init(
        maximumObjects: Int = 1000,
        maximumJMESPathEntries: Int = 1000,
        maximumFiles: Int = 1000,
        maximumTemplateBytes: Int = 65_536
    ) {
        self.maximumObjects = maximumObjects
        self.maximumJMESPathEntries = maximumJMESPathEntries
        self.maximumFiles = maximumFiles
        self.maximumTemplateBytes = maximumTemplateBytes
    }

    /// The problem with a class of `objects` objects holding `jmesPathEntries` entries and templates of
    /// `templateBytes` bytes in all, if it is too large.
    func problem(objects: Int, jmesPathEntries: Int, templateBytes: Int = 0) -> Problem? {
        if templateBytes > self.maximumTemplateBytes {
            return Self.problem(
                .tooManyTemplateBytes,
                "the templates are \(templateBytes) bytes in all",
                self.maximumTemplateBytes,
                "template-bytes"
            )
        }
        if objects > self.maximumObjects {
            return self.tooManyObjects("objects lists \(objects) objects")
        }
        if jmesPathEntries > self.maximumJMESPathEntries {
            return Self.problem(
                .tooManyJMESPathEntries,
                "the objects have \(jmesPathEntries) jmesPath entries",
                self.maximumJMESPathEntries,
                "jmespath-entries"
            )
        }
        let files = objects + jmesPathEntries
        if files > self.maximumFiles {
            return Self.problem(.tooManyFiles, "the objects would write \(files) files", self.maximumFiles, "files")
        }
        return nil
    }

    /// The problem with a class of more than ``maximumObjects`` objects; `what` says how many it has.
    func tooManyObjects(_ what: String) -> Problem {
        Self.problem(.tooManyObjects, what, self.maximumObjects, "objects")
    }

    private static func problem(
        _ code: SecretProviderClassError.Code,
        _ what: String,
        _ limit: Int,
        _ flag: String
    ) -> Problem {
        let name = flag == "files" ? "max-files-per-mount" : "max-\(flag)-per-class"
        return Problem(
            code: code,
            field: MountAttributes.objectsKey,
            message: "\(what), more than this provider accepts (\(limit), its --\(name) flag); split the class"
        )
    }
}

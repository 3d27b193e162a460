// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import FileFormats
import Templates

extension ObjectDescriptor {
    /// The `objectType` of a template entry.
    static let templateType = "template"

    /// Whether the entry is a template (`objectType: template`) rather than an object to fetch.
    var isTemplate: Bool {
        self.objectType == Self.templateType
    }

    /// What names the entry in messages: a template's `objectAlias`, an object's `objectName`.
    var label: String {
        self.isTemplate ? self.objectAlias : self.objectName
    }

    /// Checks a template entry on its own (rules T1–T4): `objectAlias` names its file; it has either `template` or
    /// `format` with `source`; no field of a fetched object; the template parses within its limits. Which files it
    /// reads is checked once every entry is known (``TemplateRules``).
    func validateTemplate(
        problems: inout ObjectProblems,
        translation: PathTranslation?,
        defaultMode: FilePermission?
    ) -> ValidatedObject {
        let forbidden = [
            ("objectName", !self.objectName.isEmpty), ("objectVersion", !self.objectVersion.isEmpty),
            ("objectVersionLabel", !self.objectVersionLabel.isEmpty), ("jmesPath", !self.jmesPath.isEmpty),
            ("failoverObject", self.failoverObject != FailoverObjectEntry()),
            ("objectEncoding", !self.objectEncoding.isEmpty), ("mountAllKeys", !self.mountAllKeys.isEmpty),
            ("writeObjectFile", !self.writeObjectFile.isEmpty),
        ]
        for (field, isSet) in forbidden where isSet {
            problems.report(
                .templateField,
                field: field,
                "a template entry (objectType: template) has no \(field): it fetches nothing, it renders the file "
                    + "objectAlias from the class's other files"
            )
        }
        var path: String?
        if self.objectAlias.isEmpty {
            problems.report(
                .missingTemplateAlias,
                field: "objectAlias",
                "a template entry needs objectAlias, the name of the file it renders"
            )
        } else {
            path = self.checkedPath(
                self.objectAlias,
                field: "objectAlias",
                translation: translation,
                problems: &problems
            )
        }
        let body = self.templateBody(problems: &problems)
        var template: PlannedTemplate?
        if problems.list.isEmpty, let path, let body, let defaultMode {
            let file = PlannedFile(
                path: path,
                mode: self.filePermission ?? defaultMode,
                objectIndex: problems.index,
                content: .template
            )
            template = PlannedTemplate(index: problems.index, file: file, body: body)
        }
        return ValidatedObject(
            index: problems.index,
            descriptor: self,
            path: path,
            jmesPathPaths: [],
            planned: nil,
            template: template
        )
    }

    /// Reports `template`, `format` and `source` on an object that is not a template.
    func checkTemplateFields(problems: inout ObjectProblems) {
        for (field, value) in [("template", self.template), ("format", self.format), ("source", self.source)]
        where !value.isEmpty {
            problems.report(
                .templateField,
                field: field,
                "\(field) belongs to template entries (objectType: template), not to an object to fetch"
            )
        }
    }

    /// The template or format, parsed; nil with the problem reported.
    private func templateBody(problems: inout ObjectProblems) -> PlannedTemplate.Body? {
        let hasFormat = !self.format.isEmpty || !self.source.isEmpty
        guard self.template.isEmpty != !hasFormat else {
            problems.report(
                .invalidTemplate,
                field: self.template.isEmpty ? "template" : "format",
                self.template.isEmpty
                    ? "a template entry needs either template (a Mustache template) or format with source"
                    : "a template entry has either template or format with source, not both"
            )
            return nil
        }
        if !self.template.isEmpty {
            do {
                return .mustache(try StrictTemplate(self.template))
            } catch {
                problems.report(
                    .invalidTemplate,
                    field: "template",
                    "the template does not parse at line \(error.line), column \(error.column): \(error.reason)"
                )
                return nil
            }
        }
        let format = FileFormat(rawValue: self.format)
        if format == nil {
            let known = FileFormat.allCases.map(\.rawValue).joined(separator: ", ")
            problems.report(
                .invalidTemplate,
                field: "format",
                "format must be one of \(known) (got \"\(UserText.shown(self.format))\")"
            )
        }
        if self.source.isEmpty {
            problems.report(
                .invalidTemplate,
                field: "source",
                "format needs source, the file name of the object whose JSON keys it writes"
            )
        }
        guard let format, !self.source.isEmpty else { return nil }
        return .format(format, source: self.source)
    }
}

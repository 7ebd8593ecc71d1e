import ArgumentParser
import CustomsMapping
import CustomsModel
import Foundation

/// `customs map coverage --mapping <id> [--usage IM]`.
struct MapCoverage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "What a mapping covers of its package: gaps, national-only fields, conflicts, conformity.",
        discussion: """
            Required DM elements (minimum 1 or more, under a parent that is required or that the \
            mapping fills) and required attributes that no row fills; national fields without a \
            DM equivalent; conflicts when mapping back (a DM format wider than the national one, DM \
            codes without a national code); and the share of required positions covered. \
            --usage limits the report to one procedure (IM, EX, …).

            EXAMPLES:
              customs map coverage --mapping xa-import-csv
              customs map coverage --mapping xa-import-csv --usage IM --format json
              customs map coverage --mapping xa-import-csv --format csv > coverage.csv
              customs map coverage --from wco-ecommerce --to wco-declaration

            EXIT CODES:
              0  every required position is covered
              1  some required position is not covered
              2  usage error, broken definitions, unknown mapping
            """
    )

    /// Text, JSON or CSV.
    enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

    @OptionGroup var dataModel: DataModelOptions
    @Option(help: "The mapping (see 'customs map list').") var mapping: String?
    @Option(help: "Instead of a mapping: the package whose messages are mapped to --to by WCO ID.") var from: String?
    @Option(help: "With --from: the target package.") var to: String?
    @Option(help: "Limit to one usage: \(Usage.allCases.map(\.rawValue).joined(separator: ", ")).") var usage: String?
    @Option(help: "Output format: text, json or csv.") var format: ReportFormat = .text
    @OptionGroup var imported: ImportedPackageOptions

    func validate() throws {
        switch (mapping, from, to) {
        case (.some, nil, nil), (nil, .some, .some): break
        default: throw ValidationError("give --mapping <id>, or --from <package> --to <package>")
        }
    }

    func run() throws {
        let catalog = try dataModel.loadCatalog()
        let mapping: Mapping
        let package: InformationPackage
        var sourceElements = "National fields without DM equivalent"
        if let from, let to {
            let bridge = PackageBridge(
                from: try imported.package(from, in: catalog, dataModel: dataModel).0,
                to: try imported.package(to, in: catalog, dataModel: dataModel).0)
            mapping = bridge.mapping
            package = bridge.target
            sourceElements = "Elements of \(from) without a place in \(to)"
        } else {
            (mapping, package, _) = try imported.mapping(self.mapping!, in: catalog, dataModel: dataModel)
        }
        var usage: Usage?
        if let text = self.usage {
            guard let parsed = Usage(rawValue: text) else {
                let hint = Suggestions.closest(to: text, among: Usage.allCases.map(\.rawValue)).map {
                    " (did you mean '\($0)'?)"
                }
                throw CLIError("unknown usage '\(Terminal.printable(text))'\(hint ?? "")")
            }
            usage = parsed
        }
        let report = CoverageReport(
            mapping: mapping, package: package, codeLists: catalog.codeLists, usage: usage,
            numberings: catalog.numberings)
        switch format {
        case .json: try Terminal.printJSON(report)
        case .csv: print(csv(report), terminator: "")
        case .text: print(text(report, sourceElements: sourceElements), terminator: "")
        }
        if !report.uncovered.isEmpty { throw ExitCode(ExitStatus.findings.rawValue) }
    }

    private func text(_ report: CoverageReport, sourceElements: String) -> String {
        let covered = report.required.count - report.uncovered.count
        var lines = [
            "Coverage of \(report.package) by \(report.mapping)\(report.usage.map { " (usage \($0))" } ?? "")",
            String(
                format: "  conformity %.1f%%: %d of %d required elements and attributes mapped", report.conformity,
                covered, report.required.count),
            "  \(report.mapped.count) DM elements mapped",
        ]
        func section(_ title: String, _ items: [String]) {
            lines.append("\(title) (\(items.count))\(items.isEmpty ? "" : ":")")
            lines += items.map { "  " + $0 }
        }
        section(
            "Required, not mapped",
            report.uncovered.map {
                "\($0.pointer)  \($0.instancePath) — \($0.name)"
                    + Terminal.national(name: $0.nationalName, id: $0.nationalID)
            })
        section(sourceElements, report.nationalOnly)
        section(
            "Conflicts mapping back", report.conflicts.map { "\($0.kind)  \($0.field) ← \($0.pointer): \($0.message)" })
        let numbered = report.mapped.filter { !$0.numbers.isEmpty }
        if !numbered.isEmpty {
            section(
                "National numbers mapped",
                numbered.map {
                    "\($0.numbers.joined(separator: ", "))  \($0.pointer) ← \($0.fields.joined(separator: " + "))"
                })
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func csv(_ report: CoverageReport) -> String {
        func line(_ cells: [String]) -> String { CSVRecords.line(cells) + "\n" }
        var text = line(["section", "pointer", "instance_path", "national", "detail", "numbers"])
        for position in report.required {
            text += line([
                position.fields.isEmpty ? "required-uncovered" : "required-covered", position.pointer,
                position.instancePath, position.fields.joined(separator: " "), position.name,
                position.numbers.joined(separator: " "),
            ])
        }
        for position in report.mapped where !position.numbers.isEmpty {
            text += line([
                "mapped-numbered", position.pointer, position.instancePath, position.fields.joined(separator: " "),
                position.name, position.numbers.joined(separator: " "),
            ])
        }
        for field in report.nationalOnly { text += line(["national-only", "", "", field, "", ""]) }
        for conflict in report.conflicts {
            text += line(["conflict-\(conflict.kind)", conflict.pointer, "", conflict.field, conflict.message, ""])
        }
        text += line(["conformity", "", "", "", String(format: "%.1f", report.conformity), ""])
        return text
    }
}

import ArgumentParser
import CustomsModel
import Foundation

/// `customs packages diff <profile> [<base>]`: what a profile removes, restricts, renames and
/// adds, and how much of its base it covers.
struct PackagesDiff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare a profile (MyIP) with its base: removals, restrictions, renames, additions, coverage.",
        discussion: """
            Coverage is the share of the base's data elements that the profile keeps, overall and \
            for each procedure (IM, EX, …): the conformity view of a national dataset.

            EXAMPLES:
              customs packages diff xa-import
              customs packages diff xb-export wco-declaration --format json
            """
    )

    @OptionGroup var dataModel: DataModelOptions
    @Argument(help: "The profile or derived package.") var profile: String
    @Argument(help: "The package to compare with (default: the profile's base).") var base: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        let catalog = try dataModel.loadCatalog()
        let mine = try dataModel.package(profile, in: catalog)
        guard let baseID = base ?? mine.baseID else {
            throw CLIError(
                "\(profile) restricts no base package; name one to compare with: customs packages diff \(profile) <base>"
            )
        }
        let theirs = try dataModel.package(baseID, in: catalog)
        let diff = PackageDiff(profile: mine, base: theirs)
        switch format {
        case .json: try Terminal.printJSON(diff)
        case .text: print(Self.text(diff))
        }
    }

    static func text(_ diff: PackageDiff) -> String {
        let removedElements = diff.removed.reduce(0) { $0 + $1.elementCount }
        var lines = [
            "\(diff.profileID) against \(diff.baseID): keeps \(share(diff.coverage).trimmingCharacters(in: .whitespaces)) of its elements; "
                + "\(diff.removed.count) removed, \(diff.restricted.count) restricted, \(diff.renamed.count) renamed, \(diff.added.count) added",
            "",
        ]
        lines.append("Removed: \(diff.removed.count) subtree(s), \(removedElements) element(s)")
        for removal in diff.removed {
            lines.append("  - \(removal.pointer)  \(removal.path)  (\(removal.elementCount) element(s))")
        }
        lines.append("")
        lines.append("Restricted: \(diff.restricted.count)")
        for restriction in diff.restricted {
            lines.append(
                "  ~ \(restriction.pointer)  \(restriction.path): \(restriction.changes.joined(separator: "; "))")
        }
        lines.append("")
        lines.append("Renamed: \(diff.renamed.count)")
        for renaming in diff.renamed {
            let national = Terminal.national(name: renaming.nationalName, id: renaming.nationalID, leading: "")
            lines.append("  = \(renaming.pointer)  \(renaming.wcoName) → \(national)")
        }
        lines.append("")
        lines.append("Added: \(diff.added.count)")
        for addition in diff.added {
            lines.append(
                "  + \(addition.pointer)  \(addition.path) [\(addition.cardinality)] \(addition.format?.description ?? "") — \(addition.name)"
            )
        }
        lines.append("")
        lines.append("Coverage: \(share(diff.coverage)) of the base's data elements kept")
        for usage in Usage.allCases {
            guard let share = diff.coverageByUsage[usage] else { continue }
            lines.append("  \(usage.rawValue.padding(toLength: 5)) \(self.share(share))")
        }
        return lines.joined(separator: "\n")
    }

    static func share(_ share: PackageDiff.Share) -> String {
        String(format: "%5.1f%% (%d of %d)", share.ratio * 100, share.kept, share.total)
    }
}

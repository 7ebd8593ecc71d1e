import Foundation
import PeerTools
import Testing

/// A national schema imported into a data model folder, then found by the commands a user
/// reaches for next: by national number, by plain WCO ID, in the package tree.
@Suite("National schemas through the command line")
struct NationalSchemaCommandTests {
    @Test("import into DataModel/packages, then elements find, pointers resolve and packages show")
    func importedAndFound() throws {
        let folder = try temporaryFolder("national-dm")
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataModel = folder.appendingPathComponent("DataModel")
        try FileManager.default.copyItem(
            at: CLIRunner.projectRoot.appendingPathComponent("DataModel"), to: dataModel)
        let out = dataModel.appendingPathComponent("packages/h7.yaml").path
        let imported = try CLIRunner.run([
            "import", "xsd", "Tests/CustomsXMLTests/Fixtures/national/h7.xsd", "--id", "h7", "--out", out,
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("7 warnings"))

        let model = ["--data-model", dataModel.path]
        for query in ["12 09 001 000", "2/5"] {
            let found = try CLIRunner.run(["elements", "find", query] + model)
            #expect(found.status == 0)
            #expect(
                found.stdout.contains("used in h7 at 42A/D026  /H7Declaration/LRN [1] (12 09 001 000)"),
                "\(found.stdout)")
        }
        let resolved = try CLIRunner.run(["pointers", "resolve", "42A/L009/L110", "--package", "h7"] + model)
        #expect(
            resolved.stdout.split(separator: "\n").map { String($0.prefix { $0 != " " }) } == [
                "42A/L009/L110(Name)", "42A/L009/L110(Identification)",
            ])
        let shown = try CLIRunner.run(["packages", "show", "h7"] + model)
        #expect(shown.stdout.contains("LRN [1] D026 an..35 xs:token 1..22 — LRN (12 09 001 000)"), "\(shown.stdout)")
        let checked = try CLIRunner.run(["packages", "check", dataModel.path])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
    }
}

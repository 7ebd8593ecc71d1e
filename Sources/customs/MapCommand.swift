import ArgumentParser

/// `customs map …`: national records to DM messages and back, and coverage reports.
struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Map national records to DM messages and back; report what a mapping covers.",
        discussion: """
            A mapping (DataModel/mappings/, see DataModel/README.md) pairs a national dataset — \
            its record format (CSV, JSON or XML) and fields — with a package or profile.

            EXAMPLES:
              customs map --mapping xa-import-csv --to dm Records/xa-import-csv/declarations.csv --out out/
              customs map --mapping xa-import-csv --to national out/ --out records.csv
              customs map coverage --mapping xa-import-csv --usage IM
              customs map list
            """,
        subcommands: [MapRecords.self, MapCoverage.self, MapList.self],
        defaultSubcommand: MapRecords.self
    )
}

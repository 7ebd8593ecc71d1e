import CustomsDefinitions
import CustomsMapping
import CustomsModel
import FuzzSupport

#if canImport(Glibc)
import Glibc
#endif

/// Fuzzing of the national record readers and the mapper: each input is read as XA's flat CSV,
/// as XB's NDJSON and as XB's XML records, whole and in pieces (1 to 13 bytes, by the input's
/// length) — both ways must give the same records, errors and lines, or the same file error —
/// and every record read is mapped to a DM message and back. Stops on a crash, a hang, or a
/// disagreement. Built and run as Fuzz/README.md says.
enum RecordsFuzz {
    static let catalog: Catalog = {
        let folder = FuzzSupport.dataModel
        let loaded = DefinitionLoader.load(directory: folder)
        guard loaded.isClean else {
            FuzzSupport.report("records-fuzz: cannot load \(folder)\n")
            exit(2)
        }
        return loaded.catalog
    }()
    static let cases: [(mapping: Mapping, mapper: RecordMapper, name: String)] = [
        ("xa-import-csv", "r.csv"), ("xb-export-json", "r.ndjson"), ("xb-export-json", "r.json"),
        ("xb-export-xml", "r.xml"),
    ].map { id, name in
        let mapping = catalog.mapping(id)!
        return (mapping, RecordMapper(mapping: mapping, package: catalog.package(mapping.packageID)!), name)
    }

    static func check(_ bytes: [UInt8]) {
        for (mapping, mapper, name) in cases {
            let whole = read(bytes, mapping: mapping, name: name, piece: bytes.count + 1)
            let split = read(bytes, mapping: mapping, name: name, piece: 1 + bytes.count % 13)
            if whole.summary != split.summary {
                fail("\(mapping.id): in pieces\n  \(split.summary)\n  whole\n  \(whole.summary)")
            }
            for record in whole.records {
                let (message, _) = mapper.toDM(record)
                _ = mapper.toNational(message)
            }
        }
    }

    /// The records of `bytes` read in pieces of `piece` bytes, and a summary to compare.
    static func read(
        _ bytes: [UInt8], mapping: Mapping, name: String, piece: Int
    )
        -> (records: [NationalRecord], summary: [String])
    {
        let (records, error) = NationalRecordStream.records(in: bytes, mapping: mapping, name: name, piece: piece)
        let writer = NationalRecordWriter(mapping: mapping)
        let summary = records.map {
            "\($0.number) \($0.line ?? 0) \($0.error ?? "") \($0.record.map { writer.json($0).text } ?? "")"
        }
        return (records.compactMap(\.record), summary + (error.map { ["file error: \($0)"] } ?? []))
    }

    static func fail(_ text: String) -> Never { FuzzSupport.disagreement("records-fuzz", text) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    RecordsFuzz.check(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// The entry point SwiftPM gives an executable target (it links `main` to it): libFuzzer's
/// driver, with the target above.
@_cdecl("RecordsFuzz_main")
func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzSupport.run(argc, argv) { data, size in fuzzOneInput(data, size) }
}

import CustomsDefinitions
import CustomsMapping
import CustomsModel
import Foundation
import Testing

@Suite("Mapping tables: loaded, resolved and checked, each mistake located")
struct MappingLoaderTests {
    static let header = "national,format,dm,transform,direction,when,note\n"

    @Test("the shipped mappings load without problems")
    func shipped() {
        #expect(MappingFixtures.shipped.problems.isEmpty, "\(MappingFixtures.shipped.problems)")
        #expect(
            Set(MappingFixtures.catalog.mappings.map(\.id)) == ["xa-import-csv", "xb-export-json", "xb-export-xml"])
    }

    @Test("pointers, dotted pointers, WCO IDs and instance paths resolve to the same target")
    func targetForms() throws {
        let table =
            Self.header + """
                a.$1,,42A/67A/68A/$1/23A/137,,,,
                b.$1,,42A.67A.68A.$1.23A.137,,to-national,,
                c.$1,,/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[$1]/Commodity/Description,,to-national,,
                lrn,,D026,,,,
                """
        let folder = try MappingFixtures.folder(yaml: MappingFixtures.defaultYAML, table: table)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = DefinitionLoader.load(directory: folder.path)
        #expect(result.problems.isEmpty, "\(result.problems)")
        let rules = try #require(result.catalog.mapping("m")).rules
        #expect(rules[0].target == rules[1].target && rules[1].target == rules[2].target)
        #expect(rules[0].target?.description == "42A/67A/68A/$1/23A/137")
        #expect(rules[3].target?.pointer.description == "42A/D026")
    }

    /// One broken row each: its code, where it is reported, words of the message, the suggestion.
    @Test(
        "each mistake is reported at its cell with a did-you-mean",
        arguments: [
            ("lrn,,42A/D062,,,,", DefinitionProblem.Code.danglingReference, "2:6", "has no child D062", "D026"),
            (
                "lrn,,/Declaration/FunctionalReferenceId,,,,", .danglingReference, "2:6", "no child element",
                "FunctionalReferenceID"
            ),
            ("lrn,,42A/109/@currencyId,,,,", .danglingReference, "2:6", "has no attribute currencyId", "currencyID"),
            ("items.$1.d,,42A/67A/68A/23A/137,,,,", .invalidValue, "2:13", "$1 has no repeating DM element", nil),
            ("lrn,,42A/$1/D026,,,,", .danglingReference, "2:6", "occurs at most once", nil),
            ("lrn,,42A/D026,cod:transport,,,", .invalidValue, "2:15", "unknown transform 'cod'", nil),
            (
                "mode,,42A/15A/T022,code:transprt,,,", .danglingReference, "2:20", "unknown code table 'transprt'",
                "transport"
            ),
            ("mode,,42A/15A/T022,code:lossy,,,", .invalidValue, "2:20", "cannot run back", nil),
            ("mode,,42A/15A/T022,code:wrong,to-dm,,", .invalidValue, "", "which 42A/15A/T022 does not allow", "7"),
            ("lrn,an..70,42A/D026,,,,", .invalidValue, "2:5", "values that fit the national field would not fit", nil),
            (",,42A/D026,constant:X,,,", .invalidValue, "2:23", "a constant runs one way", nil),
            ("a + b,,42A/D026,,,,", .invalidValue, "2:1", "need a join", nil),
            ("lrn,,42A/D026,,sideways,,", .invalidValue, "2:16", "unknown direction", nil),
            ("lrn,,42A/D026,,,lrm=1,", .danglingReference, "2:1", "unknown national field 'lrm'", "lrn"),
            ("lrn,,42A/D026,date:DD/MM,,,", .invalidValue, "2:15", "needs YYYY, MM and DD", nil),
            ("lrn,,42A/D026,scale:3,,,", .invalidValue, "2:15", "not a power of ten", nil),
            ("lrn,an..99x,42A/D026,,,,", .unknownFormat, "2:5", "unknown format", nil),
            ("a..b,,42A/D026,,,,", .invalidValue, "2:1", "not a national field path", nil),
            (
                "p.$1,,42A/67A/68A/$1/70A[CurentCode=10]/161,,,,", .danglingReference, "2:7",
                "no data element CurentCode to qualify it by", "CurrentCode"
            ),
            ("lrn,,42A[FunctionCode=9]/D026,,,,", .danglingReference, "2:6", "a qualifier picks among repeated", nil),
            ("p.$1.x.$2,,42A/67A/68A/$1/70A/$2+x/166,,,,", .danglingReference, "2:12", "is not a placeholder", nil),
            ("lrn,,42A/D026,chars:3-1,,,", .invalidValue, "2:15", "ends before it starts", nil),
            ("a.$9.b,,42A/67A/68A/$9/006,,,,", .invalidValue, "2:1", "placeholders run from $1 to $8", nil),
            ("a + b,,42A/D026,join:space|chars:1-2,,,", .invalidValue, "2:17", "chars takes characters of one", nil),
        ] as [(String, DefinitionProblem.Code, String, String, String?)])
    func mistakes(
        row: String, code: DefinitionProblem.Code, place: String, words: String, suggestion: String?
    )
        throws
    {
        let problems = try MappingFixtures.problems(table: Self.header + row + "\n")
        let problem = try #require(problems.first, "no problem reported for \(row)")
        #expect(problems.count == 1, "\(problems)")
        #expect(problem.code == code, "\(problem)")
        if !place.isEmpty { #expect("\(problem.location.line):\(problem.location.column)" == place, "\(problem)") }
        #expect(problem.message.contains(words), "\(problem)")
        #expect(problem.suggestion == suggestion, "\(problem)")
    }

    @Test("two fields into one element without a join, and one field from two elements, are refused")
    func collisions() throws {
        let into = try MappingFixtures.problems(
            table: Self.header + "lrn,,42A/D026,,,,\nref,,42A/D026,,,,\n")
        #expect(into.count == 1 && into[0].message.contains("without a join"), "\(into)")
        #expect(into.first?.location.line == 3)
        let from = try MappingFixtures.problems(
            table: Self.header + "lrn,,42A/D026,,,,\nlrn,,42A/065,,,,\n")
        #expect(from.count == 1 && from[0].message.contains("filled back from 42A/D026"), "\(from)")
        // Conditions make two rows into one element fine; a one-way row too.
        let fine = try MappingFixtures.problems(
            table: Self.header + "lrn,,42A/D026,,,,\nkind,,,,,,\nref,,42A/D026,,to-dm,kind=X,\n")
        #expect(fine.isEmpty, "\(fine)")
    }

    @Test("a field split over elements by chars: pieces must follow on from each other in table order")
    func pieces() throws {
        let swapped = try MappingFixtures.problems(
            table: Self.header
                + "items.$1.p,,42A/67A/68A/$1/70A/161,chars:3-4,,,\nitems.$1.p,,42A/67A/68A/$1/70A/166,chars:1-2,,,\n")
        #expect(
            swapped.count == 1 && swapped[0].message.contains("should start at character 1")
                && swapped[0].location.line == 2, "\(swapped)")
        let openFirst = try MappingFixtures.problems(
            table: Self.header
                + "items.$1.p,,42A/67A/68A/$1/70A/166,chars:1-,,,\nitems.$1.p,,42A/67A/68A/$1/70A/161,chars:3-4,,,\n")
        #expect(
            openFirst.count == 1 && openFirst[0].message.contains("open-ended piece must be the last"), "\(openFirst)")
        let alsoWhole = try MappingFixtures.problems(
            table: Self.header
                + "items.$1.p,,42A/67A/68A/$1/70A/166,chars:1-2,,,\nitems.$1.p,,42A/67A/68A/$1/70A/161,chars:3-,,,\n"
                + "items.$1.p,,42A/67A/68A/$1/006,,,,\n")
        #expect(alsoWhole.count == 1 && alsoWhole[0].message.contains("piece by piece"), "\(alsoWhole)")
    }

    @Test("one row with a cell too many is reported at its line, the others not")
    func extraCell() throws {
        let problems = try MappingFixtures.problems(
            table: Self.header + "lrn,,42A/D026,,,,\noffice,,42A/065,,,,a note, with a comma\nmode,,42A/15A/T022,,,,\n")
        #expect(problems.count == 1 && problems[0].location.line == 3, "\(problems)")
        #expect(problems.first?.message.contains("8 cells where the header has 7 columns") == true)
    }

    @Test("rows over one repeating element that mix a qualifier with none are refused")
    func mixedQualifiers() throws {
        let problems = try MappingFixtures.problems(
            table: Self.header
                + "items.$1.a.$2,,42A/67A/68A/$1/70A/$2/166,,,,\nitems.$1.b,,42A/67A/68A/$1/70A[CurrentCode=99]/161,,,,\n"
        )
        #expect(
            problems.count == 1 && problems[0].message.contains("qualify them") && problems[0].location.line == 2,
            "\(problems)")
    }

    @Test("pieces, offset placeholders and qualified steps map both ways")
    func piecesOffsetsQualifiers() throws {
        let table =
            Self.header + """
                lrn,,42A/D026,,,,
                items.$1,,42A/67A/68A/$1,,,,
                items.$1.n,,42A/67A/68A/$1/006,,,,
                items.$1.procedure,an4,42A/67A/68A/$1/70A[CurrentCode!=99]/166,chars:1-2,,,
                items.$1.procedure,an4,42A/67A/68A/$1/70A[CurrentCode!=99]/161,chars:3-4,,,
                items.$1.additional.$2,an3,42A/67A/68A/$1/70A[CurrentCode!=99]/$2+1/166,,,,
                items.$1.special,,42A/67A/68A/$1/70A[CurrentCode=99]/161,,,,
                """
        let folder = try MappingFixtures.folder(yaml: MappingFixtures.defaultYAML, table: table)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = DefinitionLoader.load(directory: folder.path)
        #expect(result.problems.isEmpty, "\(result.problems)")
        let mapping = try #require(result.catalog.mapping("m"))
        let mapper = RecordMapper(mapping: mapping, package: try #require(result.catalog.package("xa-import")))
        let record = NationalRecord()
        record.setValue("L1", at: FieldPath(parsing: "lrn")!)
        record.setValue("1", at: FieldPath(parsing: "items.1.n")!)
        record.setValue("4000", at: FieldPath(parsing: "items.1.procedure")!)
        record.setValue("C07", at: FieldPath(parsing: "items.1.additional.1")!)
        record.setValue("F15", at: FieldPath(parsing: "items.1.additional.2")!)
        record.setValue("31", at: FieldPath(parsing: "items.1.special")!)
        let (message, issues) = mapper.toDM(record)
        #expect(issues.isEmpty, "\(issues)")
        let item = try #require(message.children.last?.children.first { $0.name == "GovernmentAgencyGoodsItem" })
        let procedures = item.children.filter { $0.name == "GovernmentProcedure" }.map {
            $0.children.map { "\($0.name)=\($0.text)" }.joined(separator: " ")
        }
        #expect(
            procedures == [
                "CurrentCode=40 PreviousCode=00", "CurrentCode=C07", "CurrentCode=F15",
                "CurrentCode=99 PreviousCode=31",
            ], "\(procedures)")
        let (back, backIssues) = mapper.toNational(message)
        #expect(backIssues.isEmpty, "\(backIssues)")
        #expect(back.sameContent(as: record))
    }

    @Test("mapping back, a condition needs its field filled by an earlier row")
    func conditionOrder() throws {
        let problems = try MappingFixtures.problems(
            table: Self.header + "kind,,,,,,\nlrn,,42A/D026,,,kind=X,\n")
        #expect(problems.count == 1 && problems[0].message.contains("is not filled before this row"), "\(problems)")
    }

    @Test("flat CSV holds header and item columns only")
    func csvLayout() throws {
        let yaml = MappingFixtures.defaultYAML.replacingOccurrences(of: "{format: json}", with: "{format: csv}")
        let problems = try MappingFixtures.problems(
            yaml: yaml, table: Self.header + "items.$1.packages.$2.marks,,42A/67A/68A/$1/93A/$2/142,,,,\n")
        #expect(problems.count == 1 && problems[0].message.contains("is neither"), "\(problems)")
    }

    @Test("the mapping file's own mistakes: unknown package, table, key and format")
    func mappingFile() throws {
        let yaml = """
            id: m
            name: test
            package: xa-imprt
            national: {format: csv}
            table: m.csv
            """
        let unknownPackage = try MappingFixtures.problems(yaml: yaml, table: Self.header)
        #expect(unknownPackage.first?.suggestion == "xa-import", "\(unknownPackage)")
        let badKey = try MappingFixtures.problems(
            yaml: MappingFixtures.defaultYAML + "\nrecordkey: lrn\n", table: Self.header + "lrn,,42A/D026,,,,\n")
        #expect(badKey.first?.suggestion == "recordKey", "\(badKey)")
        let badFormat = try MappingFixtures.problems(
            yaml: MappingFixtures.defaultYAML.replacingOccurrences(of: "{format: json}", with: "{format: jsn}"),
            table: Self.header)
        #expect(badFormat.first?.suggestion == "json", "\(badFormat)")
        let noTable = try MappingFixtures.problems(
            yaml: MappingFixtures.defaultYAML.replacingOccurrences(of: "table: m.csv", with: "table: n.csv"),
            table: Self.header)
        #expect(noTable.first?.suggestion == "m.csv", "\(noTable)")
    }
}

import CustomsDefinitions
import CustomsModel
import Foundation
import Testing

/// The UK's data-element numbers (Tariff Volume 3) of the CDS declaration, as HMRC's annotated
/// samples give them: a comment that starts with `DE 2/5` stands just before the element it
/// numbers. `DataModel/numbering/uk-cds-de.csv` holds what these samples say; this test reads
/// them again and requires the same table (run with UPDATE_NUMBERING=1 to write it).
@Suite("UK DE numbers: the numbering table is what HMRC's samples say")
struct UKDataElementNumberTests {
    static let table = Fixtures.projectRoot.appendingPathComponent("DataModel/numbering/uk-cds-de.csv")

    /// A pair is kept when seen at least twice and at least a tenth as often as the number's
    /// most frequent place: a scenario's prose names DEs before unrelated elements now and then.
    static let minimumSamples = 2
    static let minimumShare = 0.1

    @Test("the table matches the samples", .enabled(if: CDSCorpus.available, CDSCorpus.skipReason))
    func tableMatchesSamples() throws {
        let package = try #require(Fixtures.loaded.catalog.package("wco-declaration"))
        var counts: [String: [String: Int]] = [:]
        for sample in CDSCorpus.samples {
            let text = String(decoding: try Data(contentsOf: sample), as: UTF8.self)
            for (number, path) in Self.numberedPaths(in: text) { counts[number, default: [:]][path, default: 0] += 1 }
        }
        var rows: [(number: String, path: String, pointer: String, samples: Int)] = []
        var unresolved: [String] = []
        for (number, paths) in counts {
            let top = paths.values.max() ?? 0
            for (path, count) in paths
            where count >= Self.minimumSamples && Double(count) >= Self.minimumShare * Double(top) {
                guard let located = package.node(atInstancePath: "/" + path) else {
                    unresolved.append("\(number) \(path)")
                    continue
                }
                rows.append((number, "/" + path, located.pointer.description, count))
            }
        }
        rows.sort { a, b in
            let (x, y) = (Self.order(a.number), Self.order(b.number))
            return x != y ? x.lexicographicallyPrecedes(y) : (a.samples, b.path) > (b.samples, a.path)
        }
        var csv = "number,pointer,path,samples\n"
        for row in rows { csv += "\(row.number),\(row.pointer),\(row.path),\(row.samples)\n" }
        if ProcessInfo.processInfo.environment["UPDATE_NUMBERING"] == "1" {
            try Data(csv.utf8).write(to: Self.table)
        }
        let shipped = try String(contentsOf: Self.table, encoding: .utf8)
        #expect(
            shipped == csv, "DataModel/numbering/uk-cds-de.csv differs from the samples; UPDATE_NUMBERING=1 rewrites it"
        )
        #expect(rows.count > 80, "\(rows.count) numbered places")
        #expect(unresolved.count < 10, "places the declaration package does not hold: \(unresolved.sorted())")
    }

    /// `12/3` sorts by group, then item.
    static func order(_ number: String) -> [Int] { number.split(separator: "/").compactMap { Int($0) } }

    /// Every (DE number, element path from `Declaration`) that a comment starting with `DE n/m`
    /// names by standing before the element; elements of a response are left out.
    static func numberedPaths(in text: String) -> [(String, String)] {
        var found: [(String, String)] = []
        var stack: [String] = []
        var pending: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            rest = rest[open...]
            if rest.hasPrefix("<!--") {
                let body = rest.dropFirst(4)
                guard let end = body.range(of: "-->") else { break }
                pending += leadingNumbers(body[..<end.lowerBound])
                rest = body[end.upperBound...]
                continue
            }
            guard let close = rest.firstIndex(of: ">") else { break }
            let tag = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("?") || tag.hasPrefix("!") { continue }
            if tag.hasPrefix("/") {
                if !stack.isEmpty { stack.removeLast() }
                continue
            }
            let name = tag.prefix { !$0.isWhitespace && $0 != "/" }
            let local = String(name.split(separator: ":").last ?? name[...])
            let path = stack + [local]
            if let start = path.firstIndex(of: "Declaration"), !stack.contains("Response") {
                for number in pending { found.append((number, path[start...].joined(separator: "/"))) }
            }
            pending = []
            if !tag.hasSuffix("/") { stack.append(local) }
        }
        return found
    }

    /// The numbers a comment starts with: `DE 3/20 DE 3/20: …` gives 3/20; prose that only
    /// mentions a DE later gives none.
    static func leadingNumbers(_ comment: Substring) -> [String] {
        var numbers: [String] = []
        var words = comment.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ":" })[...]
        while let word = words.first, word.uppercased() == "DE" || word == "&" || word.lowercased() == "and" {
            words = words.dropFirst()
            if word.uppercased() == "DE", let number = words.first,
                let parsed = DataElementNumber(parsing: String(number))
            {
                if !numbers.contains(parsed.number) { numbers.append(parsed.number) }
                words = words.dropFirst()
            }
        }
        return numbers
    }
}

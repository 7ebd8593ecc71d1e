import CustomsModel
import Testing

@Suite("WCO IDs and pointers")
struct IdentifierTests {
    @Test("tells classes from elements and unassigned placeholders")
    func kinds() {
        #expect(WCOIdentifier("42A").isClass)
        #expect(!WCOIdentifier("017").isClass)
        #expect(!WCOIdentifier("D026").isClass)
        #expect(WCOIdentifier("X-CO-01").isUnassigned)
        for id in ["42A", "017", "D026", "R014", "T005", "G005", "X-CO-01", "99B"] {
            #expect(WCOIdentifier(id).isWellFormed, "\(id)")
        }
        for id in ["", "4", "ABC", "D", "42a", "0170000", "X-", "D0-2"] {
            #expect(!WCOIdentifier(id).isWellFormed, "\(id)")
        }
    }

    @Test("pointers read and write class paths")
    func pointers() throws {
        let pointer = try #require(Pointer(parsing: "42A/67A/68A/03A/226"))
        #expect(pointer.segments == ["42A", "67A", "68A", "03A", "226"])
        #expect(pointer.parent?.description == "42A/67A/68A/03A")
        #expect(pointer.last == "226")
        #expect(Pointer(["42A", "67A"]).isPrefix(of: pointer))
        #expect(!Pointer(["42A", "68A"]).isPrefix(of: pointer))
        #expect(Pointer(parsing: "42A//226") == nil)
        #expect(Pointer(parsing: "") == nil)
    }

    @Test("usage lists")
    func usage() {
        let (usages, unknown) = Usage.parseList("IM ex, CRI;UPU SAFE")
        #expect(usages == [.importDeclaration, .exportDeclaration, .cargoReportImport, .postal])
        #expect(unknown == ["SAFE"])
        #expect(Usage.describe([.postal, .importDeclaration]) == "IM UPU")
    }

    @Test("did you mean")
    func suggestions() {
        #expect(Suggestions.closest(to: "ocurs", among: ["occurs", "tag", "id"]) == "occurs")
        #expect(Suggestions.closest(to: "edifact-1252", among: ["edifact-1225", "iso-4217"]) == "edifact-1225")
        #expect(Suggestions.closest(to: "zzzzzz", among: ["occurs", "tag"]) == nil)
        #expect(Suggestions.editDistance(Array("abcd"), Array("abdc")) == 1)
    }
}

@Suite("Did you mean")
struct SuggestionTests {
    @Test("among equally near candidates the first in string order wins, whatever their order")
    func deterministic() {
        let candidates = ["D062", "D020", "D026", "X026", "017"]
        var orders: [[String]] = [candidates, candidates.reversed()]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<50 { orders.append(candidates.shuffled(using: &random)) }
        // "D02" is one edit from D020, D026 and D062 alike: the first in string order is the answer.
        for order in orders {
            #expect(Suggestions.closest(to: "D02", among: order) == "D020")
            #expect(Suggestions.closest(to: "D026x", among: order) == "D026")
            #expect(Suggestions.closest(to: "zzzz", among: order) == nil)
        }
    }
}

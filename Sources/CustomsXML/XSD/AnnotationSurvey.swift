import CustomsModel

/// Goes through every `xs:documentation` of every schema read, used by the package or not, and
/// sorts its children into WCO annotations, national numbers and unrecognised ones, for
/// `customs import xsd --verbose`.
enum AnnotationSurvey {
    static func report(_ schemas: SchemaSet) -> XSDAnnotationReport {
        var wcoCount = 0
        var nationalCounts: [String: Int] = [:]
        var unrecognised: [String: (count: Int, first: SourceLocation)] = [:]
        func visit(_ element: SchemaElement, file: String) {
            guard element.isSchema("documentation") else {
                for child in element.children { visit(child, file: file) }
                return
            }
            let (found, used) = NationalNumberAnnotations.numbers(in: element, file: file)
            for each in found { nationalCounts[each.layout.rawValue, default: 0] += 1 }
            for (index, child) in element.children.enumerated() where !used.contains(index) {
                if WCOAnnotationReader.isWCOTag(child.name) {
                    wcoCount += 1
                    continue
                }
                let tag = child.namespace.isEmpty ? child.name : "{\(child.namespace)}\(child.name)"
                let first = unrecognised[tag]?.first ?? child.location(in: file)
                unrecognised[tag] = ((unrecognised[tag]?.count ?? 0) + 1, first)
            }
        }
        for document in schemas.documents { visit(document.root, file: document.path) }
        return XSDAnnotationReport(
            wcoCount: wcoCount, nationalCounts: nationalCounts,
            unrecognised: unrecognised.map { .init(tag: $0.key, count: $0.value.count, first: $0.value.first) }
                .sorted { ($1.count, $0.tag) < ($0.count, $1.tag) })
    }
}

/// A node set or attribute-value set of the rule evaluator: most paths reach one element, and
/// an array of one costs an allocation each time a rule reads a value; the first element is
/// kept inline and only the others in an array.
struct SmallSet<Element>: RandomAccessCollection {
    private var head: Element?
    private var tail: [Element] = []

    init() {}

    init(_ element: Element) { head = element }

    init(_ elements: some Sequence<Element>) {
        for element in elements { append(element) }
    }

    mutating func append(_ element: Element) {
        if head == nil { head = element } else { tail.append(element) }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { head == nil ? 0 : 1 + tail.count }

    subscript(position: Int) -> Element { position == 0 ? head! : tail[position - 1] }
}

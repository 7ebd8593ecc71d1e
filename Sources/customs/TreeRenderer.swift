import CustomsModel

/// Draws a package's nodes as an indented tree, one line a node:
///
/// ```
/// Declaration [1] 42A — Declaration
/// ├─ FunctionCode [1] 017 n..2 edifact-1225{9,13,14} — Message function, coded « Message function » (XA 1/0)
/// ```
///
/// A choice's alternatives end in `‹or: choice NAME [occurs]›`; imported elements show their XSD
/// type (`xs:token 0..3 /[A-Z]+/`), wildcards what they admit.
enum TreeRenderer {
    static func render(_ nodes: [LocatedNode], codeLists: [String: CodeList]) -> String {
        var lines: [String] = []
        for (index, located) in nodes.enumerated() {
            let prefix = located.depth == 0 ? "" : branches(for: index, in: nodes)
            lines.append(prefix + describe(located.node))
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ node: PackageNode) -> String {
        if let wildcard = node.wildcard {
            return "* [\(node.cardinality)] — \(wildcard.summary), not validated (\(wildcard.process.rawValue))"
        }
        var parts = [
            "\(node.tag) [\(node.cardinality)]", node.id?.rawValue ?? (node.isNationalAddition ? "national" : "-"),
        ]
        if let format = node.format { parts.append(format.description) }
        if let type = node.valueType { parts.append("xs:" + type.summary) }
        if let list = node.codeListID {
            parts.append(list + (node.allowedCodes.map { "{\($0.joined(separator: ","))}" } ?? ""))
        }
        for pattern in node.patterns { parts.append("/\(pattern)/") }
        for attribute in node.attributes {
            var text = "@" + attribute.name + (attribute.isRequired ? "!" : "")
            if let codes = attribute.allowedCodes { text += "{\(codes.joined(separator: ","))}" }
            parts.append(text)
        }
        var line = parts.joined(separator: " ") + " — " + node.name
        if node.isNationalAddition { line += " [national addition]" }
        line += Terminal.national(name: node.isNationalAddition ? nil : node.nationalName, id: node.nationalID)
        if let choice = node.choice { line += " ‹or: choice \(choice.name) [\(choice.cardinality)]›" }
        return line
    }

    /// The tree-drawing prefix: for each ancestor level, whether more siblings follow.
    private static func branches(for index: Int, in nodes: [LocatedNode]) -> String {
        let depth = nodes[index].depth
        var prefix = ""
        for level in 1...depth {
            let hasLaterSibling = nodes[(index + 1)...].prefix { $0.depth >= level }.contains { $0.depth == level }
            if level == depth {
                prefix += hasLaterSibling ? "├─ " : "└─ "
            } else {
                prefix += hasLaterSibling ? "│  " : "   "
            }
        }
        return prefix
    }
}

import CustomsModel

/// Writes a package's business rules as ISO Schematron (ISO/IEC 19757-3, query binding `xslt`:
/// XPath 1.0), so that any Schematron processor checks the rules that `customs validate`
/// checks: one pattern per rule, its scope as the rule context, its condition and assertion
/// as one test (`not(condition) or (assertion)`), the rule's ID on the assert, its severity as
/// the role, its message with `sch:value-of` where the template shows values.
///
/// The rule language is XPath 1.0 already (DataModel/README.md, "Business rules"); what is
/// written differently (`SchematronExpressionWriter`): element names get the prefix of their
/// namespace; `exists` is `boolean`; `min`/`max` are EXSLT's `math:min`/`math:max`;
/// `matches` is EXSLT's `re:test` with the XSD pattern anchored; `in-code-list` is a
/// `contains` over the list's codes; `date` is the day count worked out in XPath 1.0 from the
/// digits, NaN for a day that does not exist.
///
/// Differences that remain, documented with the language: XPath 1.0 numbers are binary
/// floating point where ours are exact decimals (`0.1 + 0.2 = 0.3` holds in customs only), and
/// customs does not evaluate a rule that reads a value which already failed its own check.
public enum SchematronExporter {
    /// Why the rules cannot be written as Schematron.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// What, naming the rule.
        public let description: String
    }

    /// The ISO Schematron schema for `rules` of `package` (with `codeLists`, which the rules'
    /// `in-code-list` calls name).
    public static func export(
        _ package: InformationPackage, rules: [BusinessRule], codeLists: [String: CodeList]
    ) throws(Failure) -> String {
        let namespaces = SchematronNamespaces(package)
        var lines: [String] = []
        lines.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        lines.append(
            "<!-- \(commentSafe(package.id)) \(commentSafe(package.version)): business rules of \(commentSafe(package.name)). Written by customs export schematron. -->"
        )
        lines.append("<sch:schema xmlns:sch=\"http://purl.oclc.org/dsdl/schematron\" queryBinding=\"xslt\">")
        lines.append("  <sch:title>\(XMLEscaping.escape(package.name)): business rules</sch:title>")
        var body: [String] = []
        var usesMath = false
        var usesRegex = false
        for rule in rules {
            var writer = SchematronExpressionWriter(rule: rule, namespaces: namespaces, codeLists: codeLists)
            let test: String
            do throws(SchematronExpressionWriter.Failure) {
                let assertion = try writer.write(rule.assertion)
                if let condition = rule.condition {
                    test = "not(\(try writer.write(condition))) or (\(assertion))"
                } else {
                    test = assertion
                }
            } catch {
                throw Failure(description: "rule \(rule.id) (\(rule.source)): \(error.reason)")
            }
            usesMath = usesMath || writer.usesMath
            usesRegex = usesRegex || writer.usesRegex
            let written = [rule.conditionText.map { "when \($0)," }, "assert \(rule.assertionText)"]
                .compactMap { $0 }.joined(separator: " ")
            body.append(
                "  <!-- \(commentSafe(rule.id)) (\(commentSafe(rule.source.description))): \(commentSafe(written)) -->")
            body.append("  <sch:pattern>")
            body.append("    <sch:rule context=\"\(XMLEscaping.escape(namespaces.absolutePath(rule.scope)))\">")
            for (name, value) in writer.lets {
                body.append("      <sch:let name=\"\(name)\" value=\"\(XMLEscaping.escape(value))\"/>")
            }
            body.append(
                "      <sch:assert id=\"\(XMLEscaping.escape(rule.id))\" role=\"\(rule.severity.rawValue)\" test=\"\(XMLEscaping.escape(test))\">\(message(rule, writer: writer))</sch:assert>"
            )
            body.append("    </sch:rule>")
            body.append("  </sch:pattern>")
        }
        for (prefix, uri) in namespaces.declarations {
            lines.append("  <sch:ns prefix=\"\(prefix)\" uri=\"\(XMLEscaping.escape(uri))\"/>")
        }
        if usesMath { lines.append("  <sch:ns prefix=\"math\" uri=\"http://exslt.org/math\"/>") }
        if usesRegex { lines.append("  <sch:ns prefix=\"re\" uri=\"http://exslt.org/regular-expressions\"/>") }
        lines += body
        lines.append("</sch:schema>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The rule's message: its ID, then the template with each `{path}` as an `sch:value-of`.
    static func message(_ rule: BusinessRule, writer: SchematronExpressionWriter) -> String {
        let texts = rule.messageTexts
        var text = XMLEscaping.escape(rule.id) + ": " + XMLEscaping.escape(texts[0])
        for (path, after) in zip(rule.messagePaths, texts.dropFirst()) {
            text += "<sch:value-of select=\"\(XMLEscaping.escape(writer.path(path)))\"/>" + XMLEscaping.escape(after)
        }
        return text
    }

    /// `text` made safe inside an XML comment (no `--`).
    static func commentSafe(_ text: String) -> String {
        var result = text
        while result.contains("--") { result = result.replacing("--", with: "- -") }
        return result.hasSuffix("-") ? result + " " : result
    }
}

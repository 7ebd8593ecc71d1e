import CustomsModel

/// Imports WCO-annotated XSDs as an information package: the schemas' content model becomes
/// the package tree (each element a node with its namespace, occurrences, value type and
/// attributes), and the WCO annotations its IDs, names, formats and usage marks. The result
/// validates messages exactly as the schemas do, within the subset described in README.md
/// ("Importing XSDs"); anything outside it is an `XSDImportError` naming the construct.
///
/// ```swift
/// let package = try XSDImporter.importPackage(
///     entries: ["DocumentMetaData_2_DMS.xsd", "WCO_DEC_2_DMS.xsd"], root: "MetaData", id: "uk-cds-dec")
/// let compiled = try Compiler.compile(package, codeLists: [:])
/// ```
public enum XSDImporter {
    /// The largest schema file an import reads.
    public static let maximumSchemaSize = SchemaDocumentReader.maximumSize

    /// Reads `entries` (and what they import and include) and builds the package rooted at the
    /// global element `root` (by local name; nil: the first entry's only global element),
    /// with the warnings about the schemas; `strict` makes the first warning an error (listing
    /// the others).
    public static func importSchemas(
        entries: [String], root: String?, id: String, name: String? = nil, version: String? = nil,
        strict: Bool = false
    ) throws(XSDImportError) -> XSDImport {
        guard let first = entries.first else { throw XSDImportError(file: "", line: 0, "no schema files given") }
        let schemas = try SchemaSet.load(entries: entries)
        let rootComponent = try chooseRoot(root, in: schemas, first: SchemaPath.normalized(first))
        var builder = ContentBuilder(schemas: schemas)
        var tree = try builder.element(
            rootComponent.element, in: rootComponent.document, isGlobal: true, cardinality: .required)
        let namespace = tree.namespace ?? ""
        clearDefaultNamespace(&tree, namespace)
        var identities = PointerIdentities(
            idSites: builder.idSites, packageNamespace: namespace, warnings: builder.warnings)
        identities.distinguish(&tree)
        identities.noteReuseAcrossClasses(in: tree)
        let warnings = identities.warnings.sorted
        if strict, let firstWarning = warnings.first {
            throw XSDImportError(
                at: firstWarning.location,
                "\(firstWarning.message) [\(firstWarning.kind.rawValue), an error under --strict]",
                others: warnings.dropFirst().map {
                    XSDImportError(at: $0.location, "\($0.message) [\($0.kind.rawValue)]")
                })
        }
        let document = schemas.documents[0]
        let package = InformationPackage(
            id: id, name: name ?? "\(tree.tag) from \(document.path.split(separator: "/").last ?? "")",
            version: version ?? document.root.attributes["version"] ?? "1", kind: .derived,
            description: "Imported from "
                + schemas.documents.map { String($0.path.split(separator: "/").last ?? "") }.joined(separator: ", "),
            namespace: namespace.isEmpty ? nil : namespace, root: tree, origin: SourceLocation(file: first))
        return XSDImport(
            package: package, warnings: warnings, annotations: AnnotationSurvey.report(schemas),
            files: schemas.documents.map { ($0.path, $0.digest) })
    }

    /// The package alone, warnings left out: `importSchemas(…).package`.
    public static func importPackage(
        entries: [String], root: String?, id: String, name: String? = nil, version: String? = nil
    ) throws(XSDImportError) -> InformationPackage {
        try importSchemas(entries: entries, root: root, id: id, name: name, version: version).package
    }

    private static func chooseRoot(
        _ name: String?, in schemas: SchemaSet, first: String
    ) throws(XSDImportError)
        -> SchemaSet.Component
    {
        if let name {
            let matches = schemas.elements.filter { $0.key.name == name || $0.key.description == name }
            if matches.count == 1 { return matches.first!.value }
            if matches.isEmpty {
                let known = schemas.elements.keys.map(\.name)
                let hint = Suggestions.closest(to: name, among: known).map { " (did you mean \($0)?)" } ?? ""
                throw XSDImportError(file: first, line: 0, "no global element \(name) in the schemas read\(hint)")
            }
            throw XSDImportError(
                file: first, line: 0,
                "\(name) is declared in several namespaces: give --root as {namespace}name (\(matches.keys.map(\.description).sorted().joined(separator: ", ")))"
            )
        }
        let own = schemas.elements.filter { $0.value.document.path == first }
        if own.count == 1 { return own.first!.value }
        if own.isEmpty {
            throw XSDImportError(
                file: first, line: 0,
                "declares no global element, so no message can start with it (is it a types schema? give the schema that declares the root first, or --root)"
            )
        }
        throw XSDImportError(
            file: first, line: 0,
            "\(first) declares \(own.count) global elements; name the message's root with --root (\(own.keys.map(\.name).sorted().joined(separator: ", ")))"
        )
    }

    /// Nodes in the package's own namespace keep `namespace` nil (the package's), so that only
    /// the exceptions carry one.
    private static func clearDefaultNamespace(_ node: inout PackageNode, _ namespace: String) {
        if node.namespace == namespace { node.namespace = nil }
        for index in node.children.indices { clearDefaultNamespace(&node.children[index], namespace) }
    }
}

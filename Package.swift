// swift-tools-version: 6.1
import PackageDescription

// Modules follow the one-way layering in README.md ("Architecture"): each target depends only on
// those above it, so the validation core builds and tests without servers or databases.
let package = Package(
    name: "customs",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "customs", targets: ["customs"]),
        .library(name: "CustomsModel", targets: ["CustomsModel"]),
        .library(name: "CustomsDefinitions", targets: ["CustomsDefinitions"]),
        .library(name: "CustomsValidation", targets: ["CustomsValidation"]),
        .library(name: "CustomsXML", targets: ["CustomsXML"]),
        .library(name: "CustomsJSON", targets: ["CustomsJSON"]),
        .library(name: "CustomsMapping", targets: ["CustomsMapping"]),
        // The JSON tokenizer's reference parser, for its tests and its fuzzer (Fuzz/).
        .library(name: "JSONReference", targets: ["JSONReference"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        // Property-based tests (Swift Testing), for the readers and the generator.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Value types of the WCO Data Model; no dependencies, no I/O.
        .target(name: "CustomsModel"),
        // Loading and checking the definition files in DataModel/.
        .target(
            name: "CustomsDefinitions",
            dependencies: [
                "CustomsModel",
                .product(name: "Yams", package: "Yams"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
            ]
        ),
        // The compiler (package -> validator tree) and the streaming validation runtime.
        .target(name: "CustomsValidation", dependencies: ["CustomsModel"]),
        // The secure streaming XML reader over libxml2; the only target that links it.
        .target(name: "CustomsXML", dependencies: ["CustomsModel", "CustomsValidation", "CLibXML2"]),
        // The streaming JSON tokenizer and reader (the same events as XML), the JSON binding,
        // conversion between XML and JSON, and JSON Schema export.
        .target(name: "CustomsJSON", dependencies: ["CustomsModel", "CustomsValidation"]),
        // Mapping national records (CSV, JSON, XML) to DM messages and back, and coverage reports.
        .target(
            name: "CustomsMapping", dependencies: ["CustomsModel", "CustomsValidation", "CustomsXML", "CustomsJSON"]),
        // libxml2, for the streaming XML reader (see ../shared/SWIFT-NOTES.md for the shim's reasons).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .executableTarget(
            name: "customs",
            dependencies: [
                "CustomsModel",
                "CustomsDefinitions",
                "CustomsValidation",
                "CustomsXML",
                "CustomsJSON",
                "CustomsMapping",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Test support: finds and runs the peers the tests compare with (xmllint, python3).
        .target(name: "PeerTools", path: "Tests/PeerTools"),
        .target(name: "JSONReference", dependencies: ["CustomsJSON"], path: "Tests/JSONReference"),
        .testTarget(name: "CustomsModelTests", dependencies: ["CustomsModel"]),
        .testTarget(name: "CustomsDefinitionsTests", dependencies: ["CustomsDefinitions"]),
        .testTarget(name: "CustomsValidationTests", dependencies: ["CustomsValidation", "CustomsDefinitions"]),
        .testTarget(
            name: "CustomsXMLTests",
            dependencies: [
                "CustomsXML", "CustomsDefinitions", "CLibXML2", "PeerTools",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "CustomsJSONTests",
            dependencies: [
                "CustomsJSON", "CustomsXML", "CustomsDefinitions", "PeerTools", "JSONReference",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "CustomsMappingTests",
            dependencies: [
                "CustomsMapping", "CustomsDefinitions", "CustomsXML", "PeerTools",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(name: "CLITests", dependencies: ["customs", "CustomsXML", "PeerTools"]),
    ],
    swiftLanguageModes: [.v6]
)

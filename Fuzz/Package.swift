// swift-tools-version: 6.1
import PackageDescription

// Fuzz targets live in their own package (libFuzzer needs every module built with
// -sanitize=fuzzer); they depend on the root package by path. How to build and run them:
// Fuzz/README.md.
let package = Package(
    name: "customs-fuzz",
    dependencies: [.package(name: "customs", path: "..")],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "CustomsDefinitions", package: "customs"),
                .product(name: "CustomsValidation", package: "customs"),
            ],
            path: "Sources/FuzzSupport"
        ),
        .executableTarget(
            name: "XMLFuzz",
            dependencies: [
                "FuzzSupport",
                .product(name: "CustomsValidation", package: "customs"),
                .product(name: "CustomsXML", package: "customs"),
            ],
            path: "Sources/XMLFuzz"
        ),
        .executableTarget(
            name: "JSONFuzz",
            dependencies: [
                "FuzzSupport",
                .product(name: "CustomsJSON", package: "customs"),
                .product(name: "CustomsValidation", package: "customs"),
                .product(name: "JSONReference", package: "customs"),
            ],
            path: "Sources/JSONFuzz"
        ),
        .executableTarget(
            name: "RecordsFuzz",
            dependencies: [
                "FuzzSupport",
                .product(name: "CustomsDefinitions", package: "customs"),
                .product(name: "CustomsMapping", package: "customs"),
            ],
            path: "Sources/RecordsFuzz"
        ),
    ]
)

// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package, outside CI's critical path; they depend on the root
// package by path. Run from this folder: swift run -c release definitions-benchmark ../DataModel
let package = Package(
    name: "customs-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "customs", path: ".."),
        .package(url: "https://github.com/ordo-one/malloc-interposer", from: "1.6.1"),
    ],
    targets: [
        // What the benchmarks share: running peers, CPU time, medians.
        .target(
            name: "BenchmarkSupport",
            dependencies: [.product(name: "CustomsValidation", package: "customs")],
            path: "Sources/BenchmarkSupport"
        ),
        .executableTarget(
            name: "DefinitionsBenchmark",
            dependencies: [.product(name: "CustomsDefinitions", package: "customs")],
            path: "Sources/DefinitionsBenchmark"
        ),
        .executableTarget(
            name: "ValidationBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "CustomsDefinitions", package: "customs"),
                .product(name: "CustomsValidation", package: "customs"),
                .product(name: "CustomsXML", package: "customs"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ],
            path: "Sources/ValidationBenchmark"
        ),
        .executableTarget(
            name: "JSONBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "CustomsDefinitions", package: "customs"),
                .product(name: "CustomsJSON", package: "customs"),
                .product(name: "CustomsValidation", package: "customs"),
            ],
            path: "Sources/JSONBenchmark"
        ),
        .executableTarget(
            name: "MappingBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "CustomsDefinitions", package: "customs"),
                .product(name: "CustomsMapping", package: "customs"),
                .product(name: "CustomsValidation", package: "customs"),
                .product(name: "CustomsXML", package: "customs"),
            ],
            path: "Sources/MappingBenchmark"
        ),
    ],
    swiftLanguageModes: [.v6]
)

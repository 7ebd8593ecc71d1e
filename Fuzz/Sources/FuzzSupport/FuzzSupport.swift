import CustomsDefinitions
import CustomsValidation

#if canImport(Glibc)
import Glibc
#endif

/// What every fuzz target here shares: the package it validates against, stderr, and
/// libFuzzer's driver.
public enum FuzzSupport {
    /// The package messages are checked against: `CUSTOMS_FUZZ_PACKAGE` of the data model at
    /// `CUSTOMS_FUZZ_DATA_MODEL` (default: wco-declaration of ../DataModel, from Fuzz/).
    public static let package: CompiledPackage = {
        let folder = dataModel
        let id = ProcessInfo.environment["CUSTOMS_FUZZ_PACKAGE"] ?? "wco-declaration"
        let loaded = DefinitionLoader.load(directory: folder)
        guard let package = loaded.catalog.package(id),
            let compiled = try? Compiler.compile(
                package, codeLists: loaded.catalog.codeLists, rules: loaded.catalog.rules[id] ?? [])
        else {
            report("fuzz: cannot load package \(id) from \(folder)\n")
            exit(2)
        }
        return compiled
    }()

    /// The definitions folder: `CUSTOMS_FUZZ_DATA_MODEL`, else ../DataModel (from Fuzz/).
    public static var dataModel: String { ProcessInfo.environment["CUSTOMS_FUZZ_DATA_MODEL"] ?? "../DataModel" }

    /// Writes `text` to standard error.
    public static func report(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(2, &bytes, bytes.count)
    }

    /// Reports that `target`'s two readings disagree on an input, and stops (libFuzzer keeps the
    /// input as a finding).
    public static func disagreement(_ target: String, _ text: String) -> Never {
        report("\(target): disagreement\n  " + text + "\n")
        abort()
    }

    /// Runs libFuzzer's driver with `target` (called once per input), for a program with its
    /// own `main` (SwiftPM links an executable target's `main` to `<Target>_main`).
    public static func run(
        _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        target: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32 {
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments, target)
    }
}

/// A process environment reader without Foundation.
enum ProcessInfo {
    static var environment: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }
}

/// libFuzzer's driver, for a program with its own `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

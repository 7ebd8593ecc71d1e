import CustomsJSON
import CustomsModel
import CustomsValidation
import FuzzSupport
import JSONReference

#if canImport(Glibc)
import Glibc
#endif

/// Differential fuzzing of our JSON tokenizer against `ReferenceJSONParser` (a plain
/// recursive-descent reading of RFC 8259 with our duplicate-member, encoding and limit rules):
/// libFuzzer hands each input to both, with the default limits and with small ones, and stops
/// on a crash, a hang, or any difference in the tokens or the verdict (and kind of error). The
/// tokenizer also reads the input in pieces (1 to 13 bytes, by the input's length) and must give
/// the same tokens, error message and place as in one piece. Then the whole JSON reader
/// validates it against a real package, with each set of limits, and must stop on the very
/// error the tokenizer stopped on, at the same place, or on none (its fast path reads plain
/// members without `next()`: this holds it to the tokenizer's verdict). Last, the input is
/// read as NDJSON, whole and in pieces, and both readings must give the same results, finding
/// for finding (where a chunk ends decides whether a member takes the fast path). Crashes,
/// hangs and memory are watched throughout. Built and run as Fuzz/README.md says.
enum JSONFuzz {
    nonisolated(unsafe) static let session = ValidationSession(package: FuzzSupport.package, maxFindings: 1000)
    static let small = ReferenceJSONParser.smallLimits
    nonisolated(unsafe) static let readers = [JSONReader(), JSONReader(limits: small)]
    nonisolated(unsafe) static let lines = JSONReader(layout: .lines)

    static func check(_ bytes: [UInt8]) {
        for (index, limits) in [JSONReaderLimits(), small].enumerated() {
            let reference = ReferenceJSONParser.trace(bytes, limits: limits)
            let (whole, error) = JSONTrace.tokenizing(bytes, limits: limits)
            if whole != reference {
                fail("tokenizer \(whole) \(error?.message ?? "")\n  reference \(reference)")
            }
            let piece = 1 + bytes.count % 13
            let (split, splitError) = JSONTrace.tokenizing(bytes, piece: piece, limits: limits)
            if split != whole || splitError != error {
                fail(
                    "in pieces of \(piece): \(split) \(splitError.map { "\($0)" } ?? "")\n  in one: \(whole) \(error.map { "\($0)" } ?? "")"
                )
            }
            let results = readers[index].validateMessages(bytes: bytes, with: session)
            let stop = results.flatMap(\.diagnostics).first { $0.code == .notWellFormed || $0.code == .limit }
            let readerError = stop.map { "\($0.message) at \($0.line):\($0.column)" }
            let tokenizerError = error.map { "\($0.message) at \($0.line):\($0.column)" }
            if readerError != tokenizerError {
                fail("reader stopped on \(readerError ?? "nothing")\n  tokenizer on \(tokenizerError ?? "nothing")")
            }
        }
        let whole = Array(lines.validateMessages(bytes: bytes, with: session))
        let piece = 1 + bytes.count % 7
        lines.begin(with: session)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + piece)
            bytes[offset..<end].withUnsafeBytes { lines.feed($0) }
            offset = end
        }
        let split = lines.finish()
        if split.map(\.diagnostics) != whole.map(\.diagnostics) {
            fail("NDJSON in pieces of \(piece): \(split.map(\.diagnostics))\n  whole: \(whole.map(\.diagnostics))")
        }
    }

    static func fail(_ text: String) -> Never { FuzzSupport.disagreement("json-fuzz", text) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    JSONFuzz.check(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// The entry point SwiftPM gives an executable target (it links `main` to it): libFuzzer's
/// driver, with the target above.
@_cdecl("JSONFuzz_main")
func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzSupport.run(argc, argv) { data, size in fuzzOneInput(data, size) }
}

import CustomsModel
import CustomsValidation
import CustomsXML
import FuzzSupport

#if canImport(Glibc)
import Glibc
#endif

/// Differential fuzzing of our XML scanner against libxml2: libFuzzer hands each input to
/// `SecureXMLReader` twice — our scanner (`.automatic`) and libxml2 (`.libxml2`) — and stops on
/// a crash, on a disagreement about well-formedness, or, where both read on, on any difference
/// in the findings (codes, paths, lines, columns). Inputs the reader hands to libxml2 either
/// way (other encodings) are compared too, trivially. Built and run as Fuzz/README.md says.
enum XMLFuzz {
    static let package = FuzzSupport.package

    nonisolated(unsafe) static let scanner = SecureXMLReader()
    nonisolated(unsafe) static let reference = SecureXMLReader(parser: .libxml2)
    nonisolated(unsafe) static let session = ValidationSession(package: package, maxFindings: 100_000)

    /// The findings as comparable lines, syntax findings reduced to their code and place.
    static func summary(_ result: MessageResult) -> [String] {
        result.diagnostics.map { finding in
            let message = finding.code == .notWellFormed || finding.code == .limit ? "" : finding.message
            // An unterminated CDATA section: libxml2's push parser places the error where it
            // stopped handing the section over, the scanner (and xmllint) at the end of the input.
            let place =
                finding.message.contains("in a CDATA section of") ? "end" : "\(finding.line):\(finding.column)"
            return "\(finding.code.rawValue) \(place) \(finding.instancePath) \(message)"
        }
    }

    static func isFatalSyntax(_ result: MessageResult) -> Bool {
        result.diagnostics.contains { $0.code == .notWellFormed || $0.code == .limit }
    }

    static func check(_ bytes: [UInt8]) {
        let ours = scanner.validate(bytes: bytes, with: session)
        let theirs = reference.validate(bytes: bytes, with: session)
        let verdicts = (isFatalSyntax(ours), isFatalSyntax(theirs))
        if verdicts.0 != verdicts.1 || (!verdicts.0 && summary(ours) != summary(theirs)) {
            FuzzSupport.report(
                "xml-fuzz: disagreement\n  scanner: \(summary(ours)) \(ours.diagnostics.first?.message ?? "")\n  libxml2: \(summary(theirs)) \(theirs.diagnostics.first?.message ?? "")\n"
            )
            abort()
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    XMLFuzz.check(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// The entry point SwiftPM gives an executable target (it links `main` to it): libFuzzer's
/// driver, with the target above.
@_cdecl("XMLFuzz_main")
func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzSupport.run(argc, argv) { data, size in fuzzOneInput(data, size) }
}

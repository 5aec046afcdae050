import Foundation
import Testing
@testable import PostureScans

/// A quick, deterministic cousin of the libFuzzer run (scripts/fuzz) for the scanner
/// importers: the Trivy, Grype and Snyk seeds of Fuzz/corpus mutated a few thousand times.
/// Each must parse or be refused with a ``ScanImportError`` naming the file; anything else fails.
@Suite("mutated scanner reports")
struct MutatedReportTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus")

    @Test(arguments: ["trivy", "grype", "snyk"])
    func mutated(_ scanner: String) throws {
        let seeds = try FileManager.default.contentsOfDirectory(
            at: Self.corpus.appendingPathComponent(scanner), includingPropertiesForKeys: nil
        ).sorted { $0.path < $1.path }.map { try Data(contentsOf: $0) }
        #expect(!seeds.isEmpty)
        var random = UInt64(0xC0FFEE)
        func next(_ bound: Int) -> Int {
            random ^= random << 13
            random ^= random >> 7
            random ^= random << 17
            return Int(random % UInt64(max(bound, 1)))
        }
        var parsed = 0, refused = 0
        for i in 0..<1_500 {
            var bytes = [UInt8](seeds[i % seeds.count])
            for _ in 0...next(4) where !bytes.isEmpty {
                let at = next(bytes.count)
                switch next(5) {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: next(256))
                case 1: bytes.removeSubrange(at..<min(bytes.count, at + 1 + next(16)))
                case 2: bytes.insert(contentsOf: Array("[[[{\"a\":".utf8), at: at)
                case 3: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 1 + next(64))], at: at)
                default: bytes.insert(contentsOf: Array("null,".utf8), at: at)
                }
            }
            do {
                _ = try ReportParser.parse(Data(bytes), file: "mutated-\(i).json")
                parsed += 1
            } catch let error as ScanImportError {
                #expect(error.file == "mutated-\(i).json")
                refused += 1
            }
        }
        #expect(parsed + refused == 1_500)
        #expect(parsed > 0 && refused > 0, "\(parsed) parsed, \(refused) refused")
    }
}

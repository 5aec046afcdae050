import Foundation
import PostureJSON

/// Why a document was refused while reading it; mapped to ``ScanImportError`` with the file
/// name by ``ReportParser``.
enum Refusal: Error {
    case unknown(found: String)
    case unsupported(format: String, advice: String)
    case wrongArtifact(scanner: String, artifact: String)
    case invalid(format: String, reason: String)
    case scannerError(scanner: String, message: String)

    /// Turns the shape errors of one format's readers into a refusal that names the format and
    /// the member that was wrong.
    static func decoding<T>(_ format: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as JSONShapeError {
            throw Refusal.invalid(format: format, reason: error.description)
        }
    }
}

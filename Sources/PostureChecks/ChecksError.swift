import Foundation

/// Every error the checks module reports, naming the file or check it concerns.
public enum ChecksError: Error, LocalizedError, Equatable {
    /// A file under `queries/` is not a valid check.
    case invalidCheck(file: String, problem: String)
    /// Two files declare the same id.
    case duplicateID(id: String, files: [String])
    /// No check has this id.
    case unknownCheck(String)

    public var errorDescription: String? {
        switch self {
        case .invalidCheck(let file, let problem):
            return "queries/\(file) is not a valid check: \(problem)"
        case .duplicateID(let id, let files):
            return "check id \(id) is declared by more than one file: \(files.map { "queries/" + $0 }.joined(separator: ", "))"
        case .unknownCheck(let id):
            return "no check with id \(id) (list them with `posture checks`)"
        }
    }
}

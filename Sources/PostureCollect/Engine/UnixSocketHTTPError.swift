import Foundation

/// Why a request over a unix socket failed below HTTP.
enum UnixSocketHTTPError: Error, CustomStringConvertible {
    /// A system call failed (`connect`, `write`, `read`) with this errno.
    case system(call: String, errno: Int32)
    /// The engine closed the connection before the first byte of an answer.
    case closedBeforeAnswer
    /// The engine closed the connection in the middle of an answer.
    case closedInAnswer
    /// No byte came for the timeout.
    case timedOut
    /// The answer is not HTTP/1.1 as expected.
    case malformed(String)
    /// The body is larger than accepted.
    case tooLarge(limit: Int)

    var description: String {
        switch self {
        case .system(let call, let code): return "\(call): \(String(cString: strerror(code)))"
        case .closedBeforeAnswer: return "the engine closed the connection before answering"
        case .closedInAnswer: return "the engine closed the connection in the middle of an answer"
        case .timedOut: return "timed out"
        case .malformed(let why): return "malformed HTTP answer: \(why)"
        case .tooLarge(let limit): return "answer larger than \(limit) bytes"
        }
    }

    /// Whether the failure came in the middle of an answer (rather than before one).
    var isInAnswer: Bool {
        if case .closedInAnswer = self { return true }
        return false
    }

    /// Whether a kept connection failing this way may just have been closed by the engine while
    /// idle: the request is then asked again on a new connection.
    var mayBeStale: Bool {
        switch self {
        case .closedBeforeAnswer: return true
        case .system(_, let code): return code == EPIPE || code == ECONNRESET
        default: return false
        }
    }

    /// Whether this means the engine itself is gone (see ``EngineClient/meansEngineGone(_:)``).
    var meansEngineGone: Bool {
        switch self {
        case .system(_, let code): return EngineClient.goneErrnos.contains(code)
        case .closedBeforeAnswer, .closedInAnswer: return true
        case .timedOut, .malformed, .tooLarge: return false
        }
    }
}

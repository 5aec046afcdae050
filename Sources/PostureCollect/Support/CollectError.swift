import Foundation

/// Every error the collectors report, with what failed, on what, and what to do.
public enum CollectError: Error, LocalizedError, Equatable {
    case badEndpoint(String, reason: String)
    case unreachable(endpoint: String, reason: String)
    case http(endpoint: String, path: String, status: Int, message: String)
    case badResponse(endpoint: String, path: String, reason: String)
    case notFound(endpoint: String, path: String)

    public var errorDescription: String? {
        switch self {
        case .badEndpoint(let text, let reason):
            return "bad engine address \(text): \(reason)"
        case .unreachable(let endpoint, let reason):
            var hint = "is the engine running?"
            if reason.lowercased().contains("permission") {
                hint = "run as root or add the user to the socket's group"
            } else if reason.lowercased().contains("no such file") {
                hint = "is the engine running, and is this its socket?"
            }
            return "cannot reach \(endpoint): \(reason) (\(hint))"
        case .http(let endpoint, let path, let status, let message):
            return "\(endpoint) answered \(status) to GET \(path): \(message)"
        case .badResponse(let endpoint, let path, let reason):
            return "\(endpoint) sent an unreadable answer to GET \(path): \(reason)"
        case .notFound(let endpoint, let path):
            return "\(endpoint) has no \(path) (it was removed while posture was reading)"
        }
    }
}

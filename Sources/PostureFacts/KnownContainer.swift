import Foundation

/// A container whose facts are current in the store (an open version of `containers`), as a
/// collect needs it before the engine answers: to inspect it early, and to skip reading an
/// inspect document that is byte for byte the one its facts were read from.
public struct KnownContainer: Sendable, Equatable {
    public let containerID: String
    public let name: String
    /// Host pid of its init process when it was running (`containers.pid`).
    public let pid: Int?
    /// `inspect_digests.digest` of the document its facts were read from; `nil` when unknown.
    public let digest: Data?

    public init(containerID: String, name: String, pid: Int?, digest: Data?) {
        self.containerID = containerID
        self.name = name
        self.pid = pid
        self.digest = digest
    }
}

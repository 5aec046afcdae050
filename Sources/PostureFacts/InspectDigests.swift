import Foundation

/// The inspect digests one containers collector leaves behind (`inspect_digests`, schema 0011):
/// written in the snapshot's transaction with the facts they vouch for.
public struct InspectDigests: Sendable, Equatable {
    public let engineID: String
    /// Digests of the documents read in full this collect: their containers' facts were
    /// compared with the store and now come from these documents.
    public var read: [String: Data]
    /// Containers whose document was unchanged: their facts and digest stay as they are.
    public var unchanged: [String]
    /// Whether every listed container was inspected: then the digests of containers neither
    /// read nor unchanged (removed ones) are dropped. Otherwise nothing is dropped, as the
    /// facts of a container whose inspect failed are kept too.
    public var complete: Bool

    public init(engineID: String, read: [String: Data] = [:], unchanged: [String] = [], complete: Bool = true) {
        self.engineID = engineID
        self.read = read
        self.unchanged = unchanged
        self.complete = complete
    }
}

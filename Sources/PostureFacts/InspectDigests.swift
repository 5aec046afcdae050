import Foundation

/// The inspect digests one containers collector leaves behind (`inspect_digests`, schema 0011),
/// or one images collector (`image_digests`, schema 0014): written in the snapshot's
/// transaction with the facts they vouch for.
public struct InspectDigests: Sendable, Equatable {
    /// What the digests are of: each kind has its own table, keyed by the resource's ID.
    public enum Kind: Sendable, Equatable {
        case containers, images

        /// The table and its ID column.
        public var table: (name: String, idColumn: String) {
            switch self {
            case .containers: return ("inspect_digests", "container_id")
            case .images: return ("image_digests", "image_id")
            }
        }
    }

    public let kind: Kind
    public let engineID: String
    /// Digests of the documents read in full this collect, by container (image) ID: their facts
    /// were compared with the store and now come from these documents.
    public var read: [String: Data]
    /// Containers (images) whose documents were unchanged: their facts and digest stay as they are.
    public var unchanged: [String]
    /// Whether every listed container (image) was inspected: then the digests of those neither
    /// read nor unchanged (removed ones) are dropped. Otherwise nothing is dropped, as the
    /// facts of one whose inspect failed are kept too.
    public var complete: Bool

    public init(
        _ kind: Kind = .containers, engineID: String, read: [String: Data] = [:], unchanged: [String] = [],
        complete: Bool = true
    ) {
        self.kind = kind
        self.engineID = engineID
        self.read = read
        self.unchanged = unchanged
        self.complete = complete
    }
}

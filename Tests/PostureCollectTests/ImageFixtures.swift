import Foundation
@testable import PostureCollect

/// The hand-made tars of Fixtures/images (see its README), and helpers to feed them to the
/// streaming readers in pieces of any size.
enum ImageFixtures {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/images")

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    /// Feeds `bytes` to `feed` in pieces of `piece` bytes (1 exercises every boundary).
    static func feed(_ bytes: [UInt8], piece: Int, _ feed: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { all in
            var i = 0
            while i < all.count {
                let end = min(i + piece, all.count)
                try feed(UnsafeRawBufferPointer(rebasing: all[i..<end]))
                i = end
            }
        }
    }

    /// Reads an export fixture through ``ImageArchiveReader`` in pieces of `piece` bytes.
    static func tree(_ name: String, piece: Int = 4096) throws -> ImageTree {
        let reader = ImageArchiveReader()
        try feed(try bytes(name), piece: piece) { try reader.feed($0) }
        return try reader.finish()
    }
}

/// Records every entry and its content.
final class RecordingHandler: TarEntryHandler {
    var entries: [TarEntry] = []
    var contents: [String: [UInt8]] = [:]
    private var current: String?

    func begin(_ entry: TarEntry) throws {
        entries.append(entry)
        current = entry.normalisedPath
        contents[entry.normalisedPath] = []
    }

    func content(_ bytes: UnsafeRawBufferPointer) throws {
        contents[current!]!.append(contentsOf: bytes)
    }

    func end() throws { current = nil }
}

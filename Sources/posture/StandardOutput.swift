import Foundation

/// Writes command output to stdout straight from its UTF-8 storage: a JSON report of a large
/// host is tens of megabytes, and copying it into a `Data` first doubled its memory.
enum StandardOutput {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { write($0) }
    }

    static func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { write($0) }
    }

    private static func write(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(
            Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: buffer.count, deallocator: .none))
    }
}

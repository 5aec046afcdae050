import CompressNIO
import NIOCore

/// One layer's bytes on their way to a ``TarStreamReader``: gzip-compressed layers (magic
/// `1f 8b`) are inflated in 64 KiB pieces as they arrive, plain tars pass straight through.
/// The first error stops the stream and is kept in ``failure``.
final class LayerStream {
    let builder = LayerChangesBuilder()
    private var reader: TarStreamReader
    private var sniffed: [UInt8] = []
    private var inflater: ZlibDecompressor?
    private var decided = false
    private var window = ByteBufferAllocator().buffer(capacity: 64 * 1024)
    private(set) var failure: String?
    private(set) var compressed = false

    init() {
        reader = TarStreamReader(handler: builder)
    }

    func feed(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        do {
            if !decided {
                sniffed.append(contentsOf: bytes)
                guard sniffed.count >= 2 else { return }
                decided = true
                if sniffed[0] == 0x1f && sniffed[1] == 0x8b {
                    compressed = true
                    inflater = try ZlibDecompressor(algorithm: .gzip)
                } else if sniffed[0] == 0x28 && sniffed.count >= 4 && sniffed[1] == 0xb5 && sniffed[2] == 0x2f && sniffed[3] == 0xfd {
                    throw LayerStreamError("zstd-compressed layers are not supported")
                }
                let first = sniffed
                sniffed = []
                try first.withUnsafeBytes { try pass($0) }
                return
            }
            try pass(bytes)
        } catch {
            failure = "\(error)"
        }
    }

    private func pass(_ bytes: UnsafeRawBufferPointer) throws {
        guard let inflater else {
            try reader.feed(bytes)
            return
        }
        var input = ByteBufferAllocator().buffer(capacity: bytes.count)
        input.writeBytes(bytes)
        while input.readableBytes > 0 {
            let before = input.readableBytes
            window.clear()
            do {
                try inflater.inflate(from: &input, to: &window)
            } catch let error as CompressNIOError where error == .bufferOverflow || error == .inputBufferOverflow {
                // window full, or more input needed: hand over what was inflated and go on
            } catch let error as CompressNIOError {
                throw LayerStreamError("gzip layer is corrupt (\(error))")
            }
            let produced = window.readableBytes
            try window.withUnsafeReadableBytes { try reader.feed($0) }
            if produced == 0 && input.readableBytes == before {
                // zlib took nothing and gave nothing: the gzip stream ended (trailing bytes ignored)
                break
            }
        }
    }

    /// Ends the stream; returns the layer's changes or throws what went wrong.
    func finish() throws -> LayerChanges {
        if let failure { throw LayerStreamError(failure) }
        if !decided, !sniffed.isEmpty { throw LayerStreamError("layer of \(sniffed.count) byte(s) is not a tar stream") }
        do {
            try reader.finish()
        } catch {
            throw LayerStreamError("\(error)")
        }
        return builder.changes
    }
}

struct LayerStreamError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

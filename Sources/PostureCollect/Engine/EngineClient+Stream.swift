import AsyncHTTPClient
import Foundation
import NIOCore

extension EngineClient {
    /// `GET path`, handing the body of a 2xx answer to `consume` piece by piece as it arrives:
    /// the next piece is read only once `consume` returned, so memory stays bounded whatever the
    /// size of the answer (an image export is gigabytes). Reads wait up to the session's
    /// stream read timeout (an engine may prepare an export for minutes before its first byte);
    /// `deadline` bounds the whole transfer. 404 becomes
    /// ``CollectError/notFound``.
    public func stream(
        _ path: String, deadline: TimeAmount = .hours(1), consume: (ByteBuffer) async throws -> Void
    ) async throws {
        var request = HTTPClientRequest(url: try url(for: path, versioned: true))
        request.method = .GET
        request.headers.replaceOrAdd(name: "Host", value: "docker")
        try checkNotGone()
        let response: HTTPClientResponse
        do {
            let (streamHTTP, sent) = (self.streamHTTP, request)
            response = try await gone.run { try await streamHTTP.execute(sent, timeout: deadline) }
        } catch {
            throw transportFailure(error)
        }
        let status = Int(response.status.code)
        if !(200..<300).contains(status) {
            let body = (try? await response.body.collect(upTo: 64 * 1024)) ?? ByteBuffer()
            try Self.check(
                status: status, body: body.getBytes(at: body.readerIndex, length: min(body.readableBytes, 300)) ?? [],
                endpoint: endpoint.id, path: path)
        }
        var pieces = response.body.makeAsyncIterator()
        while true {
            let piece: ByteBuffer?
            do {
                piece = try await pieces.next()
            } catch {
                throw transportFailure(error, reading: path)
            }
            guard let piece else { return }
            try await consume(piece)
        }
    }
}

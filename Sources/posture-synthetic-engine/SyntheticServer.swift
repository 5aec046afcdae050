import NIOCore
import NIOHTTP1
import NIOPosix
import SyntheticEngine

/// Serves a ``SyntheticEngine`` over HTTP/1.1 on a unix socket (keep-alive, pipelining), as
/// dockerd does. Reads requests; writes only responses.
enum SyntheticServer {
    static func run(engine: SyntheticEngine, socketPath: String, threads: Int) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        defer { try? group.syncShutdownGracefully() }
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true).flatMap {
                    channel.pipeline.addHandler(RequestHandler(engine: engine))
                }
            }
            .childChannelOption(ChannelOptions.maxMessagesPerRead, value: 16)
        let channel = try bootstrap.bind(unixDomainSocketPath: socketPath, cleanupExistingSocketFile: true).wait()
        try channel.closeFuture.wait()
    }
}

final class RequestHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let engine: SyntheticEngine
    private var head: HTTPRequestHead?

    init(engine: SyntheticEngine) { self.engine = engine }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            head = request
        case .body:
            break
        case .end:
            guard let request = head else { return }
            head = nil
            let answer = engine.respond(method: request.method.rawValue, uri: request.uri)
            var headers = HTTPHeaders()
            let path = request.uri.split(separator: "?", maxSplits: 1).first ?? ""
            let type =
                answer.status != 200 ? "application/json"
                : path.hasSuffix("_ping") ? "text/plain" : path.hasSuffix("/get") ? "application/x-tar" : "application/json"
            headers.add(name: "Content-Type", value: type)
            headers.add(name: "Content-Length", value: String(answer.body.count))
            headers.add(name: "Api-Version", value: SyntheticDocuments.apiVersion)
            headers.add(name: "Server", value: "posture-synthetic-engine")
            let keepAlive = request.isKeepAlive
            headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
            let status = HTTPResponseStatus(statusCode: answer.status)
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
            if request.method != .HEAD {
                var buffer = context.channel.allocator.buffer(capacity: answer.body.count)
                buffer.writeBytes(answer.body)
                context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            }
            let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if !keepAlive {
                let channel = context.channel
                done.whenComplete { _ in channel.close(promise: nil) }
            }
        }
    }
}

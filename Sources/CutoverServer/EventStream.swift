import Foundation
import HTTPTypes
import Hummingbird
import ServiceLifecycle

/// A Server-Sent-Events response: frames from a producer, with a comment line every
/// `heartbeat` so proxies and clients see the connection alive; ends when the client leaves.
enum EventStream {
    /// One SSE frame: `event`, `id` and `data` lines, or a comment.
    static func frame(event: String, id: UInt64? = nil, data: Data) -> String {
        var frame = "event: \(event)\n"
        if let id { frame += "id: \(id)\n" }
        // JSON has no raw newlines outside strings, so the data is one line.
        frame += "data: \(String(decoding: data, as: UTF8.self))\n\n"
        return frame
    }

    /// A streaming response whose frames `produce` yields.
    static func response(
        heartbeat: Duration, produce: @escaping @Sendable (AsyncStream<String>.Continuation) async throws -> Void
    ) -> Response {
        let body = ResponseBody { writer in
            let (frames, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1000))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // A server shutting down ends its streams, so it need not wait for clients to leave.
                    try await cancelWhenGracefulShutdown { try await produce(continuation) }
                    continuation.finish()
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: heartbeat)
                        continuation.yield(": heartbeat\n\n")
                    }
                }
                continuation.yield(": connected\n\n")
                for await frame in frames {
                    try await writer.write(ByteBuffer(string: frame))
                }
                group.cancelAll()
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", HTTPField.Name("X-Accel-Buffering")!: "no"],
            body: body
        )
    }
}

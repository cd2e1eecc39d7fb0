import CutoverCore
import Foundation
import Hummingbird

/// Flags for app instances: the latest snapshot with its entity tag, and a stream of new ones.
extension API {
    @Sendable func flags(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        guard let published = publisher.current else {
            throw APIError(.serviceUnavailable, code: "unavailable", "no flags are published yet")
        }
        if let tags = request.headers[.ifNoneMatch],
           tags.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == published.etag }) {
            return Response(status: .notModified, headers: [.eTag: published.etag])
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json", .eTag: published.etag, .cacheControl: "no-cache"],
            body: ResponseBody(byteBuffer: published.body)
        )
    }

    @Sendable func streamFlags(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let updates = publisher.updates()
        return EventStream.response(heartbeat: heartbeat) { frames in
            for await published in updates {
                frames.yield(EventStream.frame(event: "snapshot", id: published.snapshot.version, data: published.json))
            }
        }
    }

    private struct IngestResult: Encodable {
        var accepted: Bool
    }

    @Sendable func ingestMetrics(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let batch = try await JSON.decode(
            MetricsIngest.Batch.self, from: request, context: context, allowing: ["instance", "sequence", "window"]
        )
        guard let host else { throw APIError.conflict("this server drives no run; metrics have nowhere to go") }
        let accepted = try host.ingest.accept(batch)
        if accepted { exporter.record(batch.window) }
        return try JSON.response(IngestResult(accepted: accepted), status: .accepted)
    }
}

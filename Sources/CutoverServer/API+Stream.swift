import CutoverCore
import CutoverStore
import Foundation
import HTTPTypes
import Hummingbird

/// The live stream of a run for the dashboard: its status, then every new event followed by
/// the new status, and the status again each second while nothing happens (windows run down).
extension API {
    @Sendable func streamRun(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let run = try await existingRun(context)
        let resumeFrom = request.headers[HTTPField.Name("Last-Event-ID")!] ?? request.uri.queryParameters.get("after")
        var after: UInt64 = 0
        if let resumeFrom {
            guard let value = UInt64(resumeFrom) else { throw APIError.invalid("after", "after must be a whole number") }
            after = value
        }
        let changes = host?.runID == run.id ? host?.changes.changes() : nil
        let api = self
        let start = after
        return EventStream.response(heartbeat: heartbeat) { frames in
            var last = start
            func push() async throws {
                while true {
                    let events = try await api.store.events(of: run.id, after: last, limit: 500)
                    for event in events {
                        frames.yield(EventStream.frame(event: "event", id: event.sequence, data: try JSON.encoder.encode(EventBody(event))))
                    }
                    last = events.last?.sequence ?? last
                    if events.count < 500 { break }
                }
                frames.yield(EventStream.frame(event: "status", data: try JSON.encoder.encode(try await api.status(of: run.id))))
            }
            let (wake, waker) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            try await withThrowingTaskGroup(of: Void.self) { group in
                if let changes {
                    group.addTask { for await _ in changes { waker.yield() } }
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: .seconds(1))
                        waker.yield()
                    }
                }
                try await push()
                for await _ in wake { try await push() }
                group.cancelAll()
            }
        }
    }
}

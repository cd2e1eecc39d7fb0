import Foundation
import Hummingbird
import Logging
import NIOCore
import CutoverCore
import Testing

/// A local HTTP server standing in for Slack, PagerDuty, a mail or SMS provider or a webhook:
/// it records every request and answers as told — accept, fail with a status, or hang.
final class AlertReceiver: Sendable {
    /// How the receiver answers.
    enum Behaviour: Sendable {
        case accept
        case acceptAfter(Duration)
        case fail(status: Int, body: String)
        case hang
    }

    /// One request as received.
    struct Received: Sendable {
        var path: String
        var headers: [String: String]
        var body: Data

        /// The body as a JSON object.
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
        }
    }

    private let state = Locked<(behaviour: Behaviour, received: [Received])>((.accept, []))
    private let task: Task<Void, any Error>
    /// The receiver's base URL, e.g. `http://127.0.0.1:41234`.
    let url: String

    private init(task: Task<Void, any Error>, url: String) {
        self.task = task
        self.url = url
    }

    /// Starts a receiver on a free loopback port.
    static func start() async throws -> AlertReceiver {
        let box = ReceiverBox()
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let router = Router()
        router.post("/**") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            return try await box.receiver().answer(Received(path: request.uri.path, headers: headers, body: Data(body.readableBytesView)))
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: Logger(label: "receiver", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var port = 0
        for await value in ports { port = value }
        let receiver = AlertReceiver(task: task, url: "http://127.0.0.1:\(port)")
        box.set(receiver)
        return receiver
    }

    /// Answers from now on as `behaviour` says.
    func behave(_ behaviour: Behaviour) {
        state.withLock { $0.behaviour = behaviour }
    }

    /// Everything received so far, oldest first.
    var received: [Received] {
        state.withLock { $0.received }
    }

    /// Stops the server.
    func stop() {
        task.cancel()
    }

    private func answer(_ request: Received) async throws -> Response {
        let behaviour = state.withLock { state in
            state.received.append(request)
            return state.behaviour
        }
        switch behaviour {
        case .accept:
            return Response(status: request.path.hasSuffix("/enqueue") ? .accepted : .ok)
        case .acceptAfter(let delay):
            try await Task.sleep(for: delay)
            return Response(status: request.path.hasSuffix("/enqueue") ? .accepted : .ok)
        case .fail(let status, let body):
            return Response(status: .init(code: status), body: .init(byteBuffer: ByteBuffer(string: body)))
        case .hang:
            try await Task.sleep(for: .seconds(3600))
            return Response(status: .ok)
        }
    }
}

/// Lets the route closure reach the receiver created after the application.
private final class ReceiverBox: Sendable {
    private let value = Locked<AlertReceiver?>(nil)

    func set(_ receiver: AlertReceiver) {
        value.withLock { $0 = receiver }
    }

    func receiver() throws -> AlertReceiver {
        guard let receiver = value.withLock({ $0 }) else { throw HTTPError(.serviceUnavailable) }
        return receiver
    }
}

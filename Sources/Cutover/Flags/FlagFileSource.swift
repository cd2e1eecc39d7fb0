import CutoverCore
import Foundation
import Logging
import ServiceLifecycle

/// A local flag source: applies a flag snapshot file whenever its content changes.
///
/// For development, tests and deployments that ship flags as files (a config map, a mounted
/// volume). A file that cannot be read, is not valid JSON or fails validation is logged with
/// every problem and leaves the current flags in place; an older version is ignored like any
/// stale snapshot.
public final class FlagFileSource: Service, Sendable {
    /// How the file is watched.
    public struct Configuration: Sendable {
        /// How often the file is read.
        public var pollInterval: Duration = .seconds(1)

        /// The default configuration.
        public init() {}
    }

    /// What one poll did.
    public enum PollResult: Hashable, Sendable {
        /// The file is unchanged since the previous poll.
        case unchanged
        /// The file's snapshot was handed to the holder.
        case delivered(FlagHolder.ApplyOutcome)
        /// The file could not be used; the flags are unchanged.
        case rejected(String)
    }

    private let path: String
    private let holder: FlagHolder
    private let configuration: Configuration
    private let time: ElapsedTime
    private let logger: Logger
    /// The content last seen, and the problem last logged (logged once, not on every poll).
    private let seen = Locked<(content: Data?, problem: String?)>((nil, nil))

    /// Watches the snapshot file at `path` and applies it to `holder`.
    public init<C: Clock>(
        path: String, holder: FlagHolder, configuration: Configuration = .init(), clock: C = ContinuousClock(),
        logger: Logger = Logger(label: "cutover.flags.file")
    ) where C.Duration == Duration, C: Sendable {
        self.path = path
        self.holder = holder
        self.configuration = configuration
        time = ElapsedTime(clock)
        self.logger = logger
    }

    /// Polls the file until cancelled or asked to shut down gracefully.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while true {
                self.poll()
                do {
                    try await self.time.sleep(for: self.configuration.pollInterval)
                } catch {
                    return
                }
            }
        }
    }

    /// Reads the file once and applies it if its content changed.
    @discardableResult
    public func poll() -> PollResult {
        let content: Data
        do {
            content = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return reject("cannot read \(path): \(error.localizedDescription)", content: nil)
        }
        if seen.withLock({ $0.content }) == content { return .unchanged }
        do {
            let snapshot = try JSONDecoder().decode(FlagSnapshot.self, from: content)
            let outcome = try holder.apply(snapshot)
            seen.withLock { $0 = (content, nil) }
            logger.info("flag file applied", metadata: ["flags.file": "\(path)", "flags.outcome": "\(outcome)"])
            return .delivered(outcome)
        } catch {
            return reject("\(path): \(error)", content: content)
        }
    }

    /// Logs a problem once (not on every poll while it lasts) and remembers the rejected content.
    private func reject(_ reason: String, content: Data?) -> PollResult {
        let isNew = seen.withLock { seen in
            defer { seen = (content, reason) }
            return seen.problem != reason
        }
        if isNew {
            logger.error("flag file rejected; keeping the current flags", metadata: ["flags.problem": "\(reason)"])
        }
        return .rejected(reason)
    }
}

import CutoverCore
import Foundation

/// The on-disk copy of the last applied flag snapshot, so a restarted instance keeps its flags.
///
/// Writes go to a temporary file that is then renamed over the old one: a crash mid-write
/// leaves the previous snapshot intact, never a torn file.
public struct FlagSnapshotFile: Sendable {
    /// Where the snapshot lives.
    public var path: String

    /// A snapshot file at `path`.
    public init(path: String) {
        self.path = path
    }

    /// The stored snapshot; `nil` when no file exists yet.
    public func load() throws -> FlagSnapshot? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(FlagSnapshot.self, from: data)
    }

    /// Stores `snapshot`, replacing the previous one atomically.
    public func save(_ snapshot: FlagSnapshot) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(snapshot).write(to: url, options: .atomic)
    }
}

import ArgumentParser
import CutoverCore

/// `cutover bucket`: the bucket of stickiness keys, to check another implementation against.
struct BucketCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bucket",
        abstract: "Print the 64-bit hash and bucket (0–99999) of keys under a salt."
    )

    @Option(help: "The salt: a flag's salt, or its key when it has none.")
    var salt: String

    @Argument(help: "Stickiness keys, e.g. user ids.")
    var keys: [String]

    func run() async throws {
        let hasher = BucketHasher(salt: salt)
        for key in keys {
            let hash = String(hasher.hash(for: key), radix: 16)
            print("\(key)\t0x\(String(repeating: "0", count: 16 - hash.count))\(hash)\t\(hasher.bucket(for: key))")
        }
    }
}

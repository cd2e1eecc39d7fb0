import ArgumentParser
import CutoverServer
import CutoverStore
import Foundation

/// `cutover token`: API tokens.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke the server's API tokens.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print its secret (shown only this once; only its hash is stored)."
        )

        @Option(help: "The token's role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
        var role: Role

        @Option(help: "A name for the token, recorded as the actor of what it does (default: the role).")
        var name: String?

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let role = self.role, name = self.name ?? role.rawValue
            let (record, secret) = try await database.withStore { store in
                try await TokenAuthority(store: store).create(role: role, name: name)
            }
            printError("created \(record.role) token \(record.id) '\(record.name)'")
            print(secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let tokens = try await database.withStore { try await $0.tokens() }
            for token in tokens {
                let state = token.revokedAt.map { "revoked \($0.formatted(.iso8601))" } ?? "live"
                print("\(token.id)  \(token.role.padding(toLength: 9, withPad: " ", startingAt: 0)) \(token.name)  (\(state))")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id.")

        @Argument(help: "The token's id.")
        var id: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let id = self.id
            guard try await database.withStore({ try await TokenAuthority(store: $0).revoke(id: id) }) else {
                printError("cutover: no live token '\(id)'")
                throw ExitCode.failure
            }
            print("revoked \(id)")
        }
    }
}

extension Role: ExpressibleByArgument {}

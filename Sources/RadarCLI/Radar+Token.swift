import ArgumentParser
import Foundation
import RadarAccess
import RadarDomain
import RadarStore

extension Radar {
    /// `radar token …`: API tokens for scripts and tools using the service.
    struct TokenCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: "Create, list and revoke API tokens.",
            subcommands: [Create.self, List.self, Revoke.self]
        )

        /// `radar token create --user EMAIL --name NAME`
        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create a token acting as a person; its secret is printed once, on standard output.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "The e-mail of the person the token acts as.") var user: String
            @Option(help: "What the token is for, e.g. \"nightly export\".") var name: String
            @Option(help: "Days until the token stops working, from 1 to 365.")
            var expiresInDays = Int(TokenLifetime.named / 86_400)

            func run() async throws {
                guard (1...Int(TokenLifetime.maximum / 86_400)).contains(expiresInDays) else {
                    throw ValidationFailure([
                        ValidationProblem(
                            field: "expires-in-days", message: "must be from 1 to 365, not \(expiresInDays)")
                    ])
                }
                let actor = options.configuration.actor
                let lifetime = TimeInterval(expiresInDays) * 86_400
                let (secret, token) = try await options.withDatabase(poolSize: 1) { database in
                    try await APITokens(database: database)
                        .create(email: user, name: name, lifetime: lifetime, actor: actor)
                }
                if options.format == .json {
                    Console.current.print(
                        JSONValue.object([
                            "id": .string(token.id.uuidString.lowercased()), "user": .string(token.email),
                            "name": .string(token.name), "secret": .string(secret),
                            "expires": .string(Timestamps.format(token.expiresAt)),
                        ]).encoded(pretty: true))
                } else {
                    Console.current.print(secret)
                }
                Console.current.printError(
                    """
                    Note: token \(token.id.uuidString.lowercased()) ("\(token.name)" for \(token.email)) is shown \
                    only this once and stored only as a hash: copy it now. Send it as "Authorization: Bearer …". \
                    It stops working at \(Timestamps.format(token.expiresAt)).
                    """)
            }
        }

        /// `radar token list [--user EMAIL]`
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Only this person's tokens.") var user: String?

            func run() async throws {
                let user = user
                let tokens = try await options.withDatabase(poolSize: 1) { database in
                    try await APITokens(database: database).list(email: user)
                }
                options.emit(TokenReport.make(tokens))
            }
        }

        /// `radar token revoke ID`
        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a token; it is refused from now on.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The token's id, as `radar token list` shows it.") var id: String

            func run() async throws {
                guard let tokenID = UUID(uuidString: id) else {
                    throw ValidationFailure([ValidationProblem(field: "id", message: "\"\(id)\" is not a token id")])
                }
                let actor = options.configuration.actor
                let token = try await options.withDatabase(poolSize: 1) { database in
                    try await APITokens(database: database).revoke(id: tokenID, actor: actor)
                }
                options.emit(TokenReport.make([token]))
            }
        }
    }
}

/// Tokens as rows, each with its state at `now`: live, expiring (within two weeks), expired or revoked.
enum TokenReport {
    static func make(_ tokens: [APITokenRecord], now: Date = .now) -> Report {
        Report(
            columns: ["id", "user", "name", "created", "last_used", "expires", "state", "revoked"],
            rows: tokens.map { token in
                [
                    token.id.uuidString.lowercased(), token.email, token.name, Timestamps.format(token.createdAt),
                    token.lastUsedAt.map(Timestamps.format), Timestamps.format(token.expiresAt),
                    state(of: token, at: now), token.revokedAt.map(Timestamps.format),
                ]
            })
    }

    static func state(of token: APITokenRecord, at now: Date) -> String {
        if token.isRevoked { return "revoked" }
        if !token.isLive(at: now) { return "expired" }
        return token.isExpiringSoon(at: now) ? "expiring" : "live"
    }
}

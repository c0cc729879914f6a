import ArgumentParser
import Foundation
import RadarAccess
import RadarDomain
import RadarStore

/// Where `--password-stdin` reads from: the process's standard input, or the text a test provides.
public enum PasswordInput {
    @TaskLocal public static var readLine: @Sendable () -> String? = { Swift.readLine(strippingNewline: true) }

    /// The password on standard input's first line, or a problem naming the field.
    static func read() throws -> String {
        guard let line = Self.readLine(), !line.isEmpty else {
            throw ValidationFailure([
                ValidationProblem(
                    field: "password", message: "nothing was given on standard input")
            ])
        }
        return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }
}

extension Radar {
    /// `radar user …`: the people who may sign in to the service, and their roles per organisation.
    struct UserCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "user",
            abstract: "Add, list, disable and manage the people who may sign in.",
            subcommands: [Add.self, List.self, Disable.self, Enable.self, ResetPassword.self, Grant.self, Revoke.self]
        )

        /// `radar user add EMAIL --name N [--org SLUG --role ROLE] [--password-stdin]`
        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: """
                    Add a person; without --password-stdin a password is generated and printed once. They choose \
                    their own at first sign-in.
                    """)
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The person's e-mail address, which they sign in with.") var email: String
            @Option(help: "The person's name as shown in the service.") var name: String
            @Option(help: "Their role in the organisation given by --org: admin, hr or viewer.") var role: String?
            @ArgumentParser.Flag(help: "Read the password from the first line of standard input.") var passwordStdin =
                false
            @ArgumentParser.Flag(
                help: """
                    The password is final: its holder is not asked to replace it at first sign-in. Only for accounts \
                    used by scripts, whose password no person has seen.
                    """)
            var passwordIsFinal = false

            func run() async throws {
                var memberships: [String: AccessRole] = [:]
                if let role {
                    guard let slug = options.configuration.organisation else {
                        throw ValidationFailure([
                            ValidationProblem(
                                field: "org", message: "is required with --role (the organisation the role is in)")
                        ])
                    }
                    memberships[slug] = try parseRole(role)
                } else if options.org != nil {
                    throw ValidationFailure([
                        ValidationProblem(
                            field: "role", message: "is required with --org: admin, hr or viewer")
                    ])
                }
                let generated = passwordStdin ? nil : PasswordPolicy.generate()
                let password = try generated ?? PasswordInput.read()
                let actor = options.configuration.actor
                let account = try await options.withDatabase(poolSize: 1) { database in
                    try await Accounts(database: database).addUser(
                        email: email, displayName: name, password: password, memberships: memberships,
                        mustChangePassword: !passwordIsFinal, actor: actor)
                }
                emit(account, generatedPassword: generated, options: options)
            }
        }

        /// `radar user list [--org SLUG]`
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List everyone who may sign in (or the members of --org).")
            @OptionGroup var options: GlobalOptions

            func run() async throws {
                let organisation = options.configuration.organisation
                let accounts = try await options.withDatabase(poolSize: 1) { database in
                    try await Accounts(database: database).list(organisation: organisation)
                }
                options.emit(UserReport.make(accounts))
            }
        }

        /// `radar user disable EMAIL`
        struct Disable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Stop a person signing in; their API tokens are revoked and their web sessions end.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The person's e-mail address.") var email: String

            func run() async throws {
                let actor = options.configuration.actor
                let account = try await options.withDatabase(poolSize: 1) { database in
                    try await Accounts(database: database).disable(email: email, actor: actor)
                }
                options.emit(UserReport.make([account]))
            }
        }

        /// `radar user enable EMAIL`
        struct Enable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Let a disabled person sign in again.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The person's e-mail address.") var email: String

            func run() async throws {
                let actor = options.configuration.actor
                let account = try await options.withDatabase(poolSize: 1) { database in
                    try await Accounts(database: database).enable(email: email, actor: actor)
                }
                options.emit(UserReport.make([account]))
            }
        }

        /// `radar user reset-password EMAIL [--password-stdin]`
        struct ResetPassword: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "reset-password",
                abstract: """
                    Set a new password, which its holder must replace at first sign-in; without --password-stdin \
                    one is generated and printed once. Their tokens and web sessions end.
                    """)
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The person's e-mail address.") var email: String
            @ArgumentParser.Flag(help: "Read the password from the first line of standard input.") var passwordStdin =
                false

            func run() async throws {
                let generated = passwordStdin ? nil : PasswordPolicy.generate()
                let password = try generated ?? PasswordInput.read()
                let actor = options.configuration.actor
                let account = try await options.withDatabase(poolSize: 1) { database in
                    let accounts = Accounts(database: database)
                    try await accounts.resetPassword(email: email, newPassword: password, actor: actor)
                    return try await accounts.account(email: email)
                }
                emit(account, generatedPassword: generated, options: options)
            }
        }

        /// `radar user grant EMAIL --org SLUG --role ROLE`
        struct Grant: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Give a person a role in an organisation (replacing any role they had there).")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The person's e-mail address.") var email: String
            @Option(help: "admin, hr or viewer.") var role: String

            func run() async throws {
                let slug = try options.requireOrganisation()
                let role = try parseRole(role)
                let actor = options.configuration.actor
                let account = try await options.withDatabase(poolSize: 1) { database in
                    try await Accounts(database: database)
                        .grant(email: email, organisation: slug, role: role, actor: actor)
                }
                options.emit(UserReport.make([account]))
            }
        }

        /// `radar user revoke EMAIL --org SLUG`
        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Remove a person from an organisation.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The person's e-mail address.") var email: String

            func run() async throws {
                let slug = try options.requireOrganisation()
                let actor = options.configuration.actor
                let account = try await options.withDatabase(poolSize: 1) { database in
                    try await Accounts(database: database).revoke(email: email, organisation: slug, actor: actor)
                }
                options.emit(UserReport.make([account]))
            }
        }
    }
}

/// A role named on the command line, or a problem naming the field.
private func parseRole(_ text: String) throws -> AccessRole {
    guard let role = AccessRole(rawValue: text.lowercased()) else {
        throw ValidationFailure([
            ValidationProblem(
                field: "role", message: "\"\(text)\" is not a role; use admin, hr or viewer")
        ])
    }
    return role
}

/// Writes the account, and a generated password once, with a warning that it will not be shown again.
private func emit(_ account: UserAccount, generatedPassword: String?, options: GlobalOptions) {
    guard let generatedPassword else {
        options.emit(UserReport.make([account]))
        return
    }
    if options.format == .json {
        Console.current.print(
            JSONValue.object([
                "email": .string(account.email), "password": .string(generatedPassword),
            ]).encoded(pretty: true))
    } else {
        options.emit(UserReport.make([account]))
        Console.current.print("password: \(generatedPassword)")
    }
    Console.current.printError("Note: the password is shown only this once; hand it over safely.")
}

/// Accounts as rows.
enum UserReport {
    static func make(_ accounts: [UserAccount]) -> Report {
        Report(
            columns: ["email", "name", "status", "memberships", "created"],
            rows: accounts.map { account in
                [
                    account.email, account.displayName, account.isDisabled ? "disabled" : "active",
                    account.memberships.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value.rawValue)" }
                        .joined(separator: " "),
                    Timestamps.format(account.createdAt),
                ]
            })
    }
}

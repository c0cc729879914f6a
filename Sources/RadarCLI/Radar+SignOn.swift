import ArgumentParser
import Foundation
import RadarAccess
import RadarDomain

extension Radar {
    /// `radar sso …`: each organisation's single sign-on provider (OpenID Connect).
    struct SignOnCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sso",
            abstract: "Set up, list and remove organisations' single sign-on providers (OpenID Connect).",
            subcommands: [Add.self, List.self, Remove.self]
        )

        /// `radar sso add --org SLUG --label L --issuer URL --client-id ID --client-secret-stdin --email-domain D
        /// (--admin-group|--hr-group|--viewer-group VALUE)… [--group-claim NAME] [--no-password-sign-in]`
        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Set up an organisation's provider.",
                discussion: """
                    The provider sends people back to <RADAR_PUBLIC_URL>/sso/callback: register that address with it. \
                    The client secret is read from the first line of standard input, never from the command \
                    line, and is never printed back whole.
                    """)
            @OptionGroup var options: GlobalOptions
            @Option(help: "What the sign-in button names, e.g. \"Contoso Entra ID\".") var label: String
            @Option(help: "The provider's issuer, e.g. https://login.microsoftonline.com/TENANT/v2.0.") var issuer:
                String
            @Option(name: .customLong("client-id"), help: "This service's client (application) id at the provider.")
            var clientID: String
            @ArgumentParser.Flag(help: "Read the client secret from the first line of standard input (required).")
            var clientSecretStdin = false
            @Option(name: .customLong("email-domain"), help: "An e-mail domain the provider vouches for (repeatable).")
            var emailDomains: [String] = []
            @Option(help: "The ID token claim listing the person's groups or roles.") var groupClaim = "groups"
            @Option(name: .customLong("admin-group"), help: "A claim value that makes an admin (repeatable).")
            var adminGroups: [String] = []
            @Option(name: .customLong("hr-group"), help: "A claim value that makes an HR user (repeatable).")
            var hrGroups: [String] = []
            @Option(name: .customLong("viewer-group"), help: "A claim value that makes a viewer (repeatable).")
            var viewerGroups: [String] = []
            @ArgumentParser.Flag(
                help: "Refuse password sign-in to the organisation's members: they sign in through the provider.")
            var noPasswordSignIn = false

            func run() async throws {
                let provider = SignOnProvider(
                    organisation: try options.requireOrganisation(), label: label, issuer: issuer, clientID: clientID,
                    clientSecret: try Self.readSecret(clientSecretStdin), emailDomains: emailDomains,
                    groupClaim: groupClaim, adminGroups: adminGroups, hrGroups: hrGroups, viewerGroups: viewerGroups,
                    passwordSignIn: !noPasswordSignIn)
                let actor = options.configuration.actor
                let added = try await options.withDatabase(poolSize: 1) { database in
                    try await SignOnProviders(database: database).add(provider, actor: actor)
                }
                options.emit(SignOnReport.make([added]))
            }

            /// The secret from standard input's first line (as `user add --password-stdin` reads a password).
            static func readSecret(_ fromStandardInput: Bool) throws -> String {
                guard fromStandardInput, let line = PasswordInput.readLine(), !line.isEmpty else {
                    throw ValidationFailure([
                        ValidationProblem(
                            field: "clientSecret",
                            message: "pass --client-secret-stdin and give the secret on standard input's first line")
                    ])
                }
                return line.hasSuffix("\r") ? String(line.dropLast()) : line
            }
        }

        /// `radar sso list [--org SLUG]`
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List providers (the client secret masked but for its last four characters).")
            @OptionGroup var options: GlobalOptions

            func run() async throws {
                // With --org (or RADAR_ORG), that organisation's provider only.
                let org = options.configuration.organisation
                let providers = try await options.withDatabase(poolSize: 1) { database in
                    try await SignOnProviders(database: database).list(organisation: org)
                }
                options.emit(SignOnReport.make(providers))
            }
        }

        /// `radar sso remove --org SLUG`
        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Remove an organisation's provider: its members sign in with passwords again.")
            @OptionGroup var options: GlobalOptions

            func run() async throws {
                let actor = options.configuration.actor
                let org = try options.requireOrganisation()
                try await options.withDatabase(poolSize: 1) { database in
                    try await SignOnProviders(database: database).remove(organisation: org, actor: actor)
                }
                Console.current.printError("Removed the single sign-on provider of \(org).")
            }
        }
    }
}

/// Providers as rows; the secret only masked.
enum SignOnReport {
    static func make(_ providers: [SignOnProvider]) -> Report {
        Report(
            columns: [
                "org", "label", "issuer", "client_id", "client_secret", "email_domains", "group_claim", "admin_groups",
                "hr_groups", "viewer_groups", "password_sign_in",
            ],
            rows: providers.map { provider in
                [
                    provider.organisation, provider.label, provider.issuer, provider.clientID, provider.maskedSecret,
                    provider.emailDomains.joined(separator: " "), provider.groupClaim,
                    provider.adminGroups.joined(separator: " "), provider.hrGroups.joined(separator: " "),
                    provider.viewerGroups.joined(separator: " "), provider.passwordSignIn ? "on" : "off",
                ]
            })
    }
}

extension Radar.SignOnCommand.Add: OptionNaming {
    static let optionNames: [FieldPath: String] = [
        "emailDomains": "email-domain", "adminGroups": "admin-group", "hrGroups": "hr-group",
        "viewerGroups": "viewer-group", "clientSecret": "client-secret-stdin",
    ]
}

import ArgumentParser
import RadarStore

extension Radar {
    /// `radar org …`: the organisations (tenants) of this installation.
    struct Org: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create and list organisations.",
            subcommands: [Create.self, List.self]
        )

        /// `radar org create SLUG --name NAME [--time-zone ZONE]`
        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create an organisation (weeks start on Monday).")

            @OptionGroup var options: GlobalOptions
            @Argument(help: "Short name used in URLs and --org: lower-case letters, digits, dashes.") var slug: String
            @Option(help: "Display name.") var name: String
            @Option(help: "IANA time zone, e.g. Europe/London.") var timeZone = "UTC"

            func run() async throws {
                let actor = options.configuration.actor
                let created = try await options.withDatabase(poolSize: 1) { database in
                    try await Organisations(database: database)
                        .create(slug: slug, name: name, timeZone: timeZone, actor: actor)
                }
                Console.current.write(OrganisationReport.make([created]).render(options.format))
            }
        }

        /// `radar org list`
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List organisations.")

            @OptionGroup var options: GlobalOptions

            func run() async throws {
                let organisations = try await options.withDatabase(poolSize: 1) { database in
                    try await Organisations(database: database).list()
                }
                Console.current.write(OrganisationReport.make(organisations).render(options.format))
            }
        }
    }
}

/// Organisations as rows.
enum OrganisationReport {
    static func make(_ organisations: [Organisation]) -> Report {
        Report(
            columns: ["slug", "name", "time_zone", "id"],
            rows: organisations.map { [$0.slug, $0.name, $0.timeZone, $0.id.uuidString.lowercased()] })
    }
}

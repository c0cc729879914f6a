import ArgumentParser
import RadarStore

extension Radar {
    /// `radar org …`: the organisations (tenants) of this installation.
    struct Org: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create and list organisations, and set their bounds on a leader's rhythm.",
            subcommands: [Create.self, List.self, Rhythm.self]
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

extension Radar.Org {
    /// `radar org rhythm [--silence-floor-days N] [--silence-ceiling-days N] [--pending-meetings count|ignore]`: how
    /// silence is judged against each leader's own rhythm.
    struct Rhythm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or set how short and how long a silence may be, whatever a leader's usual rhythm.",
            discussion: """
                A leader is flagged when their silence passes one and a half times their usual interval between \
                attended conversations (the last 180 days), but never before the floor nor later than the ceiling \
                (defaults 14 and 60 days). A meeting from a calendar still waiting in the review queue counts as \
                contact for everyone on it who did not decline, unless `--pending-meetings ignore`. Without options, \
                shows what is in force.
                """)

        @OptionGroup var options: GlobalOptions
        @Option(help: "Shortest silence ever flagged, in days (1–365).") var silenceFloorDays: Int?
        @Option(help: "Longest silence ever allowed, in days (1–365).") var silenceCeilingDays: Int?
        @Option(help: "Whether meetings waiting in the calendar review queue count as contact: count or ignore.")
        var pendingMeetings: PendingMeetings?

        /// What to do with meetings that wait for HR's confirmation.
        enum PendingMeetings: String, ExpressibleByArgument, CaseIterable {
            case count, ignore
        }

        func run() async throws {
            let floor = silenceFloorDays, ceiling = silenceCeilingDays, pending = pendingMeetings.map { $0 == .count }
            let bounds = try await options.inOrganisation { tx in
                floor == nil && ceiling == nil && pending == nil
                    ? try SilenceBounds.read(in: tx)
                    : try SilenceBounds.set(
                        floorDays: floor, ceilingDays: ceiling, pendingMeetingsCount: pending, in: tx)
            }
            options.emit(
                Report(
                    columns: ["silence_floor_days", "silence_ceiling_days", "pending_meetings"],
                    rows: [
                        [
                            String(bounds.floorDays), String(bounds.ceilingDays),
                            bounds.pendingMeetingsCount ? "count" : "ignore",
                        ]
                    ]))
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

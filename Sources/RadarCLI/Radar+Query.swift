import ArgumentParser
import Foundation
import Postgres
import RadarDomain
import RadarStore

extension Radar {
    /// `radar query NAME`: one of the admin's named queries, the same answer psql gets from its view.
    struct Query: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a named query in one organisation.",
            discussion: "Each query is also a view (query_silent, query_open_fears …), so psql and BI tools "
                + "see the same answer.\n\nWith RADAR_READ_DATABASE_URL set (a replica), the query "
                + "runs there while its data is no staler than RADAR_READ_MAX_STALENESS seconds (default 30), else on "
                + "DATABASE_URL with a warning.\n\nQueries:\n" + catalogue
        )

        /// One line per named query, for the help text.
        static var catalogue: String {
            NamedQuery.allCases.map { query in
                "  " + query.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0) + query.summary
            }.joined(separator: "\n")
        }

        @OptionGroup var options: GlobalOptions

        @Argument(
            help: ArgumentHelp(
                "The query: \(NamedQuery.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "name"))
        var name: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Answer as of this instant: ISO 8601 with offset (2026-03-01T12:00:00Z) or a date (start of that day "
                    + "in the organisation's time zone). Default: now.",
                valueName: "time"))
        var asOf: String?

        @ArgumentParser.Flag(name: .long, help: "List the named queries and their views instead of running one.")
        var list = false

        func validate() throws {
            if list { return }
            guard let name else {
                throw ValidationError("name: say which query to run (see `radar query --list`)")
            }
            guard NamedQuery(rawValue: name) != nil else {
                throw ValidationError(
                    "name: \"\(name)\" is not a named query; expected one of "
                        + NamedQuery.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if let asOf, AsOf(asOf) == nil {
                throw ValidationError(
                    "--as-of: \"\(asOf)\" is neither an ISO 8601 date-time with offset "
                        + "(2026-03-01T12:00:00Z) nor a date (2026-03-01)")
            }
        }

        func run() async throws {
            if list {
                let report = Report(
                    columns: ["name", "view", "description"],
                    rows: NamedQuery.allCases.map { [$0.rawValue, $0.viewName, $0.summary] })
                Console.current.write(report.render(options.format))
                return
            }
            // validate() has checked both.
            guard let name, let query = NamedQuery(rawValue: name) else { return }
            let asOf = self.asOf.flatMap(AsOf.init)
            let slug = try options.requireOrganisation()
            let actor = options.configuration.actor
            // A reporting read: it may go to the read database (a replica) when that is fresh enough.
            let table = try await ReportingReads.withDatabase(options.configuration, poolSize: 1) { database in
                try await database.inOrganisation(slug, actor: actor) { tx in
                    try query.run(in: tx, asOf: asOf?.instant(in: tx.organisation.zone))
                }
            }
            Console.current.write(Report(columns: table.columns, rows: table.rows).render(options.format))
        }
    }
}

extension Radar.Query {
    /// The `--as-of` of a query: an exact instant, or a day that starts at midnight in the organisation's zone.
    enum AsOf: Sendable, Equatable {
        case instant(Date)
        case day(CalendarDate)

        init?(_ text: String) {
            if let day = CalendarDate(text) {
                self = .day(day)
            } else if let instant = (try? Date.ISO8601FormatStyle().parse(text))
                ?? (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            {
                self = .instant(instant)
            } else {
                return nil
            }
        }

        func instant(in zone: TimeZone) -> Date {
            switch self {
            case .instant(let date): date
            case .day(let day): day.date(in: zone)
            }
        }
    }
}

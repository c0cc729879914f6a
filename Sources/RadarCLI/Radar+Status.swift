import ArgumentParser
import Postgres
import RadarStore

extension Radar {
    /// `radar status`: what database this is and whether its schema is current.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the database server, login, migrations and organisations."
        )

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await options.withDatabase(poolSize: 1) { database in
                let server = try await database.server()
                let all = try await database.migrationStatus()
                let entries = all.filter { $0.kind == .migration }
                let pending = entries.filter { $0.appliedAt == nil }
                let pendingDefinitions = all.filter { $0.kind == .definition && $0.appliedAt == nil }
                let organisations =
                    pending.count == entries.count
                    ? [] : try await Organisations(database: database).list()
                let report = Report(
                    columns: ["item", "value"],
                    rows: [
                        ["database", server.database],
                        ["login", server.login],
                        ["server", "PostgreSQL " + server.version],
                        ["read_only", String(server.readOnly)],
                        ["migrations_applied", String(entries.count - pending.count)],
                        ["migrations_pending", String(pending.count)],
                        ["definitions_pending", String(pendingDefinitions.count)],
                        ["organisations", String(organisations.count)],
                    ])
                Console.current.write(report.render(options.format))
            }
        }
    }
}

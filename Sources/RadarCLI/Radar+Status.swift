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

        static let serverQuery = """
            SELECT current_database() AS database, session_user AS login,
                   current_setting('server_version') AS server_version,
                   pg_is_in_recovery() AS read_only
            """

        func run() async throws {
            try await options.withDatabase(poolSize: 1) { database in
                let server = try await database.pool.withConnection { connection in
                    try connection.queryRow(Self.serverQuery)!
                }
                let entries = try await database.migrationStatus()
                let pending = entries.filter { $0.appliedAt == nil }
                let organisations = pending.count == entries.count
                    ? [] : try await Organisations(database: database).list()
                let report = Report(columns: ["item", "value"], rows: [
                    ["database", try server.decode("database", as: String.self)],
                    ["login", try server.decode("login", as: String.self)],
                    ["server", "PostgreSQL " + (try server.decode("server_version", as: String.self))],
                    ["read_only", String(try server.decode("read_only", as: Bool.self))],
                    ["migrations_applied", String(entries.count - pending.count)],
                    ["migrations_pending", String(pending.count)],
                    ["organisations", String(organisations.count)],
                ])
                Console.current.write(report.render(options.format))
            }
        }
    }
}

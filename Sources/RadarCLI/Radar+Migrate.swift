import ArgumentParser
import RadarStore

extension Radar {
    /// `radar migrate`: applies the migrations embedded in this binary.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Apply pending database migrations, then recreate the views and functions whose definition changed.",
            discussion: """
                Migrations (sql/migrations) are forward-only, each in its own transaction; an applied file whose \
                checksum changed is refused. Definitions (sql/definitions, one view or function each) are recreated \
                with whatever depends on them, all in one transaction, whenever their text differs from the one \
                last applied.
                """
        )

        @OptionGroup var options: GlobalOptions

        @Flag(name: .long, help: "List migrations and definitions, applied or pending, instead of applying them.")
        var status = false

        func run() async throws {
            try await options.withDatabase(poolSize: 1) { database in
                if status {
                    let entries = try await database.migrationStatus()
                    let report = Report(
                        columns: ["kind", "name", "state", "applied_at", "checksum"],
                        rows: entries.map { entry in
                            [
                                entry.kind.rawValue, entry.name, entry.appliedAt == nil ? "pending" : "applied",
                                entry.appliedAt.map(Timestamps.format), String(entry.checksum.prefix(12)),
                            ]
                        })
                    Console.current.write(report.render(options.format))
                } else {
                    let applied = try await database.migrate()
                    if applied.isEmpty { Console.current.print("database is up to date") }
                    if !applied.migrations.isEmpty {
                        Console.current.print("applied \(applied.migrations.joined(separator: ", "))")
                    }
                    if !applied.definitions.isEmpty {
                        Console.current.print("recreated \(applied.definitions.joined(separator: ", "))")
                    }
                }
            }
        }
    }
}

import ArgumentParser
import RadarStore

extension Radar {
    /// `radar migrate`: applies the migrations embedded in this binary.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply pending database migrations, each in its own transaction.",
            discussion: "Migrations are forward-only; an applied file whose checksum changed is refused."
        )

        @OptionGroup var options: GlobalOptions

        @Flag(name: .long, help: "List applied and pending migrations instead of applying them.")
        var status = false

        func run() async throws {
            try await options.withDatabase(poolSize: 1) { database in
                if status {
                    let entries = try await database.migrationStatus()
                    let report = Report(
                        columns: ["migration", "state", "applied_at", "checksum"],
                        rows: entries.map { entry in
                            [entry.name, entry.appliedAt == nil ? "pending" : "applied",
                             entry.appliedAt.map(Timestamps.format), String(entry.checksum.prefix(12))]
                        })
                    Console.current.write(report.render(options.format))
                } else {
                    let applied = try await database.migrate()
                    Console.current.print(
                        applied.isEmpty ? "database is up to date" : "applied \(applied.joined(separator: ", "))")
                }
            }
        }
    }
}

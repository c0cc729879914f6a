import ArgumentParser
import RadarStore

extension Radar {
    /// `radar guidelines`: the twelve commitment guidelines and the principle, in the product's words.
    struct Guidelines: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the twelve commitment guidelines and P00.")
        @OptionGroup var options: GlobalOptions

        static let query = "SELECT code, short_name, description FROM guidelines ORDER BY position"

        func run() async throws {
            let rows = try await options.withDatabase(poolSize: 1) { database in
                try await database.pool.withConnection { connection in
                    try connection.query(Self.query).map { row -> [String?] in
                        [try row.decode("code"), try row.decode("short_name"), try row.decode("description")]
                    }
                }
            }
            options.emit(Report(columns: ["code", "name", "what_it_asks"], rows: rows))
        }
    }
}

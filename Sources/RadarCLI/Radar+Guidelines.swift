import ArgumentParser
import RadarDomain
import RadarStore

extension Radar {
    /// `radar guidelines`: the twelve commitment guidelines and the principle, in the product's words.
    struct Guidelines: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the twelve commitment guidelines and P00.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let rows = try await options.withDatabase(poolSize: 1) { database in
                try await GuidelineCatalogue.all(database).map { [$0.code, $0.name, $0.whatItAsks] }
            }
            options.emit(Report(columns: ["code", "name", "what_it_asks"], rows: rows))
        }
    }
}

import ArgumentParser
import Foundation
import RadarStore

extension Radar {
    /// `radar import DIR`: loads a folder of CSV files into one organisation, all of it or nothing.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a folder of CSV files in one transaction: all of it, or nothing and every problem.",
            discussion: """
                Reads whichever of these files the folder holds: \
                \(TransferFile.allCases.map(\.fileName).joined(separator: ", ")). UTF-8, header row required. \
                stakeholders.csv updates people whose e-mail already exists; refs of conversations and \
                initiatives must be new. Problems are listed as file:line: column: problem.
                """
        )

        @OptionGroup var options: GlobalOptions
        @Argument(help: ArgumentHelp("Folder holding the CSV files.", valueName: "dir")) var directory: String
        @Flag(help: "Check and load everything, then roll back and report what would have happened.")
        var dryRun = false
        @Option(help: ArgumentHelp("When the import happens (default now): \(TimeArgument.help).", valueName: "time"))
        var asOf: TimeArgument?

        func run() async throws {
            let folder = try ImportFolder.read(URL(fileURLWithPath: directory))
            let (asOf, dryRun) = (self.asOf, self.dryRun)
            let summary = try await options.inOrganisation { tx in
                let instant = asOf?.resolve(in: tx.organisation.zone) ?? Date()
                return try CSVImport(tx).run(folder, asOf: instant, dryRun: dryRun)
            }
            options.emit(
                Report(
                    columns: ["file", "rows", "inserted", "updated", "unchanged"],
                    rows: summary.entries.map {
                        [$0.name, String($0.rows), String($0.inserted), String($0.updated), String($0.unchanged)]
                    }))
            if summary.dryRun {
                Console.current.printError(
                    "radar: dry run: everything was checked and loaded, then rolled back; nothing was imported")
            }
        }
    }
}

import ArgumentParser
import Foundation
import RadarStore

extension Radar {
    /// `radar export DIR`: writes the organisation as the CSV files `radar import` reads.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export the organisation as CSV files that `radar import` reads back.",
            discussion: """
                Writes \(TransferFile.allCases.map(\.fileName).joined(separator: ", ")) into the folder, creating \
                it if needed. Times are UTC with Z; empty cells are NULL.
                """
        )

        @OptionGroup var options: GlobalOptions
        @Argument(help: ArgumentHelp("Folder to write the CSV files into.", valueName: "dir")) var directory: String
        @Flag(help: "Overwrite files that already exist.") var force = false

        func run() async throws {
            let target = URL(fileURLWithPath: directory)
            // Refuse before reading anything, so a mistyped folder costs no database work.
            try CSVExport.checkTarget(target, overwrite: force)
            let files = try await options.inOrganisation { try CSVExport($0).files() }
            try CSVExport.write(files, to: target, overwrite: force)
            options.emit(
                Report(
                    columns: ["file", "rows"], rows: files.map { [$0.file.fileName, String($0.rows)] }))
        }
    }
}

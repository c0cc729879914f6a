import Foundation
import Postgres
import RadarDomain

/// Imports a folder of CSV files into the transaction's organisation: all of it, or nothing and every problem.
public struct CSVImport {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    /// Validates every file of `folder`, then loads them in one go. `asOf` is the instant the import happens
    /// (conversations more than a day after it are refused; priorities without recorded_on get its day). With
    /// `dryRun` the rows are loaded and then rolled back, so the summary says what would have happened.
    /// Throws a `ValidationFailure` whose problems read `file:line: column` and say what is wrong.
    @discardableResult
    public func run(_ folder: ImportFolder, asOf: Date = Date(), dryRun: Bool = false) throws -> ImportSummary {
        let existing = try ExistingKeys.load(for: folder, on: tx.connection)
        var validation = ImportValidation(zone: tx.organisation.zone, asOf: asOf, existing: existing)
        guard let staged = validation.validate(folder) else {
            throw validation.problems.failure ?? ValidationFailure([])
        }
        let load = ImportLoad(connection: tx.connection)
        guard dryRun else { return try load.run(staged) }

        var summary: ImportSummary?
        do {
            // A savepoint: loading really happens (so constraints and triggers run), then it is undone.
            try tx.connection.transaction { _ in
                summary = try load.run(staged)
                throw DryRunRollback()
            }
        } catch is DryRunRollback {}
        return ImportSummary(entries: summary?.entries ?? [], dryRun: true)
    }

    /// Thrown to roll back a dry run's savepoint.
    private struct DryRunRollback: Error {}
}

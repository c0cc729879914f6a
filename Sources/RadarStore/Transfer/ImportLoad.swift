import Postgres
import RadarDomain

/// Loads validated rows: COPY into temporary staging tables, then one set-based `INSERT … SELECT` per table that
/// turns e-mails and refs into ids. Runs inside the import's transaction; the staging tables go with it.
struct ImportLoad {
    let connection: Connection

    /// Loads every file of `staged` in load order and counts what was written.
    func run(_ staged: StagedRows) throws -> ImportSummary {
        // Rows inserted earlier in this transaction are invisible to the planner's statistics (and radar_app may
        // not ANALYZE tables it does not own), so it would expect one conversation and pick nested loops over
        // staging tables of hundreds of thousands of rows. Hash joins are right for every statement here.
        let previous = try connection.queryRow(Query.currentPlannerSettings)!
        try connection.execute(Query.bulkPlannerSettings)
        defer {
            _ = try? connection.execute(
                Query.restorePlannerSettings,
                [
                    previous["enable_nestloop"], previous["work_mem"],
                ])
        }
        var entries: [ImportSummary.Entry] = []
        for file in TransferFile.allCases {
            guard let rows = staged.rows[file] else { continue }
            let read = staged.read[file] ?? rows.count
            entries.append(try mapConstraintViolation(file) { try load(file, rows, read: read) })
            if file == .conversations {
                let written = try mapConstraintViolation(file) { try connection.execute(Query.insertGuidelines) }
                entries.append(
                    ImportSummary.Entry(
                        name: "guidelines (conversations.csv)", rows: written,
                        inserted: written))
            }
        }
        return ImportSummary(entries: entries, dryRun: false)
    }

    /// Stages one file's rows and inserts them, counting what was written.
    private func load(_ file: TransferFile, _ rows: [[String?]], read: Int) throws -> ImportSummary.Entry {
        try connection.execute(Query.staging(for: file))
        try connection.copyIn(Query.copy(for: file), rows: rows)
        // Temporary tables are never analysed automatically; without statistics the joins below plan badly.
        try connection.execute(Query.analyze(file))
        let entry: ImportSummary.Entry
        if file == .stakeholders {
            let counts = try connection.queryRow(Query.insert(for: file))!
            let inserted: Int = try counts.decode("inserted")
            let updated: Int = try counts.decode("updated")
            entry = ImportSummary.Entry(
                name: file.fileName, rows: read, inserted: inserted, updated: updated,
                unchanged: rows.count - inserted - updated)
        } else {
            let inserted = try connection.execute(Query.insert(for: file))
            entry = ImportSummary.Entry(name: file.fileName, rows: read, inserted: inserted)
        }
        // Every row was checked to resolve; a shortfall means the data changed under the import, so stop.
        guard entry.inserted + entry.updated + entry.unchanged == rows.count else {
            throw ValidationFailure([
                ValidationProblem(
                    field: file.fileName,
                    message: "only \(entry.inserted + entry.updated) of \(rows.count) rows could be written; "
                        + "stakeholders or conversations changed during the import: run it again")
            ])
        }
        return entry
    }

    /// Turns a constraint the database enforced into a problem on the file, so the person sees what to fix.
    private func mapConstraintViolation<T>(_ file: TransferFile, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError where error.code?.sqlStateClass == "23" {
            let what = error.constraint.map { " (\($0))" } ?? ""
            let reason =
                switch error.code {
                case .uniqueViolation?: "a row repeats one that already exists\(what)"
                case .foreignKeyViolation?: "a row points at something that does not exist\(what)"
                case .checkViolation?: "a value breaks a rule of the database\(what)"
                case .notNullViolation?: "a required value is empty\(what)"
                default: "the database refused a row\(what)"
                }
            throw ValidationFailure([ValidationProblem(field: file.fileName, message: "\(reason): \(error.message)")])
        }
    }
}

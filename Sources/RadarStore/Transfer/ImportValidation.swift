import Foundation
import Postgres
import RadarDomain

/// The rows of an import after validation, as text ready for the staging tables: the line number first, then
/// the file's columns in `TransferFile.columns` order, NULL for empty cells, defaults filled in.
struct StagedRows {
    var rows: [TransferFile: [[String?]]] = [:]
    /// Data lines read per file.
    var read: [TransferFile: Int] = [:]
}

/// Checks every file of an import in load order, collecting all problems, and stages the rows. References
/// between files resolve against earlier files of the same import and against what the organisation holds.
struct ImportValidation {
    typealias Cells = CSVRecord.Cells

    let time: ImportTime
    let asOf: Date
    let existing: ExistingKeys
    private(set) var problems = ImportProblems()
    private(set) var staged = StagedRows()
    /// The file being checked, which problems are reported against.
    private(set) var file = TransferFile.stakeholders

    /// E-mails of existing stakeholders and of stakeholders.csv.
    var emails: Set<String>
    /// Conversation refs that exist or that conversations.csv defines.
    var conversationRefs: Set<String>
    // When a file's keys could not all be read (a missing column, a malformed line), references to them are not
    // reported: the file's own problems already say what to fix, and a cascade would bury them.
    var emailsComplete = true
    var conversationRefsComplete = true
    /// Initiative refs that exist or that initiatives.csv defines.
    var initiativeRefs: Set<String>
    /// Coaching goals that exist or that coaching_goals.csv defines, by e-mail, behaviour and day set.
    var goalKeys: Set<GoalKey>
    var initiativeRefsComplete = true

    init(zone: TimeZone, asOf: Date, existing: ExistingKeys) {
        self.time = ImportTime(zone: zone)
        self.asOf = asOf
        self.existing = existing
        self.emails = existing.emails
        self.conversationRefs = existing.conversationRefs
        self.initiativeRefs = existing.initiativeRefs
        self.goalKeys = existing.goals
    }

    /// Checks every file `folder` holds; the staged rows, or nil when any problem was found (see `problems`).
    mutating func validate(_ folder: ImportFolder) -> StagedRows? {
        for file in folder.files {
            guard let table = folder.tables[file] else { continue }
            self.file = file
            for problem in table.problems {
                problems.add(file, line: problem.line, column: problem.column, problem.message)
            }
            let rows = table.records.map { Cells(record: $0, columnIndex: table.columnIndex) }
            let keysComplete = table.problems.isEmpty
            // A file with only its header still shows in the summary, with nothing written.
            staged.rows[file] = []
            switch file {
            case .stakeholders:
                emailsComplete = keysComplete
                stakeholders(rows)
            case .conversations:
                conversationRefsComplete = keysComplete
                conversations(rows)
            case .participants: participants(rows)
            case .fears: fears(rows)
            case .commitments: commitments(rows)
            case .initiatives:
                initiativeRefsComplete = keysComplete
                initiatives(rows)
            case .priorities: priorities(rows)
            case .initiativeMembers: initiativeMembers(rows)
            case .initiativeSessions: initiativeSessions(rows)
            case .coachingGoals: coachingGoals(rows)
            case .coachingObservations: coachingObservations(rows)
            case .coachingPeriods: coachingPeriods(rows)
            case .peerGroups: peerGroups(rows)
            case .leaderCase: leaderCase(rows)
            case .narratives: narratives(rows)
            case .tensions: tensions(rows)
            case .benefits: benefits(rows)
            case .benefitReadings: benefitReadings(rows)
            case .strategyElements: strategyElements(rows)
            case .expectations: expectations(rows)
            case .influenceLinks: influenceLinks(rows)
            }
            staged.read[file] = table.records.count
        }
        return problems.isEmpty ? staged : nil
    }

    /// Adds a validated row of `file` to the staging rows.
    mutating func stage(_ row: Cells, _ values: [String?]) {
        staged.rows[file, default: []].append([String(row.line)] + values)
    }

    /// Records a problem on the current file at this row's line.
    mutating func report(_ row: Cells, _ column: String?, _ message: String) {
        problems.add(file, line: row.line, column: column, message)
    }

    /// The cell's trimmed text; an empty required cell is a problem (a missing column was reported once already).
    mutating func text(_ row: Cells, _ column: String, required: Bool = false) -> String? {
        let value = row[column]
        if value == nil, required, row.has(column) { report(row, column, "is required") }
        return value
    }

    /// A word of a vocabulary, as stored.
    mutating func word<V: Vocabulary>(_ row: Cells, _ column: String, _: V.Type, required: Bool = false) -> String? {
        guard let value = text(row, column, required: required) else { return nil }
        if V(rawValue: value) != nil { return value }
        do {
            return try V.parse(value, field: FieldPath(column)).rawValue
        } catch {
            report(row, column, error.message)
            return nil
        }
    }

    /// A whole number on the 1–5 scale.
    mutating func scale(_ row: Cells, _ column: String) -> String? {
        guard let value = text(row, column) else { return nil }
        guard let number = Int(value), (1...5).contains(number) else {
            report(row, column, "\"\(value)\" is not a whole number from 1 to 5")
            return nil
        }
        return String(number)
    }

    /// A calendar day (a date-time counts as its day in the organisation's time zone).
    mutating func day(_ row: Cells, _ column: String, required: Bool = false) -> CalendarDate? {
        guard let value = text(row, column, required: required) else { return nil }
        guard let day = time.day(value) else {
            report(row, column, "\"\(value)\" is not an ISO 8601 date such as 2026-03-01")
            return nil
        }
        return day
    }

    /// An instant; local forms are read in the organisation's time zone.
    mutating func instant(_ row: Cells, _ column: String, required: Bool = false) -> ImportTime.Instant? {
        guard let value = text(row, column, required: required) else { return nil }
        guard let instant = time.instant(value) else {
            report(row, column, "\"\(value)\" is not an ISO 8601 date or date-time such as 2026-03-01T09:30:00Z")
            return nil
        }
        return instant
    }

    /// The e-mail of a stakeholder in stakeholders.csv or in the organisation, lower-cased.
    mutating func person(_ row: Cells, _ column: String, required: Bool = false) -> String? {
        guard let value = text(row, column, required: required)?.lowercased() else { return nil }
        if !emails.contains(value) {
            if emailsComplete {
                report(
                    row, column,
                    "no stakeholder with e-mail \"\(value)\" in stakeholders.csv or in this organisation")
            }
            return nil
        }
        return value
    }

    /// The ref of a conversation in conversations.csv or in the organisation.
    mutating func conversation(_ row: Cells, _ column: String, required: Bool = false) -> String? {
        guard let value = text(row, column, required: required) else { return nil }
        if !conversationRefs.contains(value) {
            if conversationRefsComplete {
                report(
                    row, column,
                    "no conversation with ref \"\(value)\" in conversations.csv or in this organisation")
            }
            return nil
        }
        return value
    }

    /// The ref of an initiative in initiatives.csv or in the organisation.
    mutating func initiative(_ row: Cells, _ column: String, required: Bool = false) -> String? {
        guard let value = text(row, column, required: required) else { return nil }
        if !initiativeRefs.contains(value) {
            if initiativeRefsComplete {
                report(row, column, "no initiative with ref \"\(value)\" in initiatives.csv or in this organisation")
            }
            return nil
        }
        return value
    }

    /// Notes `key` as seen on this row; a key seen on an earlier line is a problem naming that line.
    mutating func unique<Key: Hashable>(
        _ key: Key?, in seen: inout [Key: Int], _ row: Cells, _ column: String, _ shown: String
    ) {
        guard let key else { return }
        if let first = seen[key] {
            report(row, column, "\(shown) is already on line \(first)")
        } else {
            seen[key] = row.line
        }
    }
}

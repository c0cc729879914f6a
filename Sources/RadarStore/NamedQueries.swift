import Foundation
import Postgres
import RadarDomain

/// One of the admin's named queries: a view defined in `sql/definitions/` (one file per view), read as rows of text.
public enum NamedQuery: String, CaseIterable, Sendable {
    case silent
    case openFears = "open-fears"
    case coverage, engagement, commitments, activity, ownership

    /// The rows a named query returns: column names and text cells, `nil` for NULL.
    public typealias Table = (columns: [String], rows: [[String?]])

    /// The view in `sql/` that holds the query, for psql and BI tools.
    public var viewName: String {
        switch self {
        case .silent: "query_silent"
        case .openFears: "query_open_fears"
        case .coverage: "query_coverage"
        case .engagement: "query_engagement"
        case .commitments: "query_commitments"
        case .activity: "query_activity"
        case .ownership: "query_ownership"
        }
    }

    /// What the query answers, in one line.
    public var summary: String {
        switch self {
        case .silent: "Stakeholders by days since contact, never contacted first."
        case .openFears: "Fears still open or being addressed, oldest first."
        case .coverage: "Conversations attended per stakeholder and guideline, 180 days."
        case .engagement: "Recorded against desired engagement, and the latest observed."
        case .commitments: "Open commitments by owner side, most overdue first."
        case .activity: "Conversations and attendance per ISO week and kind."
        case .ownership: "HR's share of open commitments and live initiatives (P00)."
        }
    }

    /// The statement run for this query. No organisation filter: row-level security applies it.
    public var sql: String {
        switch self {
        case .silent: SQL.silent
        case .openFears: SQL.openFears
        case .coverage: SQL.coverage
        case .engagement: SQL.engagement
        case .commitments: SQL.commitments
        case .activity: SQL.activity
        case .ownership: SQL.ownership
        }
    }

    enum SQL {
        static let silent = """
            SELECT name, email, tier, role, function, last_attended_at, days_since_contact, contacts_30d,
                   declines_60d
              FROM query_silent
             ORDER BY days_since_contact DESC NULLS FIRST, name, email
            """
        static let openFears = """
            SELECT name, email, category, severity, status, raised_on, age_days, conversation_ref, statement
              FROM query_open_fears
             ORDER BY raised_on, name, email, category
            """
        static let coverage = """
            SELECT stakeholder_id, name, email, guideline, conversations_180d
              FROM query_coverage
             ORDER BY name, email, stakeholder_id, guideline_position
            """
        static let engagement = """
            SELECT name, email, tier, role, engagement, desired_engagement, gap, observed_engagement, observed_on
              FROM query_engagement
             ORDER BY gap DESC NULLS LAST, name, email
            """
        static let commitments = """
            SELECT owner_name, owner_email, owner_side, made_on, due_on, days_overdue, conversation_ref, description
              FROM query_commitments
             ORDER BY days_overdue DESC NULLS LAST, due_on NULLS LAST, owner_name, made_on, commitment_id
            """
        static let activity = """
            SELECT iso_week, kind, conversations, participants_attended
              FROM query_activity
             ORDER BY iso_week, kind
            """
        static let ownership = """
            SELECT open_commitments, hr_owned_commitments, leader_owned_commitments, hr_share, initiatives,
                   hr_owned_initiatives, leader_owned_initiatives, hr_initiative_share
              FROM query_ownership
            """
    }

    /// Runs the query in the transaction's organisation as of `asOf` (now when `nil`). Timestamps come back as
    /// ISO 8601 in the organisation's time zone, dates as `YYYY-MM-DD`, numbers as PostgreSQL writes them.
    public func run(in tx: TenantTransaction, asOf: Date?) throws -> Table {
        // Transaction-local, so the instant never leaks to the next user of the pooled connection.
        try tx.readViews(asOf: asOf)
        let result = try tx.connection.query(sql)
        let table = try Self.text(of: result, in: tx.organisation.zone)
        return self == .coverage ? Self.pivotCoverage(table) : table
    }

    /// The result as text cells, with timestamps rewritten from the session's format to ISO 8601.
    static func text(of result: QueryResult, in zone: TimeZone) throws -> Table {
        let style = Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: zone)
        let timestampColumns = Set(
            result.columnTypes.indices.filter {
                result.columnTypes[$0] == PostgresTypeOID.timestamptz
            })
        let rows = try result.rows.map { row in
            try row.values.indices.map { index -> String? in
                guard timestampColumns.contains(index), row.values[index] != nil else { return row.values[index] }
                return try row.decode(at: index, as: Date.self).formatted(style)
            }
        }
        return (result.columns, rows)
    }

    /// Turns the stakeholder × guideline rows into one row per stakeholder with a column per guideline.
    static func pivotCoverage(_ table: Table) -> Table {
        let codes = GuidelineCode.all
        let column = Dictionary(uniqueKeysWithValues: table.columns.enumerated().map { ($1, $0) })
        guard let id = column["stakeholder_id"], let name = column["name"], let email = column["email"],
            let guideline = column["guideline"], let count = column["conversations_180d"]
        else { preconditionFailure("coverage query lacks its columns: \(table.columns)") }

        var rows: [[String?]] = []
        var lastID: String?
        for cells in table.rows {
            if cells[id] != lastID {
                lastID = cells[id]
                rows.append([cells[name], cells[email]] + Array(repeating: "0", count: codes.count))
            }
            if let code = cells[guideline], let position = codes.firstIndex(of: code) {
                rows[rows.count - 1][2 + position] = cells[count]
            }
        }
        return (["name", "email"] + codes, rows)
    }
}

import Foundation
import Postgres
import RadarDomain
import RadarStore

/// The flags' life replayed from `flag_events`, the system of record, so the state of every flag at any past
/// instant can be read again exactly, whatever happened to the flags since.
struct FlagLedger {
    /// What the ledger says about one flag at one instant.
    struct State: Sendable {
        var status = FlagStatus.open
        var severity = Severity.info
        var raisedAt = Date.distantPast
        /// When it was last raised or reopened.
        var openSince = Date.distantPast
        var reopened = false
        var resolvedAt: Date?
        var setAsideBy: String?
        var reason: String?
        var snoozedUntil: CalendarDate?
        /// Why it stopped, when resolved (nil for flags resolved before reasons were kept).
        var resolution: FlagResolution?
        /// The states a check lays over the triage status: waiting for its rule's days, made redundant by another
        /// flag on its subject, quieted by a silence.
        var pending = false
        var suppressed = false
        var silenced = false
        /// Whether it was still pending when it resolved: it never opened, so its end is no news either.
        var resolvedWhilePending = false

        var isResolved: Bool { status == .resolved }
        /// Neither resolved nor pending, suppressed or silenced: a flag the digest counts as open.
        var isCounted: Bool { !isResolved && !pending && !suppressed && !silenced }
        /// Suppressed or silenced (and not resolved): listed with the flags set aside, not counted as open.
        var isQuieted: Bool { !isResolved && (suppressed || (silenced && !pending)) }
        /// The status the digest shows.
        var shownStatus: FlagStatus {
            if isResolved { return .resolved }
            if suppressed { return .suppressed }
            if pending { return .pending }
            if silenced { return .silenced }
            return status
        }
    }

    /// A flag as stored now: what it is about and how it was last worded.
    struct Flag: Sendable {
        var id: UUID
        var rule: String
        var ruleName: String
        var guideline: String
        var guidelineName: String
        var subjectKind: String
        var subjectID: UUID
        var subject: String
        var subjectName: String
        var message: String
        var nextStep: String
        var evidence: [String: FactValueText]

        /// The key a rule finding has for the same rule and subject.
        var key: String { "\(rule)|\(subjectKind)|\(subjectID)" }
    }

    /// One flag's state at the start and at the end of a week.
    struct Entry: Sendable {
        var flag: Flag
        /// Nil when the flag did not exist yet when the week started.
        var atStart: State?
        var atEnd: State
    }

    enum Query {
        static let flags = """
            SELECT f.id, f.rule_code, COALESCE(r.name, f.rule_code) AS rule_name, f.guideline, g.short_name AS guideline_name, f.subject_kind, f.subject_id,
                   f.message, f.next_step, f.evidence,
                   COALESCE(s.email, i.ref, c.ref, o.slug) AS subject,
                   COALESCE(s.name, i.title,
                            c.kind || ' on ' || to_char(c.occurred_at AT TIME ZONE o2.time_zone, 'YYYY-MM-DD'),
                            o.name) AS subject_name
              FROM flags f
              JOIN guidelines g ON g.code = f.guideline
              LEFT JOIN rules r ON r.org_id = f.org_id AND r.code = f.rule_code
              JOIN organisations o2 ON o2.id = f.org_id
              LEFT JOIN stakeholders s ON f.subject_kind = 'stakeholder' AND s.org_id = f.org_id AND s.id = f.subject_id
              LEFT JOIN initiatives i ON f.subject_kind = 'initiative' AND i.org_id = f.org_id AND i.id = f.subject_id
              LEFT JOIN conversations c
                     ON f.subject_kind = 'conversation' AND c.org_id = f.org_id AND c.id = f.subject_id
              LEFT JOIN organisations o ON f.subject_kind = 'organisation' AND o.id = f.subject_id
             WHERE f.first_raised_at < $1
            """
        // Every event before the week's end, in the order it happened; the id breaks ties within one check.
        static let events = """
            SELECT flag_id, occurred_at, event, severity, actor, reason, snoozed_until, resolution
              FROM flag_events
             WHERE occurred_at < $1
             ORDER BY flag_id, occurred_at, id
            """
    }

    /// Every flag raised before `end`, with its state at `start` and at `end`.
    static func read(in tx: TenantTransaction, start: Date, end: Date) throws -> [Entry] {
        var flags: [UUID: Flag] = [:]
        for row in try tx.connection.query(Query.flags, [end]) {
            let flag = Flag(
                id: try row.decode("id"), rule: try row.decode("rule_code"), ruleName: try row.decode("rule_name"),
                guideline: try row.decode("guideline"),
                guidelineName: try row.decode("guideline_name"), subjectKind: try row.decode("subject_kind"),
                subjectID: try row.decode("subject_id"), subject: try row.decode("subject", as: String?.self) ?? "",
                subjectName: try row.decode("subject_name", as: String?.self) ?? "",
                message: try row.decode("message"), nextStep: try row.decode("next_step"),
                evidence: try row.decode("evidence", as: JSONB<[String: FactValueText]>.self).value)
            flags[flag.id] = flag
        }
        var replays: [UUID: Replay] = [:]
        for row in try tx.connection.query(Query.events, [end]) {
            let id: UUID = try row.decode("flag_id")
            let at: Date = try row.decode("occurred_at")
            var replay = replays[id] ?? Replay()
            if at >= start, !replay.crossedStart {
                // The first event of the week: whatever came before it is the state at the week's start.
                replay.atStart = replay.hasEvents ? replay.current : nil
                replay.crossedStart = true
            }
            apply(row: row, at: at, to: &replay.current)
            replay.hasEvents = true
            replays[id] = replay
        }
        return replays.compactMap { id, replay in
            guard let flag = flags[id] else { return nil }
            return Entry(
                flag: flag, atStart: replay.crossedStart ? replay.atStart : replay.current,
                atEnd: replay.current)
        }
    }

    /// One flag's events folded so far.
    private struct Replay {
        var current = State()
        var atStart: State?
        var hasEvents = false
        var crossedStart = false
    }

    private static func apply(row: Row, at: Date, to state: inout State) {
        let event = (try? row.decode("event", as: String.self)) ?? ""
        let severity = Severity(rawValue: (try? row.decode("severity", as: String.self)) ?? "") ?? state.severity
        switch event {
        case "raised":
            state = State(status: .open, severity: severity, raisedAt: at, openSince: at)
        case "reopened":
            state.status = .open
            state.severity = severity
            state.openSince = at
            state.reopened = true
            state.resolvedAt = nil
            state.resolution = nil
            state.setAsideBy = nil
            state.reason = nil
            state.snoozedUntil = nil
            state.pending = false
            state.suppressed = false
            state.silenced = false
            state.resolvedWhilePending = false
        case "pending":
            state.pending = true
        case "opened":
            state.pending = false
            state.openSince = at
        case "suppressed", "unsuppressed":
            state.suppressed = event == "suppressed"
        case "silenced", "unsilenced":
            state.silenced = event == "silenced"
        case "escalated":
            state.severity = severity
        case "resolved":
            state.status = .resolved
            state.resolvedWhilePending = state.pending
            state.pending = false
            state.suppressed = false
            state.silenced = false
            state.resolvedAt = at
            state.resolution = (try? row.decode("resolution", as: String?.self)).flatMap { $0 }
                .flatMap(FlagResolution.init(rawValue:))
        case "acknowledged", "snoozed":
            state.status = event == "snoozed" ? .snoozed : .acknowledged
            state.setAsideBy = try? row.decode("actor", as: String?.self)
            state.reason = try? row.decode("reason", as: String?.self)
            state.snoozedUntil = event == "snoozed" ? (try? row.decode("snoozed_until", as: CalendarDate?.self)) : nil
        case "unsnoozed":
            state.status = .open
            state.setAsideBy = nil
            state.reason = nil
            state.snoozedUntil = nil
        default:
            break
        }
    }
}

/// A stored evidence value read back as text, whatever JSON type it was written as.
struct FactValueText: Codable, Sendable {
    var text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            text = "none"
        } else if let value = try? container.decode(Bool.self) {
            text = value ? "yes" : "no"
        } else if let value = try? container.decode(Int.self) {
            text = String(value)
        } else if let value = try? container.decode(Double.self) {
            text = String(value)
        } else {
            text = try container.decode(String.self)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

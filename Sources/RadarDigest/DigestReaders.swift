import Foundation
import Postgres
import RadarDomain
import RadarStore

// The digest's sections other than flags and scores, each read as of the week's last day. Dates decide: a fear
// resolved after the week still counts as open in it, a commitment done after the week as open then.

/// Fears voiced, open longest and resolved, as of the week's end.
enum FearReader {
    enum Query {
        static let fears = """
            SELECT f.category, f.severity, f.status, f.statement, f.raised_on, f.resolved_on, f.mitigation,
                   s.name, s.email
              FROM fears f
              JOIN stakeholders s ON s.org_id = f.org_id AND s.id = f.stakeholder_id
             WHERE f.raised_on <= $1
             ORDER BY f.raised_on, s.name, f.id
            """
    }

    static func read(in tx: TenantTransaction, period: Period) throws -> DigestFears {
        var voiced: [DigestFear] = []
        var open: [DigestFear] = []
        var resolved: [DigestFear] = []
        for row in try tx.connection.query(Query.fears, [period.sunday]) {
            let status: String = try row.decode("status")
            let resolvedOn: CalendarDate? = try row.decode("resolved_on")
            let raisedOn: CalendarDate = try row.decode("raised_on")
            let category: String = try row.decode("category")
            let mitigation: String? = try row.decode("mitigation")
            let closedBy = resolvedOn.flatMap { $0 <= period.sunday ? $0 : nil }
            let isOpen = status == "open" || status == "addressing" || (resolvedOn.map { $0 > period.sunday } ?? false)
            let fear = DigestFear(
                name: try row.decode("name"), email: try row.decode("email"), category: category,
                categoryLabel: DigestWording.fearCategory(category), severity: try row.decode("severity"),
                statement: try row.decode("statement"), raisedOn: raisedOn,
                ageDays: raisedOn.days(to: period.sunday), resolvedOn: isOpen ? nil : closedBy,
                mitigation: isOpen ? nil : mitigation)
            if period.contains(raisedOn) { voiced.append(fear) }
            if isOpen {
                if !period.contains(raisedOn) { open.append(fear) }
            } else if let closedBy, period.contains(closedBy) {
                resolved.append(fear)
            }
        }
        let openCount = open.count + voiced.filter { $0.resolvedOn == nil }.count
        return DigestFears(open: openCount, voiced: voiced, openLongest: Array(open.prefix(3)), resolved: resolved)
    }
}

/// Open commitments by owner side, leaders' overdue ones, and what leaders finished this week.
enum CommitmentReader {
    enum Query {
        static let commitments = """
            SELECT m.description, m.made_on, m.due_on, m.status, m.done_on, s.name, s.email,
                   radar_owner_side(s.tier, s.role) AS side
              FROM commitments m
              JOIN stakeholders s ON s.org_id = m.org_id AND s.id = m.owner_id
             WHERE m.made_on <= $1
             ORDER BY m.due_on NULLS LAST, s.name, m.id
            """
    }

    static func read(in tx: TenantTransaction, period: Period) throws -> DigestCommitments {
        var sides: [String: Int] = [:]
        var overdue: [DigestCommitment] = []
        var doneByLeaders = 0
        for row in try tx.connection.query(Query.commitments, [period.sunday]) {
            let status: String = try row.decode("status")
            let doneOn: CalendarDate? = try row.decode("done_on")
            let side: String = try row.decode("side")
            if status == "done", let doneOn, period.contains(doneOn), side == "leader" { doneByLeaders += 1 }
            // A dropped commitment has no date; it counts as closed all along.
            let isOpen = status == "open" || (doneOn.map { $0 > period.sunday } ?? false)
            guard isOpen else { continue }
            sides[side, default: 0] += 1
            let madeOn: CalendarDate = try row.decode("made_on")
            guard side == "leader", let dueOn = try row.decode("due_on", as: CalendarDate?.self),
                dueOn < period.sunday
            else { continue }
            // Already overdue on last week's Sunday means it was in last week's digest: not new again.
            let wasOverdue = dueOn < period.previousSunday && madeOn <= period.previousSunday
            overdue.append(
                DigestCommitment(
                    owner: try row.decode("name"), ownerEmail: try row.decode("email"),
                    description: try row.decode("description"), dueOn: dueOn,
                    daysOverdue: dueOn.days(to: period.sunday),
                    newlyOverdue: !wasOverdue))
        }
        overdue.sort { ($1.daysOverdue, $0.owner) < ($0.daysOverdue, $1.owner) }
        let total = sides.values.reduce(0, +)
        let hr = sides["hr", default: 0]
        let leaders = sides["leader", default: 0]
        let share = total > 0 ? Int((Double(hr) * 100 / Double(total)).rounded()) : nil
        return DigestCommitments(
            open: total, ownedByLeaders: leaders, ownedByHR: hr, ownedByOthers: sides["other", default: 0],
            hrSharePercent: share,
            ownershipSentence: DigestWording.ownership(total: total, hr: hr, leaders: leaders, share: share),
            leadersOverdue: overdue, doneByLeadersThisWeek: doneByLeaders)
    }
}

/// Initiatives running, starting within six weeks, and pilots that ended with nothing recorded.
enum ProgrammeReader {
    /// How far ahead "starting soon" looks, as the programme-gap rule does.
    static let lookAheadDays = 42

    enum Query {
        static let initiatives = """
            SELECT i.ref, i.title, i.kind, i.status, i.starts_on, i.ends_on,
                   (i.outcome IS NOT NULL AND btrim(i.outcome) <> '') AS has_outcome, s.name AS owner
              FROM initiatives i
              LEFT JOIN stakeholders s ON s.org_id = i.org_id AND s.id = i.owner_id
             WHERE i.status <> 'cancelled' AND i.starts_on <= $1
             ORDER BY i.starts_on, i.title, i.ref
            """
    }

    /// How far back the rhythm of a group is judged.
    static let rhythmWindowDays = 90

    /// Sessions held against those due, attendance and the next session due, for each running initiative (by
    /// ref) that has a cadence, in the order given.
    static func rhythm(of refs: [String], in tx: TenantTransaction, period: Period) throws -> [DigestRhythm] {
        let members = InitiativeMembers(tx)
        return try refs.compactMap { ref -> DigestRhythm? in
            let roster = try members.roster(initiative: ref, asOf: period.readingInstant)
            guard let cadence = roster.initiative.cadenceDays, let nextDue = roster.nextSessionDue else { return nil }
            let end = period.sunday
            let start = max(end.adding(days: 1 - rhythmWindowDays), roster.initiative.startsOn)
            let inWindow = roster.sessions.filter { $0.day >= start && $0.day <= end }
            var slots = 0
            var attended = 0
            for session in inWindow {
                for member in roster.members {
                    guard let attendance = roster.attendance(of: member, at: session) else { continue }
                    slots += 1
                    if attendance == .attended { attended += 1 }
                }
            }
            let last = roster.heldSessions.last?.day
            let since = (last ?? roster.initiative.startsOn).days(to: end)
            return DigestRhythm(
                ref: ref, title: roster.initiative.title, cadenceDays: cadence, windowDays: rhythmWindowDays,
                held: inWindow.filter(\.wasHeld).count, due: (start.days(to: end) + 1) / cadence,
                attendancePercent: slots == 0 ? nil : (attended * 100 + slots / 2) / slots, lastSessionOn: last,
                nextDueOn: nextDue, stopped: since > cadence + 14)
        }
    }

    /// Open goals at the week's end, those observed during the week, and those not looked at for over 180 days.
    static func coachingGoals(in tx: TenantTransaction, period: Period) throws -> DigestCoachingGoals {
        let end = period.sunday
        let open = try CoachingGoals(tx).goals().filter { $0.setOn <= end && ($0.closedOn.map { $0 > end } ?? true) }
        var reviewed = 0
        var stale = 0
        for goal in open {
            let seen = goal.observations.map(\.observedOn).filter { $0 <= end }
            if seen.contains(where: { $0 >= period.monday }) { reviewed += 1 }
            if (seen.max() ?? goal.setOn).days(to: end) > 180 { stale += 1 }
        }
        return DigestCoachingGoals(open: open.count, reviewedThisWeek: reviewed, notReviewed180: stale)
    }

    static func read(in tx: TenantTransaction, period: Period) throws -> DigestProgramme {
        var running: [DigestInitiative] = []
        var soon: [DigestInitiative] = []
        var pilots: [DigestInitiative] = []
        let horizon = period.sunday.adding(days: lookAheadDays)
        for row in try tx.connection.query(Query.initiatives, [horizon]) {
            let kind: String = try row.decode("kind")
            let status: String = try row.decode("status")
            let startsOn: CalendarDate = try row.decode("starts_on")
            let endsOn: CalendarDate? = try row.decode("ends_on")
            let ended = endsOn.map { $0 < period.sunday } ?? false
            let hasOutcome: Bool = try row.decode("has_outcome")
            var item = DigestInitiative(
                ref: try row.decode("ref"), title: try row.decode("title"), kind: kind,
                kindLabel: DigestWording.initiativeKind(kind), owner: try row.decode("owner"), startsOn: startsOn,
                endsOn: endsOn, daysSinceEnd: nil)
            if startsOn > period.sunday {
                soon.append(item)
            } else if let endsOn {
                if endsOn >= period.monday { running.append(item) }
            } else if status != "done" {
                running.append(item)
            }
            if kind == "pilot", ended, let endsOn, !hasOutcome {
                item.daysSinceEnd = endsOn.days(to: period.sunday)
                pilots.append(item)
            }
        }
        pilots.sort { ($1.daysSinceEnd ?? 0, $0.title) < ($0.daysSinceEnd ?? 0, $1.title) }
        return DigestProgramme(
            running: running, startingSoon: soon, pilotsAwaitingEvidence: pilots,
            sentence: DigestWording.programme(running: running.count, soon: soon.count, pilots: pilots.count),
            rhythm: try rhythm(of: running.map(\.ref), in: tx, period: period),
            coachingGoals: try coachingGoals(in: tx, period: period))
    }
}

/// The leaders × guidelines heatmap of the last 180 days.
enum CoverageReader {
    static let windowDays = 180

    enum Query {
        static let guidelines = "SELECT code, short_name FROM guidelines WHERE code <> 'P00' ORDER BY position"
        static let coverage = """
            SELECT c.name, c.email, c.guideline, c.conversations_180d::integer AS conversations
              FROM query_coverage c
              JOIN stakeholders s ON s.org_id = c.org_id AND s.id = c.stakeholder_id
             WHERE (s.tier = 'top_team' OR s.role = 'sponsor') AND c.guideline <> 'P00'
             ORDER BY c.name, c.email, c.guideline_position
            """
    }

    static func read(in tx: TenantTransaction, period: Period) throws -> DigestCoverage {
        let guidelines = try tx.connection.query(Query.guidelines).map {
            DigestGuideline(code: try $0.decode("code"), name: try $0.decode("short_name"))
        }
        var rows: [DigestCoverageRow] = []
        for row in try tx.connection.query(Query.coverage) {
            let email: String = try row.decode("email")
            let count: Int = try row.decode("conversations")
            if rows.last?.email != email {
                rows.append(
                    DigestCoverageRow(
                        name: try row.decode("name"), email: email, conversations: [],
                        levels: []))
            }
            rows[rows.count - 1].conversations.append(count)
            rows[rows.count - 1].levels.append(count == 0 ? 0 : count == 1 ? 1 : count <= 3 ? 2 : 3)
        }
        let untouched = guidelines.indices.filter { index in rows.allSatisfy { $0.conversations[index] == 0 } }
            .map { guidelines[$0] }
        return DigestCoverage(
            since: period.sunday.adding(days: 1 - windowDays), windowDays: windowDays, guidelines: guidelines,
            leaders: rows, untouched: untouched.map(\.code),
            sentence: DigestWording.coverage(untouched: untouched, leaders: rows.count))
    }
}

import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore

/// What the radar dashboard shows, read in one transaction as of an explicit instant (tests pass a fixed one).
struct RadarReading: Sendable {
    /// One active stakeholder with their facts and the last twelve weekly scores.
    struct Person: Sendable {
        var id: UUID
        var name: String
        var title: String?
        var isLeader: Bool
        var daysSinceContact: Int?
        var engagement: EngagementLevel?
        var desiredEngagement: EngagementLevel?
        var influence: Int?
        var interest: Int?
        var usualIntervalDays: Double?
        var nextContactDue: CalendarDate?
        /// Oldest first; the last is this week (live when this week has no snapshot yet).
        var scores: [Int?]
        var flags: [Flag]

        var score: Int? { scores.last ?? nil }
        var worstSeverity: Severity? { flags.map(\.severity).max() }
    }

    static let weeks = 12

    var people: [Person]
    /// Flags about the organisation as a whole (programme gap, HR owns it, training only …).
    var organisationFlags: [Flag]
    /// Leaders, the most at risk first: the worst open flag, then the lowest score, then the longest silence.
    var leadersByRisk: [Person] {
        people.filter(\.isLeader).sorted { a, b in
            let severityA = a.worstSeverity.map { $0.rank } ?? 0, severityB = b.worstSeverity.map { $0.rank } ?? 0
            if severityA != severityB { return severityA > severityB }
            if a.score != b.score { return (a.score ?? -1) < (b.score ?? -1) }
            if a.daysSinceContact != b.daysSinceContact {
                return (a.daysSinceContact ?? Int.max) > (b.daysSinceContact ?? Int.max)
            }
            return a.name < b.name
        }
    }

    /// The twelve ISO weeks a sparkline as of `asOf` shows, oldest first, ending with the week of `asOf`.
    static func sparklineWeeks(asOf: Date, in zone: TimeZone) -> [ISOWeek] {
        var weeks = [ISOWeek(containing: asOf, in: zone)]
        while weeks.count < Self.weeks { weeks.insert(weeks[0].previous, at: 0) }
        return weeks
    }

    /// Reads the radar of the transaction's organisation as of `asOf`.
    init(_ tx: TenantTransaction, asOf: Date) throws {
        try tx.readViews(asOf: asOf)
        let weeks = Self.sparklineWeeks(asOf: asOf, in: tx.organisation.zone)
        let snapshots = try Snapshots(tx).scores(from: weeks[0].monday, to: weeks[weeks.count - 1].monday)
        let open = try FlagBook(tx).all().filter(\.needsAttention)
        var flagsBySubject: [UUID: [Flag]] = [:]
        for flag in open where flag.subjectKind == .stakeholder {
            flagsBySubject[flag.subjectID, default: []].append(flag)
        }
        organisationFlags = open.filter { $0.subjectKind == .organisation }.sorted { $0.severity > $1.severity }
        people = try Standing.all(tx).map { standing in
            var scores = weeks.map { snapshots[standing.id]?[$0.monday] }
            if scores[scores.count - 1] == nil { scores[scores.count - 1] = standing.score }
            return Person(
                id: standing.id, name: standing.name, title: standing.title, isLeader: standing.isLeader,
                daysSinceContact: standing.daysSinceContact, engagement: standing.engagement,
                desiredEngagement: standing.desiredEngagement, influence: standing.influence,
                interest: standing.interest, usualIntervalDays: standing.usualIntervalDays,
                nextContactDue: standing.nextContactDue, scores: scores,
                flags: (flagsBySubject[standing.id] ?? []).sorted { $0.severity > $1.severity })
        }
    }
}

extension Severity {
    /// 1 for info … 5 for critical.
    var rank: Int { Self.allCases.firstIndex(of: self)! + 1 }
}

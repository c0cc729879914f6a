import Foundation
import Hummingbird
import Postgres
import RadarDomain
import RadarRules
import RadarStore

/// `/stakeholders` and `/stakeholders/:id`: everyone the programme depends on, and one person's profile,
/// engagement history, conversations, fears, commitments, flags and the guidelines covered with them.
enum StakeholderPage {
    static let routes: [WebRoute] = [
        .get("/stakeholders", .member(.read), list),
        .get("/stakeholders/:id", .member(.read), show),
        .post("/stakeholders/:id/coaching-goals", .member(.record), StakeholderCoaching.addGoal),
        .post("/stakeholders/:id/coaching-goals/observations", .member(.record), StakeholderCoaching.observe),
        .post("/stakeholders/:id/leader-case", .member(.record), StakeholderLeaderCase.record),
    ]

    /// How long a resolved flag stays on the person's page.
    static let recentFlagDays = 90

    // MARK: the list

    static func list(_ page: PageRequest) async throws -> Response {
        let asOf = page.now
        let (people, reading) = try await page.inOrganisation { tx in
            (try Stakeholders(tx).list(), try RadarReading(tx, asOf: asOf))
        }
        let facts = Dictionary(reading.people.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let rows = people.map { person -> [String: Any] in
            var row: [String: Any] = [
                "id": person.id.uuidString.lowercased(), "name": person.name,
                "tier": tierWord(person.tier), "role": Words.readable(person.role.rawValue),
                "engagementClass": DashboardPage.engagementClass(person.engagement),
                "engagementWord": person.engagement.map { Words.readable($0.rawValue) } ?? "not assessed",
                "desiredClass": DashboardPage.engagementClass(person.desiredEngagement),
                "desiredWord": person.desiredEngagement.map { Words.readable($0.rawValue) } ?? "not set",
                "silence": DayWords.silence(facts[person.id]?.daysSinceContact),
            ]
            if let title = person.title { row["jobTitle"] = title }
            return row
        }
        return try page.page("stakeholders", title: "Stakeholders", ["people": rows, "hasPeople": !rows.isEmpty])
    }

    // MARK: one person

    /// Everything the person's page shows, read in one transaction.
    struct Profile: Sendable {
        var stakeholder: Stakeholder
        var facts: RadarReading.Person?
        var conversations: [Conversation]
        var fears: [Fear]
        var commitments: [Commitment]
        var flags: [Flag]
        var guidelines: [Guideline]
        var coachingGoals: [CoachingGoal]
        var coachingPeriods: [LeaderCoaching]
        /// The pairs and trios they coach in, with meetings up to the page's instant.
        var peerGroups: [PeerGroup]
        /// Their case in their words, oldest first.
        var leaderCase: [LeaderCaseNote]
        /// Their other e-mail addresses, by which calendars may name them.
        var aliases: [String]
        var zone: TimeZone
        var today: CalendarDate

        init(_ tx: TenantTransaction, id: UUID, asOf: Date) throws {
            stakeholder = try Stakeholders(tx).find(id: id)
            facts = try RadarReading(tx, asOf: asOf).people.first { $0.id == id }
            // Past weeks with no stored snapshot are computed for this person alone, as the record stood then, so
            // the sparkline has no gap where no digest ran (nothing is stored by a page view).
            if var known = facts {
                let weeks = RadarReading.sparklineWeeks(asOf: asOf, in: tx.organisation.zone)
                let missing = zip(weeks, known.scores).dropLast().filter { $0.1 == nil }.map(\.0)
                if !missing.isEmpty {
                    let computed = try Snapshots(tx).computed(for: id, weeks: missing, asOf: asOf)
                    try tx.readViews(asOf: asOf)
                    for (index, week) in weeks.enumerated() where known.scores[index] == nil {
                        known.scores[index] = computed[week.monday]
                    }
                    facts = known
                }
            }
            conversations = try Conversations(tx).list(participant: stakeholder.email, limit: 200)
            fears = try Fears(tx).list(Fears.Filter(email: stakeholder.email, includeClosed: true))
            commitments = try Commitments(tx).list(
                Commitments.Filter(ownerEmail: stakeholder.email, includeClosed: true))
            zone = tx.organisation.zone
            today = CalendarDate(asOf, in: zone)
            let recent = asOf.addingTimeInterval(-Double(StakeholderPage.recentFlagDays) * 86_400)
            flags = try FlagBook(tx).all()
                .filter { $0.subjectKind == .stakeholder && $0.subjectID == id }
                .filter { $0.status != .resolved || ($0.resolvedAt ?? .distantPast) >= recent }
                .sorted {
                    ($0.status == .resolved ? 0 : 1, $0.severity) > ($1.status == .resolved ? 0 : 1, $1.severity)
                }
            guidelines = try GuidelineCatalogue.all(tx)
            coachingGoals = try CoachingGoals(tx).goals(email: stakeholder.email)
            coachingPeriods = try CoachingGoals(tx).coaching(email: stakeholder.email)
            peerGroups = try PeerGroups(tx).groups(email: stakeholder.email, asOf: asOf)
            leaderCase = try LeaderCases(tx).notes(email: stakeholder.email)
            aliases = try StakeholderAliases(tx).aliases(of: stakeholder.email)
        }
    }

    static func show(_ page: PageRequest) async throws -> Response {
        guard let id = UUID(uuidString: page.parameters.get("id") ?? "") else { throw WebError.notFound }
        let asOf = page.now
        let profile = try await page.inOrganisation { try Profile($0, id: id, asOf: asOf) }
        let user = try page.user
        var values = values(profile, seesSensitive: user.seesSensitive, mayTriage: user.may(.triage))
        for (key, value) in StakeholderCoaching.values(
            profile, seesSensitive: user.seesSensitive, mayRecord: user.may(.record))
        {
            values[key] = value
        }
        return try page.page("stakeholder", title: profile.stakeholder.name, values)
    }

    /// The template's values; sensitive text (fear statements and mitigations, notes, commitment descriptions)
    /// is left out entirely unless `seesSensitive`.
    static func values(_ profile: Profile, seesSensitive: Bool, mayTriage: Bool) -> [String: Any] {
        let person = profile.stakeholder
        var values: [String: Any] = [
            "id": person.id.uuidString.lowercased(), "name": person.name,
            "tier": tierWord(person.tier), "role": Words.readable(person.role.rawValue),
            "isLeader": person.isLeader, "active": person.active,
            "influence": person.influence.map(String.init) ?? "not set",
            "interest": person.interest.map(String.init) ?? "not set",
            "engagementClass": DashboardPage.engagementClass(person.engagement),
            "engagementWord": person.engagement.map { Words.readable($0.rawValue) } ?? "not assessed",
            "desiredClass": DashboardPage.engagementClass(person.desiredEngagement),
            "desiredWord": person.desiredEngagement.map { Words.readable($0.rawValue) } ?? "not set",
            "silence": DayWords.silence(profile.facts?.daysSinceContact),
            "seesSensitive": seesSensitive,
        ]
        if let title = person.title { values["jobTitle"] = title }
        if let function = person.function { values["function"] = function }
        if let owner = person.hrOwnerEmail { values["hrOwner"] = "\(person.hrOwnerName ?? owner) (\(owner))" }
        if let left = person.leftOn { values["leftOn"] = DayWords.day(left) }
        if !profile.aliases.isEmpty { values["aliases"] = profile.aliases.joined(separator: ", ") }
        if let gap = engagementGap(person) { values["gap"] = gap }
        if let due = profile.facts?.nextContactDue {
            let rhythm = profile.facts?.usualIntervalDays.map { "usually every \($0.plainText) days" }
            values["nextContactDue"] = DayWords.day(due) + (rhythm.map { " (\($0))" } ?? "")
        }

        // The score's twelve weeks.
        if let facts = profile.facts {
            let spark = Charts.sparkline(facts.scores)
            values["hasScores"] = true
            values["points"] = spark.points
            if let last = spark.last {
                values["lastX"] = Charts.format(last.x); values["lastY"] = Charts.format(last.y)
            }
            if let score = facts.score { values["score"] = score }
            values["weeks"] = facts.scores.enumerated().map { index, score -> [String: Any] in
                let ago = facts.scores.count - 1 - index
                return [
                    "week": ago == 0 ? "this week" : ago == 1 ? "1 week ago" : "\(ago) weeks ago",
                    "score": score.map(String.init) ?? "–",
                ]
            }
        }

        // Observed engagement, oldest first, and the timeline, newest first.
        let chronological = profile.conversations.sorted { $0.occurredAt < $1.occurredAt }
        let observed = chronological.compactMap { conversation -> [String: Any]? in
            guard let me = conversation.participants.first(where: { $0.email == person.email }) else { return nil }
            return [
                "when": DayWords.day(CalendarDate(conversation.occurredAt, in: profile.zone)),
                "attendance": Words.readable(me.attendance.rawValue),
                "engagementClass": DashboardPage.engagementClass(me.engagement),
                "engagementWord": me.engagement.map { Words.readable($0.rawValue) } ?? "not observed",
            ]
        }
        values["observed"] = observed
        values["hasObserved"] = !observed.isEmpty
        let levels = chronological.compactMap { conversation -> EngagementLevel? in
            conversation.participants.first { $0.email == person.email }?.engagement
        }
        if levels.count > 1 {
            let chart = observedChart(levels)
            values["observedPoints"] = chart.points
            values["observedDots"] = chart.dots
        }

        let names = Dictionary(
            profile.conversations.flatMap(\.participants).map { ($0.email, $0.name) },
            uniquingKeysWith: { first, _ in first })
        let timeline = profile.conversations.map { conversation -> [String: Any] in
            let me = conversation.participants.first { $0.email == person.email }
            var entry: [String: Any] = [
                "ref": conversation.ref,
                "when": DayWords.moment(conversation.occurredAt, in: profile.zone),
                "kind": Words.readable(conversation.kind.rawValue),
                "initiatedBy": conversation.initiatedBy.map { names[$0] ?? $0 } ?? "not recorded",
                "attendance": me.map { Words.readable($0.attendance.rawValue) } ?? "not listed",
                "others": conversation.participants.filter { $0.email != person.email }.map {
                    ["name": $0.name, "attendance": Words.readable($0.attendance.rawValue)] as [String: Any]
                },
                "guidelines": conversation.guidelines.map {
                    ["code": $0.rawValue, "name": profile.guidelines.name(of: $0.rawValue)] as [String: Any]
                },
                "hasGuidelines": !conversation.guidelines.isEmpty,
                "fearCount": conversation.fears.count,
                "commitmentCount": conversation.commitments.count,
            ]
            entry["hasOthers"] = !conversation.participants.filter { $0.email != person.email }.isEmpty
            if seesSensitive, let notes = conversation.notes, !notes.isEmpty { entry["notes"] = notes }
            return entry
        }
        values["timeline"] = timeline
        values["hasTimeline"] = !timeline.isEmpty

        values["fears"] = profile.fears.map { fear -> [String: Any] in
            var entry: [String: Any] = [
                "category": Words.readable(fear.category.rawValue),
                "severity": fear.severity.rawValue, "severityClass": fearSeverityClass(fear.severity),
                "status": fear.status.rawValue, "raisedOn": DayWords.day(fear.raisedOn),
                "age": DayWords.ago(fear.raisedOn, today: profile.today),
            ]
            if let resolved = fear.resolvedOn { entry["resolvedOn"] = DayWords.day(resolved) }
            if seesSensitive {
                entry["statement"] = fear.statement
                if let mitigation = fear.mitigation { entry["mitigation"] = mitigation }
            }
            return entry
        }
        values["hasFears"] = !profile.fears.isEmpty

        values["commitments"] = profile.commitments.map { commitment -> [String: Any] in
            var entry: [String: Any] = [
                "status": commitment.status.rawValue, "madeOn": DayWords.day(commitment.madeOn),
            ]
            if let due = commitment.dueOn {
                entry["dueOn"] = DayWords.day(due)
                if commitment.status == .open, due < profile.today { entry["overdue"] = true }
            }
            if let done = commitment.doneOn { entry["doneOn"] = DayWords.day(done) }
            if let partner = commitment.partnerEmail { entry["partner"] = partner }
            if seesSensitive, let description = commitment.description { entry["description"] = description }
            return entry
        }
        values["hasCommitments"] = !profile.commitments.isEmpty

        values["flags"] = profile.flags.map { flag -> [String: Any] in
            [
                "id": flag.id.uuidString.lowercased(), "rule": flag.rule, "guideline": flag.guideline,
                "guidelineName": profile.guidelines.name(of: flag.guideline),
                "severity": flag.severity.rawValue, "severityClass": "sev-\(flag.severity.rawValue)",
                "status": DayWords.flagStatus(flag), "message": flag.message, "nextStep": flag.nextStep,
                "raisedOn": DayWords.day(CalendarDate(flag.firstRaisedAt, in: profile.zone)),
                "resolved": flag.status == .resolved,
                // The list of the flags page that holds it (pending, suppressed and silenced ones are listed apart).
                "listing": FlagsPage.Showing.allCases.first { $0 != .all && $0.includes(flag) }?.rawValue ?? "all",
            ]
        }
        values["hasFlags"] = !profile.flags.isEmpty
        values["mayTriage"] = mayTriage

        // Coverage: a guideline counts once it came up in a conversation the person attended.
        var lastCovered: [String: Date] = [:]
        for conversation in profile.conversations
        where conversation.participants.contains(where: { $0.email == person.email && $0.attendance == .attended }) {
            for code in conversation.guidelines {
                lastCovered[code.rawValue] = max(lastCovered[code.rawValue] ?? .distantPast, conversation.occurredAt)
            }
        }
        let twelve = profile.guidelines.filter { $0.code.hasPrefix("G") }
        values["guidelines"] = twelve.map { guideline -> [String: Any] in
            var entry: [String: Any] = [
                "code": guideline.code, "name": guideline.name,
                "description": guideline.whatItAsks,
            ]
            if let last = lastCovered[guideline.code] {
                entry["covered"] = true
                entry["lastCovered"] = DayWords.day(CalendarDate(last, in: profile.zone))
            }
            return entry
        }
        values["coveredCount"] = twelve.filter { lastCovered[$0.code] != nil }.count
        values["guidelineCount"] = twelve.count
        values["peerGroups"] = peerGroupValues(profile)
        values["hasPeerGroups"] = !profile.peerGroups.isEmpty
        for (key, value) in StakeholderLeaderCase.values(profile, seesSensitive: seesSensitive) {
            values[key] = value
        }
        return values
    }

    /// "Two steps to go" between the current and the desired engagement, when both are known.
    static func engagementGap(_ person: Stakeholder) -> String? {
        guard let current = person.engagement, let desired = person.desiredEngagement else { return nil }
        let levels = EngagementLevel.allCases
        let steps = levels.firstIndex(of: desired)! - levels.firstIndex(of: current)!
        switch steps {
        case ..<0: return "beyond what was wanted"
        case 0: return "where we want them"
        case 1: return "one step to go"
        default: return "\(steps) steps to go"
        }
    }

    /// The observed levels as a small step chart, 240 × 60: one point per observation, unaware at the bottom and
    /// leading at the top; each dot carries its level's class and word.
    static func observedChart(_ levels: [EngagementLevel]) -> (points: String, dots: [[String: Any]]) {
        let all = EngagementLevel.allCases
        let step = 230.0 / Double(max(levels.count - 1, 1))
        let placed = levels.enumerated().map { index, level -> (x: Double, y: Double, level: EngagementLevel) in
            (5 + Double(index) * step, 55 - Double(all.firstIndex(of: level)!) * 12.5, level)
        }
        return (
            placed.map { "\(Charts.format($0.x)),\(Charts.format($0.y))" }.joined(separator: " "),
            placed.map {
                [
                    "cx": Charts.format($0.x), "cy": Charts.format($0.y),
                    "engagementClass": "eng-\($0.level.rawValue)", "word": Words.readable($0.level.rawValue),
                ]
            }
        )
    }

    /// A tier as people say it ("HR", not "hr").
    static func tierWord(_ tier: Tier) -> String {
        tier == .hr ? "HR" : Words.readable(tier.rawValue)
    }

    /// The badge class for a fear's severity (low, medium, high).
    static func fearSeverityClass(_ severity: FearSeverity) -> String {
        "sev-\(severity.rawValue)"
    }

    /// The person's peer groups: who else is in each, the rhythm, the last meeting and whether it is overdue.
    static func peerGroupValues(_ profile: Profile) -> [[String: Any]] {
        let me = profile.stakeholder.email
        return profile.peerGroups.map { group in
            var entry: [String: Any] = [
                "name": group.name, "initiative": group.initiativeTitle, "rhythm": group.rhythmDays,
                "with": group.members.filter { $0.email != me }.map(\.name).joined(separator: " and "),
                "since": DayWords.day(group.startsOn), "meetings": group.meetings,
            ]
            if let last = group.lastMetOn { entry["lastMet"] = DayWords.day(last) }
            if let ended = group.endsOn {
                entry["ended"] = DayWords.day(ended)
            } else {
                let late = group.nextMeetingDue.days(to: profile.today)
                if late > 0 { entry["overdueDays"] = late }
            }
            return entry
        }
    }
}

import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore

/// Builds the digest of one organisation for one ISO week, reading only what happened before the week's end in
/// the organisation's time zone, so any past week is re-created exactly.
public enum DigestBuilder {
    /// A person's score must move by at least this many points (of 100) in a week to be reported.
    static let scoreStep = 3
    /// The leaders' average must move by at least this many points to call leadership engagement rising or falling.
    static let averageStep = 2
    /// How many weeks a sparkline shows.
    static let sparklineWeeks = 8

    /// The digest of `week` for the transaction's organisation. Sets `radar.as_of` for the rest of `tx`.
    public static func build(in tx: TenantTransaction, week: ISOWeek) throws -> Digest {
        let period = Period(week: week, zone: tx.organisation.zone)
        let ledger = try FlagLedger.read(in: tx, start: period.start, end: period.end)
        var facts: [SubjectKind: FactTable] = [:]
        let wording = try flagWording(ledger, in: tx, period: period, facts: &facts)
        try tx.readViews(asOf: period.readingInstant)
        let flags = FlagSorting(ledger: ledger, wording: wording, period: period)

        let stakeholders = try facts[.stakeholder] ?? FactTable.load(.stakeholder, asOf: period.readingInstant, in: tx)
        let people = try PeopleReader(tx: tx, period: period, facts: stakeholders)
        let leaders = people.leaderTrends(radarFlags: flags.radarFlagsBySubject)
        let rising = people.risingScores()
        let fears = try FearReader.read(in: tx, period: period)
        let commitments = try CommitmentReader.read(in: tx, period: period)
        let programme = try ProgrammeReader.read(in: tx, period: period)
        let coverage = try CoverageReader.read(in: tx, period: period)
        let average = people.leaderAverage()

        let improved = DigestImprovements(
            resolvedFlags: flags.improved, risingScores: rising, fearsResolved: fears.resolved.count,
            commitmentsDoneByLeaders: commitments.doneByLeadersThisWeek,
            sentence: DigestWording.improvements(
                resolved: flags.improved.count, rising: rising.count,
                fears: fears.resolved.count,
                commitments: commitments.doneByLeadersThisWeek))
        let headline = DigestHeadline(
            summary: DigestWording.summary(flags.counts),
            openBySeverity: flags.openBySeverity, counts: flags.counts,
            engagementTrend: average.direction,
            engagementSentence: DigestWording.engagement(average.direction, from: average.lastWeek, to: average.now),
            leaderAverageScore: average.now, leaderAverageScoreLastWeek: average.lastWeek)
        let organisation = tx.organisation
        return Digest(
            organisation: DigestOrganisation(
                slug: organisation.slug, name: organisation.name,
                timeZone: organisation.timeZone),
            week: week, weekStart: period.monday, weekEnd: period.sunday, asOf: period.end,
            headline: headline, newRisks: flags.new, stillOpen: flags.stillOpen,
            stillOpenListed: flags.stillOpenListed,
            stillOpenNote: DigestWording.stillOpenRest(
                Array(flags.stillOpen.dropFirst(flags.stillOpenListed))),
            leadersDroppingOff: DigestLeaderTrends(weeks: period.sparklineWeeks, leaders: leaders),
            fears: fears, commitments: commitments, programme: programme, coverage: coverage, improved: improved,
            setAside: flags.setAside)
    }
}

extension DigestBuilder {
    /// How each flag of the week reads: the rule's finding as of the week's end while the flag is open, else as
    /// of the moment it was last raised. The ledger decides which flags count; findings only word them, and only
    /// from data up to those instants, so a past week reads the same however the flags changed since.
    /// `facts` keeps the fact tables as of the week's end, which the rest of the digest reads too.
    static func flagWording(
        _ ledger: [FlagLedger.Entry], in tx: TenantTransaction, period: Period, facts: inout [SubjectKind: FactTable]
    ) throws -> [String: Finding] {
        var wording: [String: Finding] = [:]
        for finding in try RuleEngine(tx).findings(asOf: period.readingInstant, tables: &facts) {
            wording[key(finding)] = finding
        }
        // Flags last raised at one instant share that instant's facts: one read per instant, not one per flag.
        var factsThen: [Date: [SubjectKind: FactTable]] = [:]
        for entry in ledger where wording[entry.flag.key] == nil {
            let state = entry.atEnd
            let matters = !state.isResolved || (state.resolvedAt.map { $0 >= period.start } ?? false)
            guard matters else { continue }
            var tables = factsThen[state.openSince] ?? [:]
            let then = try RuleEngine(tx).findings(asOf: state.openSince, only: entry.flag.rule, tables: &tables)
            factsThen[state.openSince] = tables
            wording[entry.flag.key] = then.first { key($0) == entry.flag.key }
        }
        return wording
    }

    static func key(_ finding: Finding) -> String {
        "\(finding.rule)|\(finding.subjectKind.rawValue)|\(finding.subjectID)"
    }
}

/// The instants and days one digest is about.
struct Period: Sendable {
    let week: ISOWeek
    let zone: TimeZone
    /// Monday 00:00 and the next Monday 00:00 on the organisation's wall clock.
    let start: Date
    let end: Date
    /// The last instant the query views read (they count events at or before `radar.as_of`), so that "today"
    /// in them is the week's Sunday and nothing from the next Monday counts.
    let readingInstant: Date

    init(week: ISOWeek, zone: TimeZone) {
        self.week = week
        self.zone = zone
        start = week.start(in: zone)
        end = week.end(in: zone)
        readingInstant = end.addingTimeInterval(-0.000_001)
    }

    var monday: CalendarDate { week.monday }
    var sunday: CalendarDate { week.sunday }
    /// Last week's Sunday: what was already true then is not new this week.
    var previousSunday: CalendarDate { week.previous.sunday }

    var sparklineWeeks: [ISOWeek] {
        var weeks = [week]
        while weeks.count < DigestBuilder.sparklineWeeks { weeks.insert(weeks[0].previous, at: 0) }
        return weeks
    }

    /// The local day an instant falls on.
    func day(_ instant: Date) -> CalendarDate { CalendarDate(instant, in: zone) }

    func contains(_ day: CalendarDate) -> Bool { day >= monday && day <= sunday }
}

/// The ledger's flags sorted into this week's lists and counts.
struct FlagSorting {
    var new: [DigestFlag] = []
    var stillOpen: [DigestFlag] = []
    var setAside: [DigestFlag] = []
    var resolved: [DigestFlag] = []
    /// The resolved flags whose condition cleared: the only ones that count as improvements (not those whose
    /// subject left, whose rule changed or was switched off, or that expired).
    var improved: [DigestFlag] = []
    var openBySeverity: [DigestSeverityCount] = []
    var counts = DigestFlagCounts(new: 0, reopened: 0, stillOpen: 0, resolved: 0, setAside: 0, open: 0)
    /// Open flags under G11 per stakeholder e-mail at the week's end.
    var radarFlagsBySubject: [String: Int] = [:]

    init(ledger: [FlagLedger.Entry], wording: [String: Finding], period: Period) {
        var openNow: [Severity: Int] = [:]
        var openBefore: [Severity: Int] = [:]
        for entry in ledger {
            if let before = entry.atStart, before.isCounted { openBefore[before.severity, default: 0] += 1 }
            let state = entry.atEnd
            // A pending flag is not a flag yet; a suppressed or silenced one is set aside, not counted as open.
            if state.pending, !state.isResolved, !state.suppressed { continue }
            if state.isResolved, state.resolvedWhilePending { continue }
            if state.isCounted {
                openNow[state.severity, default: 0] += 1
                if entry.flag.guideline == "G11", entry.flag.subjectKind == "stakeholder" {
                    radarFlagsBySubject[entry.flag.subject, default: 0] += 1
                }
            }
            let item = Self.item(entry, wording: wording[entry.flag.key], period: period)
            if state.isResolved {
                // Resolved during the week; one resolved earlier and not back is no longer news.
                if let at = state.resolvedAt, at >= period.start {
                    resolved.append(item)
                    if (state.resolution ?? .conditionCleared) == .conditionCleared { improved.append(item) }
                }
            } else if state.isQuieted {
                setAside.append(item)
            } else if state.openSince >= period.start {
                new.append(item)
            } else if Self.isSetAside(state, period: period) {
                setAside.append(item)
            } else {
                stillOpen.append(item)
            }
        }
        new.sort(by: Self.mostSevereFirst)
        stillOpen.sort(by: Self.mostSevereFirst)
        setAside.sort(by: Self.mostSevereFirst)
        resolved.sort(by: Self.mostSevereFirst)
        improved.sort(by: Self.mostSevereFirst)
        openBySeverity = Severity.allCases.reversed().map {
            DigestSeverityCount(severity: $0.rawValue, open: openNow[$0] ?? 0, lastWeek: openBefore[$0] ?? 0)
        }
        counts = DigestFlagCounts(
            new: new.count, reopened: new.filter(\.reopened).count, stillOpen: stillOpen.count,
            resolved: resolved.count, setAside: setAside.count, open: openNow.values.reduce(0, +))
    }

    /// The still-open flags worth listing one by one: every high and critical one, topped up to five.
    var stillOpenListed: Int {
        let serious = stillOpen.filter { (Severity(rawValue: $0.severity) ?? .info) >= .high }.count
        return min(stillOpen.count, max(serious, 5))
    }

    /// Acknowledged, or snoozed until after the week (a snooze that ran out during the week no longer holds).
    static func isSetAside(_ state: FlagLedger.State, period: Period) -> Bool {
        switch state.status {
        case .acknowledged: true
        case .snoozed: state.snoozedUntil.map { $0 > period.sunday } ?? true
        default: false
        }
    }

    static func item(_ entry: FlagLedger.Entry, wording finding: Finding?, period: Period) -> DigestFlag {
        let flag = entry.flag
        let state = entry.atEnd
        let evidence: [DigestFact]
        if let finding {
            evidence = DigestWording.evidence(finding.evidence.mapValues(\.description))
        } else {
            evidence = DigestWording.evidence(flag.evidence.mapValues(\.text))
        }
        let openSince = period.day(state.openSince)
        let lapsedSnooze = state.status == .snoozed && !isSetAside(state, period: period)
        return DigestFlag(
            rule: flag.rule, ruleName: flag.ruleName, guideline: flag.guideline, guidelineName: flag.guidelineName,
            severity: state.severity.rawValue, status: lapsedSnooze ? .open : state.shownStatus,
            subjectType: flag.subjectKind, subject: flag.subject, subjectName: finding?.subjectName ?? flag.subjectName,
            message: finding?.message ?? flag.message, nextStep: finding?.nextStep ?? flag.nextStep,
            evidence: evidence, raisedOn: period.day(state.raisedAt), openSince: openSince,
            reopened: state.reopened && state.openSince >= period.start,
            daysOpen: max(0, openSince.days(to: state.resolvedAt.map(period.day) ?? period.sunday)),
            resolvedOn: state.resolvedAt.map(period.day),
            setAsideBy: lapsedSnooze ? nil : state.setAsideBy, reason: lapsedSnooze ? nil : state.reason,
            snoozedUntil: lapsedSnooze ? nil : state.snoozedUntil)
    }

    static func mostSevereFirst(_ a: DigestFlag, _ b: DigestFlag) -> Bool {
        let rankA = Severity(rawValue: a.severity) ?? .info
        let rankB = Severity(rawValue: b.severity) ?? .info
        if rankA != rankB { return rankA > rankB }
        if a.daysOpen != b.daysOpen { return a.daysOpen > b.daysOpen }
        return (a.subjectName, a.rule) < (b.subjectName, b.rule)
    }
}

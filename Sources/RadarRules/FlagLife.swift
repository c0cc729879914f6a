import Foundation
import Postgres
import RadarDomain
import RadarStore

/// How each finding of one evaluation stands in its flag's life: waiting for its rule's days (pending), made
/// redundant by an open finding on the same subject (suppressed), quieted by a silence, or open. Everything is
/// judged from facts as of the instant and the instants before it, never from what earlier checks stored, so
/// any instant evaluated again gives the same answer.
public struct FlagLife: Sendable {
    /// One finding's standing.
    public struct Standing: Sendable, Equatable {
        /// The earliest instant of the unbroken run of days on which the condition held, while that run is shorter
        /// than the rule's days.
        public var pendingSince: Date?
        /// The day the flag opens if the condition keeps holding.
        public var opensOn: CalendarDate?
        /// The key (`rule|kind|id`) and rule of the open finding that makes this one redundant.
        public var suppressedBy: String?
        public var suppressedByRule: String?
        /// The silence that quiets it.
        public var silence: Silence?

        public init() {}

        /// The status it shows over its triage status, nil when it is plainly open.
        public var overlay: FlagStatus? {
            if suppressedBy != nil { return .suppressed }
            if pendingSince != nil { return .pending }
            if silence != nil { return .silenced }
            return nil
        }
    }

    /// Standings by finding key (`rule|kind|id`); a finding not listed is open.
    public var standings: [String: Standing]

    public init(standings: [String: Standing] = [:]) {
        self.standings = standings
    }

    public subscript(_ finding: Finding) -> Standing {
        standings[FlagBook.key(finding.rule, finding.subjectKind, finding.subjectID)] ?? Standing()
    }

    /// Judges `findings`, made by `rules` as of `asOf` from the facts in `tables`: re-evaluates each finding of a
    /// rule with a pending period at the same local time on each of the days before, then lets open findings
    /// suppress the rules they name on their subject, then lays the silences holding at `asOf` over the rest.
    public static func judge(
        _ findings: [Finding], rules: [CompiledRule], silences: [Silence], asOf: Date,
        tables: [SubjectKind: FactTable], in tx: TenantTransaction
    ) throws -> FlagLife {
        let byCode = Dictionary(rules.map { ($0.rule.code, $0) }, uniquingKeysWith: { first, _ in first })
        var standings: [String: Standing] = [:]
        for (key, since) in try heldSince(findings, rules: byCode, asOf: asOf, in: tx) {
            var standing = Standing()
            standing.pendingSince = since.instant
            standing.opensOn = since.opensOn
            standings[key] = standing
        }
        // Only an open finding suppresses; two rules that name each other leave both alone.
        var openBySubject: [String: [Finding]] = [:]
        for finding in findings where standings[key(finding)]?.pendingSince == nil {
            openBySubject["\(finding.subjectKind.rawValue)|\(finding.subjectID)", default: []].append(finding)
        }
        for finding in findings {
            let others = openBySubject["\(finding.subjectKind.rawValue)|\(finding.subjectID)"] ?? []
            let suppressor = others.first { other in
                other.rule != finding.rule
                    && (byCode[other.rule]?.rule.suppresses.contains(finding.rule) ?? false)
                    && !(byCode[finding.rule]?.rule.suppresses.contains(other.rule) ?? false)
            }
            if let suppressor {
                standings[key(finding), default: Standing()].suppressedBy = key(suppressor)
                standings[key(finding), default: Standing()].suppressedByRule = suppressor.rule
            }
        }
        let day = CalendarDate(asOf, in: tx.organisation.zone)
        let holding = silences.filter { $0.holds(at: asOf, day: day) }.sorted { $0.until > $1.until }
        if !holding.isEmpty {
            let people = tables[.stakeholder]?.byID ?? [:]
            for finding in findings {
                let person = finding.subjectKind == .stakeholder ? finding.subjectID : nil
                var tier: String?
                if let person, let facts = people[person]?.facts, case .text(let text) = facts["tier"] ?? .null {
                    tier = text
                }
                if let silence = holding.first(where: {
                    $0.matches(rule: finding.rule, guideline: finding.guideline, subject: person, subjectTier: tier)
                }) {
                    standings[key(finding), default: Standing()].silence = silence
                }
            }
        }
        return FlagLife(standings: standings)
    }

    static func key(_ finding: Finding) -> String {
        FlagBook.key(finding.rule, finding.subjectKind, finding.subjectID)
    }
}

extension FactTable {
    /// The subjects by id, for looking many of them up.
    var byID: [UUID: Subject] {
        Dictionary(subjects.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

extension FlagLife {
    /// For each finding whose rule has a pending period and whose condition has not yet held on every one of that
    /// many days before `asOf`, the earliest instant of its unbroken run and the day it would open. Each step back
    /// is a whole day on the organisation's calendar, so the local time of day stays the same across a clock change.
    static func heldSince(
        _ findings: [Finding], rules: [String: CompiledRule], asOf: Date, in tx: TenantTransaction
    ) throws -> [String: (instant: Date, opensOn: CalendarDate)] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = tx.organisation.zone
        var waiting = findings.filter { (rules[$0.rule]?.rule.forDays ?? 0) > 0 }
        var since: [String: Date] = Dictionary(waiting.map { (key($0), asOf) }, uniquingKeysWith: { first, _ in first })
        var pending: [String: Date] = [:]
        var back = 1
        while !waiting.isEmpty {
            let instant = calendar.date(byAdding: .day, value: -back, to: asOf) ?? asOf
            // Only the subjects still waiting are read again: a few people, not everyone.
            var asked: [SubjectKind: Set<UUID>] = [:]
            for finding in waiting where back <= (rules[finding.rule]?.rule.forDays ?? 0) {
                asked[finding.subjectKind, default: []].insert(finding.subjectID)
            }
            var tables: [SubjectKind: [UUID: FactTable.Subject]] = [:]
            var still: [Finding] = []
            for finding in waiting {
                guard let compiled = rules[finding.rule] else { continue }
                if back > compiled.rule.forDays { continue }  // held on every day its rule asks for: open
                if tables[finding.subjectKind] == nil {
                    tables[finding.subjectKind] = try FactTable.load(
                        finding.subjectKind, asOf: instant, only: asked[finding.subjectKind], in: tx
                    ).byID
                }
                let facts = tables[finding.subjectKind]?[finding.subjectID]?.facts
                if let facts, compiled.condition.evaluate(facts) {
                    since[key(finding)] = instant
                    still.append(finding)
                } else {
                    pending[key(finding)] = since[key(finding)]
                }
            }
            waiting = still
            back += 1
        }
        let byKey = Dictionary(findings.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        return pending.reduce(into: [:]) { result, entry in
            guard let finding = byKey[entry.key], let days = rules[finding.rule]?.rule.forDays
            else { return }
            let opens = calendar.date(byAdding: .day, value: days, to: entry.value) ?? entry.value
            result[entry.key] = (entry.value, CalendarDate(opens, in: tx.organisation.zone))
        }
    }
}

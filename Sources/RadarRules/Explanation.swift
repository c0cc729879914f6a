import Foundation
import RadarDomain
import RadarStore

/// How the rules read one stakeholder at one instant: every fact about them, and for each stakeholder rule whether
/// it fires, part by part, with the severity and message it would raise.
public struct Explanation: Sendable {
    /// One rule's reading of the facts.
    public struct Reading: Sendable {
        public var rule: String
        public var guideline: String
        public var fires: Bool
        /// Each part of the condition with its value, as `ConditionNode.explain` words it.
        public var reasoning: [String]
        /// What the rule raises when it fires: the finding, with any escalation applied.
        public var finding: Finding?
        /// Where a flag from it would stand: pending, suppressed, silenced, or plainly open.
        public var standing = FlagLife.Standing()
    }

    /// The stakeholder as the facts name them: id, e-mail and name.
    public var subject: FactTable.Subject
    public var asOf: Date
    public var readings: [Reading]

    /// Which stakeholder to explain: by e-mail (the CLI) or by id (the API).
    public enum Person: Sendable {
        case email(String)
        case id(UUID)
    }
}

extension RuleEngine {
    /// Explains `person` as of `asOf`; an unknown or departed stakeholder is `StoreError.notFound`.
    public func explain(_ person: Explanation.Person, asOf: Date) throws -> Explanation {
        let table = try FactTable.load(.stakeholder, asOf: asOf, in: tx)
        let subject: FactTable.Subject?
        let key: String
        switch person {
        case .email(let email):
            key = email.lowercased()
            subject = table.subjects.first { $0.key == key }
        case .id(let id):
            key = id.uuidString.lowercased()
            subject = table.subjects.first { $0.id == id }
        }
        guard let subject else { throw StoreError.notFound(entity: "active stakeholder", key: key) }
        let rules = try compiledRules().filter { $0.rule.subjectKind == .stakeholder }
        var readings = rules.map { compiled in
            let fires = compiled.condition.evaluate(subject.facts)
            return Explanation.Reading(
                rule: compiled.rule.code, guideline: compiled.rule.guideline, fires: fires,
                reasoning: compiled.condition.explain(subject.facts).map { String(describing: $0) },
                finding: fires ? Self.finding(compiled, subject: subject, kind: .stakeholder) : nil)
        }
        // The same judgement a check makes, for this person's findings only.
        let life = try FlagLife.judge(
            readings.compactMap(\.finding), rules: rules, silences: Silences(tx).all(), asOf: asOf,
            tables: [.stakeholder: table], in: tx)
        for index in readings.indices {
            if let finding = readings[index].finding { readings[index].standing = life[finding] }
        }
        return Explanation(subject: subject, asOf: asOf, readings: readings)
    }
}

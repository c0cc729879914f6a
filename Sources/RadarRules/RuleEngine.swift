import Foundation
import Postgres
import RadarDomain
import RadarStore

/// Evaluates an organisation's enabled rules over its facts at one instant.
public struct RuleEngine {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    enum Query {
        static let rules = """
            SELECT code, position, name, guideline, subject_kind, condition, severity, escalation_condition,
                   escalation_severity, message_template, next_step, enabled, version, for_days, suppresses,
                   EXISTS (SELECT FROM default_rules d WHERE d.code = r.code) AS is_default
              FROM rules r ORDER BY position, code
            """
    }

    /// Every rule of the organisation, enabled or not, in catalogue order.
    public func rules() throws -> [Rule] {
        try tx.connection.query(Query.rules).map(Rule.init(row:))
    }

    /// The enabled rules, parsed against the facts of their subject kinds.
    public func compiledRules(only code: String? = nil) throws -> [CompiledRule] {
        let chosen = try rules().filter { ($0.enabled || code != nil) && (code == nil || $0.code == code) }
        let types = try FactTable.types(of: Set(chosen.map(\.subjectKind)), in: tx)
        return try chosen.map { try CompiledRule($0, facts: types[$0.subjectKind] ?? [:]) }
    }

    /// What every enabled rule finds as of `asOf`, most severe first.
    public func findings(asOf: Date, only code: String? = nil) throws -> [Finding] {
        var tables: [SubjectKind: FactTable] = [:]
        return try findings(asOf: asOf, only: code, tables: &tables)
    }

    /// The same, reading facts from `tables` where it holds them (they must be as of `asOf`) and leaving there
    /// the ones it loads, so a caller that needs the facts as well reads them from the database once.
    public func findings(
        asOf: Date, only code: String? = nil, tables: inout [SubjectKind: FactTable]
    ) throws -> [Finding] {
        try findings(compiledRules(only: code), asOf: asOf, tables: &tables)
    }

    /// What `rules` find as of `asOf`, reading and leaving facts in `tables` as above.
    public func findings(
        _ rules: [CompiledRule], asOf: Date, tables: inout [SubjectKind: FactTable]
    ) throws -> [Finding] {
        var findings: [Finding] = []
        for compiled in rules {
            let kind = compiled.rule.subjectKind
            if tables[kind] == nil { tables[kind] = try FactTable.load(kind, asOf: asOf, in: tx) }
            for subject in tables[kind]!.subjects where compiled.condition.evaluate(subject.facts) {
                findings.append(Self.finding(compiled, subject: subject, kind: kind))
            }
        }
        return findings.sorted { ($0.severity, $1.rule, $1.subject) > ($1.severity, $0.rule, $0.subject) }
    }

    public static func finding(_ compiled: CompiledRule, subject: FactTable.Subject, kind: SubjectKind) -> Finding {
        let rule = compiled.rule
        var severity = rule.severity
        if let escalation = compiled.escalation, let higher = rule.escalationSeverity,
            escalation.evaluate(subject.facts), higher > severity
        {
            severity = higher
        }
        let evidence = Dictionary(uniqueKeysWithValues: compiled.evidenceFacts.map { ($0, subject.facts[$0] ?? .null) })
        let facts = subject.facts.merging(["subject_name": .text(subject.name)]) { $1 }
        return Finding(
            rule: rule.code, guideline: rule.guideline, severity: severity, subjectKind: kind,
            subjectID: subject.id, subject: subject.key, subjectName: subject.name,
            message: compiled.message.render(facts), nextStep: compiled.nextStep.render(facts), evidence: evidence,
            ruleVersion: rule.version)
    }
}

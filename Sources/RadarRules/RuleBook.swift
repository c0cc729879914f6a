import Foundation
import Postgres
import RadarDomain
import RadarStore

/// Editing an organisation's rules: every change is parsed against the facts before it is stored.
public struct RuleBook {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    /// Changes to a rule; nil leaves a part as it is.
    public struct Changes: Sendable {
        public var condition: String?
        public var severity: Severity?
        public var escalationCondition: String?
        public var escalationSeverity: Severity?
        public var message: String?
        public var nextStep: String?
        public var enabled: Bool?
        /// Days the condition must hold before a flag opens (0–365).
        public var forDays: Int?
        /// The rules this one makes redundant on the same subject; an empty list suppresses none.
        public var suppresses: [String]?

        public init(
            condition: String? = nil, severity: Severity? = nil, escalationCondition: String? = nil,
            escalationSeverity: Severity? = nil, message: String? = nil, nextStep: String? = nil,
            enabled: Bool? = nil, forDays: Int? = nil, suppresses: [String]? = nil
        ) {
            self.forDays = forDays
            self.suppresses = suppresses
            self.condition = condition
            self.severity = severity
            self.escalationCondition = escalationCondition
            self.escalationSeverity = escalationSeverity
            self.message = message
            self.nextStep = nextStep
            self.enabled = enabled
        }
    }

    enum Query {
        static let lock = "SELECT code FROM rules WHERE code = $1 FOR UPDATE"
        static let update = """
            UPDATE rules SET condition = $2, severity = $3, escalation_condition = $4, escalation_severity = $5,
                             message_template = $6, next_step = $7, enabled = $8, for_days = $9, suppresses = $10
             WHERE code = $1
            """
        static let resetOne = """
            UPDATE rules r
               SET position = d.position, name = d.name, guideline = d.guideline, subject_kind = d.subject_kind,
                   condition = d.condition, severity = d.severity, escalation_condition = d.escalation_condition,
                   escalation_severity = d.escalation_severity, message_template = d.message_template,
                   next_step = d.next_step, enabled = d.enabled, for_days = d.for_days, suppresses = d.suppresses
              FROM default_rules d
             WHERE d.code = r.code AND r.code = $1
            """
    }

    public func find(_ code: String) throws -> Rule {
        guard let rule = try RuleEngine(tx).rules().first(where: { $0.code == code }) else {
            throw StoreError.notFound(entity: "rule", key: code)
        }
        return rule
    }

    /// Applies `changes` after checking that the rule still parses; a syntax error is refused with its position.
    /// With `expectedVersion`, a rule someone else changed since that version is refused instead.
    @discardableResult
    public func update(_ code: String, _ changes: Changes, expectedVersion: Int? = nil) throws -> Rule {
        // The row lock makes the version check and the update one step.
        _ = try tx.connection.query(Query.lock, [code])
        var rule = try find(code)
        if let expectedVersion, rule.version != expectedVersion {
            throw StoreError.staleVersion(entity: "rule", key: code, expected: expectedVersion, current: rule.version)
        }
        rule.condition = changes.condition ?? rule.condition
        rule.severity = changes.severity ?? rule.severity
        if let escalation = changes.escalationCondition {
            rule.escalationCondition = escalation.isEmpty ? nil : escalation
            if escalation.isEmpty { rule.escalationSeverity = nil }
        }
        rule.escalationSeverity = changes.escalationSeverity ?? rule.escalationSeverity
        rule.messageTemplate = changes.message ?? rule.messageTemplate
        rule.nextStep = changes.nextStep ?? rule.nextStep
        rule.enabled = changes.enabled ?? rule.enabled
        rule.forDays = changes.forDays ?? rule.forDays
        rule.suppresses = changes.suppresses ?? rule.suppresses
        let lifeProblems = try lifeProblems(forDays: rule.forDays, suppresses: rule.suppresses, of: code)
        if !lifeProblems.isEmpty { throw ValidationFailure(lifeProblems) }
        if (rule.escalationCondition == nil) != (rule.escalationSeverity == nil) {
            throw ValidationFailure([
                ValidationProblem(
                    field: "escalation", message: "give both an escalation condition and an escalation severity")
            ])
        }
        _ = try CompiledRule(rule, facts: FactTable.types(of: rule.subjectKind, in: tx))
        try tx.connection.execute(
            Query.update,
            [
                code, rule.condition, rule.severity.rawValue, rule.escalationCondition,
                rule.escalationSeverity?.rawValue,
                rule.messageTemplate, rule.nextStep, rule.enabled, rule.forDays, rule.suppresses,
            ])
        return try find(code)
    }

    /// Refuses a pending period outside 0–365 days, and suppressing an unknown rule or the rule itself.
    func lifeProblems(forDays: Int, suppresses: [String], of code: String) throws -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        if !(0...365).contains(forDays) {
            problems.append(ValidationProblem(field: "for-days", message: "\(forDays) is not between 0 and 365 days"))
        }
        let known = Set(try RuleEngine(tx).rules().map(\.code))
        for other in suppresses where other == code || !known.contains(other) {
            problems.append(
                ValidationProblem(
                    field: "suppresses",
                    message: other == code ? "a rule cannot suppress itself" : "\"\(other)\" is not a rule"))
        }
        return problems
    }

    /// Restores the default catalogue (thresholds, texts, enabled); rules an admin added are kept as they are.
    /// Returns the codes of the custom rules that were kept.
    @discardableResult
    public func reset() throws -> [String] {
        try DefaultRules.install(on: tx.connection)
        return try RuleEngine(tx).rules().filter { !$0.isDefault }.map(\.code)
    }

    /// Restores one default rule. A custom rule has no default to go back to, so it is refused, never deleted:
    /// deleting it would also delete its flags and their history.
    @discardableResult
    public func reset(_ code: String) throws -> Rule {
        let rule = try find(code)
        guard rule.isDefault else {
            throw ValidationFailure([
                ValidationProblem(
                    field: "code",
                    message: """
                        rule "\(code)" was added in this organisation and has no default to restore; \
                        change it with `radar rules set \(code)` or turn it off with `radar rules disable \(code)`
                        """)
            ])
        }
        try tx.connection.execute(Query.resetOne, [code])
        return try find(code)
    }

    /// How many subjects `code` would have flagged at the end of each of the last `weeks` weeks before `asOf`.
    ///
    /// Weeks are stepped on the organisation's calendar, so each past instant has the same local time of day as
    /// `asOf` even across a daylight-saving change (seven times 24 hours could land on the wrong local day).
    public func backtest(_ code: String, weeks: Int, asOf: Date) throws -> [(weekEnding: Date, subjects: Int)] {
        _ = try find(code)
        let engine = RuleEngine(tx)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = tx.organisation.zone
        return try (0..<weeks).reversed().map { back in
            let instant = calendar.date(byAdding: .day, value: -7 * back, to: asOf) ?? asOf
            return (instant, try engine.findings(asOf: instant, only: code).count)
        }
    }
}

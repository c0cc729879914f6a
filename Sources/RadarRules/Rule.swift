import Foundation
import Postgres
import RadarDomain
import RadarStore

/// A rule as stored in the `rules` table: when it fires, how serious it is and what it says.
public struct Rule: Sendable, Hashable, Codable {
    public var code: String
    public var position: Int
    public var name: String
    public var guideline: String
    public var subjectKind: SubjectKind
    public var condition: String
    public var severity: Severity
    public var escalationCondition: String?
    public var escalationSeverity: Severity?
    public var messageTemplate: String
    public var nextStep: String
    public var enabled: Bool
    public var version: Int
    /// Whether the rule comes from the default catalogue (so `rules reset` can restore it) or an admin added it.
    public var isDefault: Bool
    /// How many days the condition must have held before a flag opens; until then the flag is pending.
    public var forDays: Int
    /// The rules whose flags on the same subject this rule's open flag makes redundant (they show as suppressed).
    public var suppresses: [String]

    init(row: Row) throws {
        code = try row.decode("code")
        position = try row.decode("position")
        name = try row.decode("name")
        guideline = try row.decode("guideline")
        subjectKind = try row.word("subject_kind")
        condition = try row.decode("condition")
        severity = try row.word("severity")
        escalationCondition = try row.decode("escalation_condition")
        escalationSeverity = try row.optionalWord("escalation_severity")
        messageTemplate = try row.decode("message_template")
        nextStep = try row.decode("next_step")
        enabled = try row.decode("enabled")
        version = try row.decode("version")
        isDefault = try row.decode("is_default")
        forDays = try row.decode("for_days")
        suppresses = try row.decode("suppresses")
    }

}

/// A rule with its condition, escalation and message parsed against the facts of its subject kind.
public struct CompiledRule: Sendable {
    public var rule: Rule
    public var condition: Condition
    public var escalation: Condition?
    public var message: MessageTemplate
    /// The next step, which may name facts as the message does (`Meet {subject_name} before …`).
    public var nextStep: MessageTemplate

    /// Parses every part of `rule`; a problem names the part and points at the position in it.
    public init(_ rule: Rule, facts: [String: FactType]) throws(ValidationFailure) {
        self.rule = rule
        var problems: [ValidationProblem] = []
        var condition: Condition?
        var escalation: Condition?
        var message: MessageTemplate?
        var nextStep: MessageTemplate?
        do { condition = try Condition.parse(rule.condition, knownFacts: facts) } catch {
            problems.append(ValidationProblem(field: "condition", message: error.description))
        }
        if let text = rule.escalationCondition {
            do { escalation = try Condition.parse(text, knownFacts: facts) } catch {
                problems.append(ValidationProblem(field: "escalation-condition", message: error.description))
            }
        }
        do { message = try MessageTemplate.parse(rule.messageTemplate, knownFacts: facts) } catch {
            problems.append(ValidationProblem(field: "message", message: error.description))
        }
        do { nextStep = try MessageTemplate.parse(rule.nextStep, knownFacts: facts) } catch {
            problems.append(ValidationProblem(field: "next-step", message: error.description))
        }
        guard let condition, let message, let nextStep, problems.isEmpty else { throw ValidationFailure(problems) }
        self.condition = condition
        self.escalation = escalation
        self.message = message
        self.nextStep = nextStep
    }

    /// The facts this rule reads, which become a flag's evidence.
    public var evidenceFacts: [String] {
        Array(Set(condition.factsRead + (escalation?.factsRead ?? []))).sorted()
    }
}

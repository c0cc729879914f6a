import Foundation
import Postgres
import RadarDomain
import RadarStore

/// A custom rule as an admin writes it: every part still text, so each can be refused with its field named.
public struct RuleDraft: Sendable, Hashable {
    public var code: String
    /// A short name for lists; the code when not given.
    public var name: String?
    public var guideline: String
    public var subject: String
    public var condition: String
    public var severity: String
    public var escalationCondition: String?
    public var escalationSeverity: String?
    public var message: String
    public var nextStep: String
    public var enabled: Bool
    /// Days the condition must hold before a flag opens.
    public var forDays: Int
    /// The rules this one makes redundant on the same subject.
    public var suppresses: [String]

    public init(
        code: String, name: String? = nil, guideline: String, subject: String, condition: String,
        severity: String, escalationCondition: String? = nil, escalationSeverity: String? = nil,
        message: String, nextStep: String, enabled: Bool = true, forDays: Int = 0, suppresses: [String] = []
    ) {
        self.forDays = forDays
        self.suppresses = suppresses
        self.code = code
        self.name = name
        self.guideline = guideline
        self.subject = subject
        self.condition = condition
        self.severity = severity
        self.escalationCondition = escalationCondition
        self.escalationSeverity = escalationSeverity
        self.message = message
        self.nextStep = nextStep
        self.enabled = enabled
    }
}

extension RuleBook {
    /// The shape of a rule code: lower-case words of letters and digits joined by single hyphens.
    static let codePattern = #"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"#
    static let longestCode = 60

    enum AddQuery {
        static let exists = "SELECT EXISTS (SELECT FROM rules WHERE code = $1) AS taken"
        // Custom rules go after the catalogue, in the order they were added.
        static let insert = """
            INSERT INTO rules (org_id, code, position, name, guideline, subject_kind, condition, severity,
                               escalation_condition, escalation_severity, message_template, next_step, enabled,
                               for_days, suppresses)
            SELECT radar_current_org(), $1, GREATEST(1000, COALESCE(max(position), 0) + 10), $2, $3, $4, $5, $6,
                   $7, $8, $9, $10, $11, $12, $13
              FROM rules
            """
    }

    /// Adds a custom rule after checking it exactly as `update` checks an edit: the code is new and
    /// lower-case-kebab, the guideline, subject and severities are known words, and the condition, escalation
    /// and message parse against the facts of the subject (a problem points at its position).
    @discardableResult
    public func add(_ draft: RuleDraft) throws -> Rule {
        var problems: [ValidationProblem] = []
        func check<T>(_ parse: () throws(ValidationProblem) -> T) -> T? {
            do { return try parse() } catch {
                problems.append(error)
                return nil
            }
        }
        let code = draft.code.trimmingCharacters(in: .whitespaces)
        if code.range(of: Self.codePattern, options: .regularExpression) == nil || code.count > Self.longestCode {
            problems.append(
                ValidationProblem(
                    field: "code",
                    message: """
                        "\(code)" is not a rule code; use lower-case letters and digits joined by single hyphens \
                        (at most \(Self.longestCode) characters), e.g. sponsor-silent
                        """))
        } else if try tx.connection.queryRow(AddQuery.exists, [code])!.decode("taken", as: Bool.self) {
            problems.append(
                ValidationProblem(
                    field: "code", message: "rule \"\(code)\" already exists; change it with `radar rules set \(code)`")
            )
        }
        let guideline = check { () throws(ValidationProblem) in
            try GuidelineCode.parse(
                draft.guideline.trimmingCharacters(in: .whitespaces).uppercased(),
                field: "guideline")
        }
        let kind = check { () throws(ValidationProblem) in try SubjectKind.parse(draft.subject, field: "subject") }
        let severity = check { () throws(ValidationProblem) in try Severity.parse(draft.severity, field: "severity") }
        let escalationText = draft.escalationCondition.flatMap {
            $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0
        }
        let escalationSeverity = draft.escalationSeverity.flatMap { text in
            check { () throws(ValidationProblem) in try Severity.parse(text, field: "escalation-severity") }
        }
        if (escalationText == nil) != (draft.escalationSeverity == nil) {
            problems.append(
                ValidationProblem(
                    field: "escalation", message: "give both an escalation condition and an escalation severity"))
        } else if let severity, let escalationSeverity, escalationSeverity <= severity {
            problems.append(
                ValidationProblem(
                    field: "escalation-severity",
                    message: """
                        \(escalationSeverity.rawValue) is not above the rule's severity \(severity.rawValue)
                        """))
        }
        let name = draft.name?.trimmingCharacters(in: .whitespaces) ?? ""
        let nextStep = draft.nextStep.trimmingCharacters(in: .whitespacesAndNewlines)
        if nextStep.isEmpty { problems.append(ValidationProblem(field: "next-step", message: "is required")) }
        if draft.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append(ValidationProblem(field: "message", message: "is required"))
        }
        if let kind {
            // Parsing the condition and message needs the subject's facts, so it waits for a valid subject.
            let facts = try FactTable.types(of: kind, in: tx)
            do { _ = try Condition.parse(draft.condition, knownFacts: facts) } catch {
                problems.append(ValidationProblem(field: "condition", message: error.description))
            }
            if let escalationText {
                do { _ = try Condition.parse(escalationText, knownFacts: facts) } catch {
                    problems.append(ValidationProblem(field: "escalation-condition", message: error.description))
                }
            }
            do { _ = try MessageTemplate.parse(draft.message, knownFacts: facts) } catch {
                problems.append(ValidationProblem(field: "message", message: error.description))
            }
        }
        problems += try lifeProblems(forDays: draft.forDays, suppresses: draft.suppresses, of: code)
        guard problems.isEmpty, let guideline, let kind, let severity else { throw ValidationFailure(problems) }
        try tx.connection.execute(
            AddQuery.insert,
            [
                code, name.isEmpty ? code : name, guideline.rawValue, kind.rawValue, draft.condition, severity.rawValue,
                escalationText, escalationSeverity?.rawValue, draft.message, nextStep, draft.enabled, draft.forDays,
                draft.suppresses,
            ])
        return try find(code)
    }
}

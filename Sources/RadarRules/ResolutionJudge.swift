import Foundation
import RadarDomain

/// Tells why a flag that no longer holds stopped: its rule was switched off or edited, its subject left or aged
/// out of every window, or its condition cleared (naming the facts whose values changed since it last held).
public struct ResolutionJudge: Sendable {
    /// One flag's reason, with the detail a reader needs ("days_since_contact 45 → 2").
    public struct Reason: Sendable, Equatable {
        public var kind: FlagResolution
        public var detail: String?

        public init(kind: FlagResolution, detail: String? = nil) {
            self.kind = kind
            self.detail = detail
        }
    }

    /// The enabled rules the check evaluated, by code.
    var rules: [String: Rule]
    /// The facts the check read, by kind of subject.
    var tables: [SubjectKind: FactTable]

    public init(rules: [String: Rule], tables: [SubjectKind: FactTable]) {
        self.rules = rules
        self.tables = tables
    }

    /// The values now of the facts `flag` kept as evidence, when its subject is still in the facts.
    public func factsNow(for flag: Flag) -> [String: FactValue]? {
        guard let subject = tables[flag.subjectKind]?.subjects.first(where: { $0.id == flag.subjectID }) else {
            return nil
        }
        return Dictionary(uniqueKeysWithValues: flag.evidence.keys.map { ($0, subject.facts[$0] ?? .null) })
    }

    /// Why `flag`, which held at the last check and does not now, stopped.
    public func reason(for flag: Flag) -> Reason {
        guard let rule = rules[flag.rule] else { return Reason(kind: .ruleDisabled) }
        if let version = flag.ruleVersion, version != rule.version { return Reason(kind: .ruleChanged) }
        guard let table = tables[flag.subjectKind],
            let subject = table.subjects.first(where: { $0.id == flag.subjectID })
        else {
            // People and initiatives leave the facts when they leave or are cancelled; conversations when they are
            // older than every window a rule reads.
            return Reason(kind: flag.subjectKind == .conversation ? .expired : .subjectLeft)
        }
        let changed = flag.evidence.keys.sorted().compactMap { fact -> String? in
            let before = flag.evidence[fact] ?? .null
            let now = subject.facts[fact] ?? .null
            return before == now ? nil : "\(fact) \(before.evidenceText) → \(now.evidenceText)"
        }
        return Reason(kind: .conditionCleared, detail: changed.isEmpty ? nil : changed.joined(separator: "; "))
    }
}

extension FactValue {
    /// How a fact reads in a resolution reason.
    var evidenceText: String {
        switch self {
        case .null: "none"
        case .bool(let value): value ? "true" : "false"
        case .number(let value): value.plainText
        case .text(let value): "\"\(value)\""
        }
    }
}

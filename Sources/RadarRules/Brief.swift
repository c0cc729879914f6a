import Foundation
import RadarDomain
import RadarStore

/// What HR reads before meeting a stakeholder (issue 20, part 2): who they are, what was said lately, what is open
/// with them, and a short agenda built from it. Sensitive text (notes, fear statements, commitment descriptions)
/// is only filled in for roles that may read it.
public struct Brief: Sendable, Codable {
    /// A recent conversation with them.
    public struct Meeting: Sendable, Codable {
        public var ref: String
        public var occurredAt: Date
        public var kind: String
        public var guidelines: [String]
        public var notes: String?
    }

    /// A fear they voiced that is still open, with what has been done about it.
    public struct OpenFear: Sendable, Codable {
        public var raisedOn: String
        public var category: String
        public var severity: String
        public var status: String
        public var statement: String?
        public var mitigation: String?
    }

    /// A promise between them and HR still open: theirs, or made to them in a conversation with them.
    public struct Promise: Sendable, Codable {
        public var owner: String
        public var theirs: Bool
        public var dueOn: String?
        public var overdue: Bool
        public var description: String?
    }

    /// A flag about them that stands, with its next step.
    public struct OpenFlag: Sendable, Codable {
        public var rule: String
        public var guideline: String
        public var severity: String
        public var message: String
        public var nextStep: String
    }

    public var asOf: Date
    public var name: String
    public var email: String
    public var title: String?
    public var tier: String
    public var role: String
    public var engagement: String?
    public var desiredEngagement: String?
    public var lastConversations: [Meeting]
    public var openFears: [OpenFear]
    public var commitments: [Promise]
    /// Guidelines (code and short name) never touched in a conversation they attended.
    public var guidelinesNeverCovered: [String]
    public var flags: [OpenFlag]
    public var lastContactOn: String?
    public var nextContactDue: String?
    /// Their usual rhythm, in words, when the facts have one.
    public var rhythm: String?
    public var agenda: [String]
}

extension RuleEngine {
    /// The brief on a stakeholder as of `asOf`; `sensitive` says whether notes and statements are shown.
    public func brief(_ who: Explanation.Person, asOf: Date, sensitive: Bool) throws -> Brief {
        let person: Stakeholder =
            switch who {
            case .email(let email): try Stakeholders(tx).find(email: email)
            case .id(let id): try Stakeholders(tx).find(id: id)
            }
        let explanation = try explain(.email(person.email), asOf: asOf)
        let facts = explanation.subject.facts
        let today = CalendarDate(asOf, in: tx.organisation.zone)
        let met = try Conversations(tx).list(to: asOf, participant: person.email, limit: 1000)
            .filter { conversation in
                conversation.participants.contains { $0.email == person.email && $0.attendance == .attended }
            }
        // Fears and commitments as they stood on the day of the brief, whatever changed after it.
        let fears = try Fears(tx).open(email: person.email, on: today)
        let theirs = try Commitments(tx).open(Commitments.Filter(ownerEmail: person.email), on: today)
        let toThem =
            met.isEmpty
            ? []
            : try Commitments(tx).open(Commitments.Filter(conversations: met.map(\.id)), on: today)
                .filter { $0.ownerEmail != person.email }
        let covered = Set(met.flatMap(\.guidelines).map(\.rawValue))
        let catalogue = try GuidelineCatalogue.all(tx)
        let flags = explanation.readings.compactMap { reading -> Brief.OpenFlag? in
            guard let finding = reading.finding, reading.standing.overlay == nil else { return nil }
            return Brief.OpenFlag(
                rule: finding.rule, guideline: finding.guideline, severity: finding.severity.rawValue,
                message: finding.message, nextStep: finding.nextStep)
        }
        func text(_ name: String) -> String? {
            if case .text(let value) = facts[name] ?? .null, !value.isEmpty { return value }
            return nil
        }
        var brief = Brief(
            asOf: asOf, name: person.name, email: person.email, title: person.title, tier: person.tier.rawValue,
            role: person.role.rawValue, engagement: person.engagement?.rawValue,
            desiredEngagement: person.desiredEngagement?.rawValue,
            lastConversations: met.prefix(3).map {
                Brief.Meeting(
                    ref: $0.ref, occurredAt: $0.occurredAt, kind: $0.kind.rawValue,
                    guidelines: $0.guidelines.map(\.rawValue), notes: sensitive ? $0.notes : nil)
            },
            openFears: fears.map {
                Brief.OpenFear(
                    raisedOn: $0.raisedOn.description, category: $0.category.rawValue, severity: $0.severity.rawValue,
                    status: $0.status.rawValue, statement: sensitive ? $0.statement : nil,
                    mitigation: sensitive ? $0.mitigation : nil)
            },
            commitments: (theirs + toThem).map {
                Brief.Promise(
                    owner: $0.ownerEmail, theirs: $0.ownerEmail == person.email, dueOn: $0.dueOn?.description,
                    overdue: $0.dueOn.map { $0 < today } ?? false, description: sensitive ? $0.description : nil)
            }.sorted { ($0.dueOn ?? "9999") < ($1.dueOn ?? "9999") },
            guidelinesNeverCovered: catalogue.filter { !covered.contains($0.code) }.map { "\($0.code) \($0.name)" },
            flags: flags, lastContactOn: text("last_contact_on"), nextContactDue: text("next_contact_due"),
            rhythm: text("rhythm_note"), agenda: [])
        brief.agenda = Self.agenda(for: brief)
        return brief
    }

    /// A short agenda in plain words: what is overdue first, then open fears, what the flags ask, and one guideline
    /// not yet covered.
    static func agenda(for brief: Brief) -> [String] {
        var items: [String] = []
        let first = brief.name.split(separator: " ").first.map(String.init) ?? brief.name
        for promise in brief.commitments where promise.overdue {
            items.append(
                promise.theirs
                    ? "Ask \(first) how their commitment due \(promise.dueOn ?? "") is going; it is overdue."
                    : "Report back on the promise made to \(first), due \(promise.dueOn ?? ""); it is overdue.")
        }
        for fear in brief.openFears.prefix(2) {
            items.append("Come back to their \(fear.category) fear (raised \(fear.raisedOn), \(fear.status)).")
        }
        for flag in brief.flags.prefix(2) { items.append(flag.nextStep) }
        if let engagement = brief.engagement, let wanted = brief.desiredEngagement, engagement != wanted {
            items.append("Look for one step from \(engagement) towards \(wanted).")
        }
        if let guideline = brief.guidelinesNeverCovered.first {
            items.append("Raise \(guideline), which no conversation with \(first) has covered yet.")
        }
        if items.isEmpty { items.append("Keep the rhythm: ask what would help them lead the coaching work now.") }
        return Array(items.prefix(6))
    }
}

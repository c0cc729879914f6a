import Foundation
import RadarDomain

/// What one HR owner is told on one day: what changed for their people since they were last told, grouped by
/// person. Written once when due, stored with its outbox row, and rendered for each kind of channel.
public struct OwnerNotice: Sendable, Codable, Hashable {
    /// What kind of change a line reports.
    public enum Kind: String, Sendable, Codable, Hashable, CaseIterable {
        case new, reopened, escalated, resolved
        /// An open commitment of one of the owner's people reached its due day.
        case commitmentDue = "commitment_due"
        /// An action from a flag, owned by the owner or one of their people, went past its due day.
        case actionOverdue = "action_overdue"
        /// One of the owner's people is on a meeting from a calendar that starts on the owner's next day.
        case meetingTomorrow = "meeting_tomorrow"
    }

    /// One change, with the flag's severity as a word when it is about a flag, one-click links when the flag
    /// can still be acknowledged or snoozed, and the person's brief before a meeting.
    public struct Change: Sendable, Codable, Hashable {
        public var kind: Kind
        public var severity: String?
        public var flagID: UUID?
        public var line: String
        public var acknowledgeURL: String?
        public var snoozeURL: String?
        public var briefURL: String?

        public init(
            kind: Kind, severity: String? = nil, flagID: UUID? = nil, line: String, acknowledgeURL: String? = nil,
            snoozeURL: String? = nil, briefURL: String? = nil
        ) {
            self.kind = kind
            self.severity = severity
            self.flagID = flagID
            self.line = line
            self.acknowledgeURL = acknowledgeURL
            self.snoozeURL = snoozeURL
            self.briefURL = briefURL
        }

        // Spelled so that snake_case keys (flag_id, acknowledge_url) read back into these names.
        enum CodingKeys: String, CodingKey {
            case kind, severity, line
            case flagID = "flagId", acknowledgeURL = "acknowledgeUrl", snoozeURL = "snoozeUrl", briefURL = "briefUrl"
        }
    }

    /// The changes about one person (or, for an action on an organisation's flag, the organisation).
    public struct Person: Sendable, Codable, Hashable {
        public var name: String
        public var email: String?
        public var changes: [Change]
    }

    public var organisation: String
    public var organisationName: String
    public var owner: String
    public var ownerName: String
    /// The owner's own day the notice is for.
    public var day: CalendarDate
    public var since: Date
    public var asOf: Date
    public var people: [Person]
    /// The owner's radar page, when the service's public address is known.
    public var link: String?

    public var changeCount: Int { people.reduce(0) { $0 + $1.changes.count } }

    /// How much a change matters: a flag raised, reopened or escalated by its severity first, then tomorrow's
    /// meetings, then commitments and actions falling due, then what cleared.
    static func weight(_ change: Change) -> Int {
        let severity = ChatSummary.severityOrder.firstIndex(of: change.severity ?? "") ?? 5
        switch change.kind {
        case .escalated, .new, .reopened: return severity * 3 + (change.kind == .escalated ? 0 : change.kind == .new ? 1 : 2)
        case .meetingTomorrow: return 19
        case .actionOverdue: return 20
        case .commitmentDue: return 21
        case .resolved: return 30
        }
    }

    /// The `count` changes that matter most, each with its person's name, the most important first.
    public func mostImportant(_ count: Int = 3) -> [(person: String, change: Change)] {
        let all = people.flatMap { person in person.changes.map { (person: person.name, change: $0) } }
        return Array(
            all.enumerated().sorted {
                (Self.weight($0.element.change), $0.offset) < (Self.weight($1.element.change), $1.offset)
            }.map(\.element).prefix(count))
    }

    /// The words a reader sees for a change's kind.
    public static func words(_ kind: Kind) -> String {
        switch kind {
        case .new: "new"
        case .reopened: "reopened"
        case .escalated: "escalated"
        case .resolved: "resolved"
        case .commitmentDue: "commitment due"
        case .actionOverdue: "action overdue"
        case .meetingTomorrow: "meeting tomorrow"
        }
    }

    /// The notice as plain text, as its e-mail carries it.
    public var text: String { NoticeText.render(self) }

    public var title: String { "Commitment Radar: your people at \(organisationName), \(day)" }

    public var headline: String {
        let count = changeCount
        return "\(count) change\(count == 1 ? "" : "s") for \(people.count) of your people since you were last told."
    }
}

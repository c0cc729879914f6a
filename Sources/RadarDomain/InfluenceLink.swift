import Foundation

/// How one person stands to another, read "person kind other": Dev reports_to Cara.
public enum InfluenceKind: String, Vocabulary {
    case reportsTo = "reports_to", listensTo = "listens_to", peersWith = "peers_with", sponsorOf = "sponsor_of"
    public static let vocabularyName = "influence kind"

    /// The words a sentence about the link uses: "reports to".
    public var phrase: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}

/// A dated link of influence between two stakeholders of an organisation.
public struct InfluenceLink: Sendable, Hashable, Codable {
    /// One end of the link: who, by e-mail and name.
    public struct Person: Sendable, Hashable, Codable {
        public var email: String
        public var name: String

        public init(email: String, name: String) {
            self.email = email
            self.name = name
        }
    }

    public var id: UUID
    public var person: Person
    public var kind: InfluenceKind
    public var other: Person
    public var since: CalendarDate
    /// The last day before it ended; nil while it holds.
    public var until: CalendarDate?
    public var version: Int

    public init(
        id: UUID, person: Person, kind: InfluenceKind, other: Person, since: CalendarDate, until: CalendarDate?,
        version: Int
    ) {
        self.id = id
        self.person = person
        self.kind = kind
        self.other = other
        self.since = since
        self.until = until
        self.version = version
    }

    /// Whether the link holds on `day`.
    public func holds(on day: CalendarDate) -> Bool {
        since <= day && until.map { day < $0 } ?? true
    }
}

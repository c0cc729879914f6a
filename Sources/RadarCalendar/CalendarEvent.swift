import Foundation

/// How someone answered a meeting invitation (iCalendar `PARTSTAT`).
public enum CalendarReply: String, Sendable, Hashable, Codable, CaseIterable {
    case accepted
    case declined
    case tentative
    case delegated
    /// No answer yet (`NEEDS-ACTION`, or no `PARTSTAT` at all).
    case noAnswer = "no_answer"
}

/// Someone on a meeting: its organiser or one of its attendees.
public struct CalendarPerson: Sendable, Hashable, Codable {
    /// The address as written in the file, without `mailto:`; matching is case-insensitive elsewhere.
    public var email: String
    public var name: String?
    public var reply: CalendarReply

    public init(email: String, name: String? = nil, reply: CalendarReply = .noAnswer) {
        self.email = email
        self.name = name
        self.reply = reply
    }
}

/// One meeting on a calendar: a single event, or one occurrence of a recurring one, with its times as instants.
public struct CalendarMeeting: Sendable, Hashable {
    /// The event's `UID`, shared by every occurrence of a series.
    public var uid: String
    /// Which occurrence of a series this is: its original start (`RECURRENCE-ID`), as UTC text such as
    /// `20261201T090000Z`, or as a day `20261201` for all-day events; empty for an event that does not recur.
    public var occurrence: String
    /// The event's `SEQUENCE`: a higher one is a later version of the same meeting.
    public var sequence: Int
    /// Whether the meeting is called off (`STATUS:CANCELLED`, an `EXDATE`, or a file sent with `METHOD:CANCEL`).
    public var cancelled: Bool
    public var summary: String?
    public var start: Date
    public var end: Date
    /// Whether it is an all-day event: `start` is then the first day's midnight in the reader's zone.
    public var allDay: Bool
    public var organiser: CalendarPerson?
    /// Everyone invited except rooms and resources, each once, the organiser included when listed.
    public var attendees: [CalendarPerson]

    public init(
        uid: String, occurrence: String = "", sequence: Int = 0, cancelled: Bool = false, summary: String? = nil,
        start: Date, end: Date, allDay: Bool = false, organiser: CalendarPerson? = nil, attendees: [CalendarPerson] = []
    ) {
        self.uid = uid
        self.occurrence = occurrence
        self.sequence = sequence
        self.cancelled = cancelled
        self.summary = summary
        self.start = start
        self.end = end
        self.allDay = allDay
        self.organiser = organiser
        self.attendees = attendees
    }

    /// The distinct people on the meeting, organiser first, by lower-cased e-mail.
    public var people: [CalendarPerson] {
        var seen: Set<String> = []
        return ([organiser].compactMap { $0 } + attendees).filter { seen.insert($0.email.lowercased()).inserted }
    }
}

/// Why a calendar file was refused: the line and property at fault, and what is wrong with it.
public struct CalendarFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line of the file where the problem is.
    public var line: Int
    /// The property (or component) at fault, such as `DTSTART` or `VEVENT`.
    public var property: String
    public var problem: String

    public init(line: Int, property: String, problem: String) {
        self.line = line
        self.property = property
        self.problem = problem
    }

    public var description: String { "line \(line), \(property): \(problem)" }
}

/// The stretch of time whose meetings a reading keeps; recurring meetings are expanded only inside it.
public struct CalendarWindow: Sendable, Hashable {
    public var start: Date
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    /// The window from `before` ago to `after` ahead of `instant`.
    public static func around(_ instant: Date, before: TimeInterval, after: TimeInterval) -> CalendarWindow {
        CalendarWindow(start: instant.addingTimeInterval(-before), end: instant.addingTimeInterval(after))
    }

    func overlaps(start: Date, end: Date) -> Bool {
        end > self.start && start < self.end || start == end && start >= self.start && start < self.end
    }
}

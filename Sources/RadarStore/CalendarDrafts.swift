import Foundation
import Postgres
import RadarCalendar
import RadarDomain

/// The review queue of meetings captured from calendars: taking in what a file or a feed shows, listing, confirming
/// a draft as a conversation, dismissing one.
public struct CalendarDrafts {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    /// Where meetings come from: an uploaded file, or a subscribed feed (whose every poll shows all its meetings in
    /// the window, so a meeting missing from it has left the calendar).
    public enum Origin: Sendable, Hashable {
        case file
        case feed(UUID)
    }

    /// What taking in one reading did, by draft.
    public struct Intake: Sendable, Hashable, Codable {
        /// Meetings with a tracked stakeholder that entered the queue.
        public var added = 0
        /// Drafts whose meeting changed (moved, renamed, people changed) or came back.
        public var updated = 0
        /// Drafts whose meeting was cancelled, left the calendar or lost its tracked stakeholders.
        public var withdrawn = 0
        /// Meetings already in the queue as they are, or older versions (lower SEQUENCE) of them.
        public var unchanged = 0
        /// Meetings without any tracked stakeholder.
        public var ignored = 0

        public init() {}
    }

    enum Query {
        static let trackedEmails = "SELECT email FROM stakeholders WHERE email = ANY ($1::text[])"
        static let existing = """
            SELECT id, uid, occurrence, sequence, state, starts_at, ends_at, summary, organiser_email, all_day,
                   people::text AS people, feed_id
              FROM calendar_drafts
             WHERE (uid, occurrence) IN (SELECT * FROM unnest($1::text[], $2::text[]))
               FOR UPDATE
            """
        static let insert = """
            INSERT INTO calendar_drafts (org_id, uid, occurrence, sequence, source, feed_id, summary, starts_at, ends_at,
                                         all_day, organiser_email, people)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)
            """
        static let update = """
            UPDATE calendar_drafts
               SET sequence = $2, source = $3, feed_id = $4, summary = $5, starts_at = $6, ends_at = $7, all_day = $8,
                   organiser_email = $9, people = $10::jsonb, state = $11
             WHERE id = $1
            """
        static let withdraw = "UPDATE calendar_drafts SET state = 'withdrawn', sequence = greatest(sequence, $2) WHERE id = $1"
        // A feed's pending drafts inside the window it was read for that its latest reading no longer shows.
        static let withdrawMissing = """
            UPDATE calendar_drafts SET state = 'withdrawn'
             WHERE feed_id = $1 AND state = 'pending' AND starts_at < $3 AND ends_at > $2
               AND (uid, occurrence) NOT IN (SELECT * FROM unnest($4::text[], $5::text[]))
            """
        static let columns = """
            SELECT d.id, d.uid, d.occurrence, d.sequence, d.source, f.shown_url AS feed, d.summary, d.starts_at,
                   d.ends_at, d.all_day, d.organiser_email, d.state, d.created_at, c.ref AS conversation_ref,
                   (SELECT jsonb_agg(p || jsonb_build_object('tracked', EXISTS (
                               SELECT FROM stakeholders s WHERE s.email = lower(p ->> 'email'))) ORDER BY n)
                      FROM jsonb_array_elements(d.people) WITH ORDINALITY AS e (p, n))::text AS people
              FROM calendar_drafts d
              LEFT JOIN calendar_feeds f ON f.org_id = d.org_id AND f.id = d.feed_id
              LEFT JOIN conversations c ON c.org_id = d.org_id AND c.id = d.conversation_id
            """
        static let list = columns + """
             WHERE ($1::text IS NULL OR d.state = $1)
             ORDER BY d.starts_at, d.uid, d.occurrence
             LIMIT $2
            """
        static let byID = columns + " WHERE d.id = $1"
        // A draft named by its id or the start of it (at least 8 characters), as the CLI shows it.
        static let find = "SELECT id FROM calendar_drafts WHERE id::text LIKE $1 || '%' LIMIT 2"
        static let lock = "SELECT state FROM calendar_drafts WHERE id = $1 FOR UPDATE"
        static let confirm = "UPDATE calendar_drafts SET state = 'confirmed', conversation_id = $2 WHERE id = $1"
        static let dismiss = "UPDATE calendar_drafts SET state = 'dismissed' WHERE id = $1"
        static let conversationID = "SELECT id FROM conversations WHERE ref = $1"
        // The tracked people of each pending meeting starting in [$1, $2), in the meeting's order of people.
        static let upcoming = """
            SELECT d.id, d.starts_at, d.all_day, d.summary, s.id AS stakeholder_id, s.name, s.email
              FROM calendar_drafts d
             CROSS JOIN LATERAL jsonb_array_elements(d.people) WITH ORDINALITY AS e (p, n)
              JOIN stakeholders s ON s.org_id = d.org_id AND s.email = lower(e.p ->> 'email')
             WHERE d.state = 'pending' AND d.starts_at >= $1 AND d.starts_at < $2
               AND ($3::uuid IS NULL OR s.hr_owner_user_id = $3)
             ORDER BY d.starts_at, d.id, e.n
             LIMIT 500
            """
        static let queue = """
            SELECT count(*) AS pending, min(created_at) AS oldest FROM calendar_drafts WHERE state = 'pending'
            """
    }

    /// One person as the draft keeps them.
    struct StoredPerson: Codable, Hashable {
        var email: String
        var name: String?
        var reply: String
    }

    /// Takes in the meetings of one reading: a meeting with a tracked stakeholder on it enters the queue or updates
    /// its draft (unless its SEQUENCE is older); a cancelled one withdraws its draft. For a feed read over `window`,
    /// its pending drafts in the window that the reading no longer shows are withdrawn. Dismissed drafts stay
    /// dismissed and confirmed ones confirmed.
    public func take(_ read: [CalendarMeeting], from origin: Origin, window: CalendarWindow? = nil) throws -> Intake {
        var intake = Intake()
        // People invited by one of their other addresses are named by their main one from here on.
        let aliases = try StakeholderAliases(tx).mainAddresses(
            of: Array(Set(read.flatMap { $0.people.map(\.email) })))
        let meetings = aliases.isEmpty ? read : read.map { Self.naming($0, by: aliases) }
        let emails = Set(meetings.flatMap { $0.people.map { Stakeholders.emailKey($0.email) } })
        let tracked = Set(try tx.connection.query(Query.trackedEmails, [Array(emails)]).rows.map {
            try $0.decode("email", as: String.self)
        })
        // A file may hold the same occurrence twice (an update after the original); the highest SEQUENCE wins.
        var latest: [String: CalendarMeeting] = [:]
        for meeting in meetings {
            let key = meeting.uid + "\n" + meeting.occurrence
            if let seen = latest[key], seen.sequence > meeting.sequence { continue }
            latest[key] = meeting
        }
        let keys = latest.values.map { ($0.uid, $0.occurrence) }
        var existing: [String: Row] = [:]
        for row in try tx.connection.query(Query.existing, [keys.map(\.0), keys.map(\.1)]).rows {
            existing[try row.decode("uid", as: String.self) + "\n" + row.decode("occurrence", as: String.self)] = row
        }
        let (source, feed): (String, UUID?) =
            switch origin {
            case .file: ("file", nil)
            case .feed(let id): ("feed", id)
            }
        for (key, meeting) in latest.sorted(by: { $0.key < $1.key }) {
            let hasTracked = meeting.people.contains { tracked.contains(Stakeholders.emailKey($0.email)) }
            let people = meeting.people.map { StoredPerson(email: $0.email, name: $0.name, reply: $0.reply.rawValue) }
            let peopleText = String(decoding: try JSONEncoder().encode(people), as: UTF8.self)
            guard let row = existing[key] else {
                if meeting.cancelled || !hasTracked {
                    intake.ignored += 1
                    continue
                }
                try tx.connection.execute(
                    Query.insert,
                    [
                        meeting.uid, meeting.occurrence, meeting.sequence, source, feed, meeting.summary, meeting.start,
                        meeting.end, meeting.allDay, meeting.organiser?.email, peopleText,
                    ])
                intake.added += 1
                continue
            }
            let id: UUID = try row.decode("id")
            let state: CalendarDraftState = try row.word("state")
            if meeting.sequence < (try row.decode("sequence", as: Int.self)) {
                intake.unchanged += 1
                continue
            }
            if meeting.cancelled || !hasTracked {
                if state == .pending {
                    try tx.connection.execute(Query.withdraw, [id, meeting.sequence])
                    intake.withdrawn += 1
                } else {
                    intake.unchanged += 1
                }
                continue
            }
            // Dismissed and confirmed drafts keep their decision; a withdrawn one whose meeting is back is pending.
            let newState: CalendarDraftState = state == .withdrawn ? .pending : state
            let storedPeople = try JSONDecoder().decode(
                [StoredPerson].self, from: Data((try row.decode("people", as: String.self)).utf8))
            let startsAt: Date = try row.decode("starts_at")
            let endsAt: Date = try row.decode("ends_at")
            let summary: String? = try row.decode("summary")
            let sequence: Int = try row.decode("sequence")
            let organiser: String? = try row.decode("organiser_email")
            let storedFeed: UUID? = try row.decode("feed_id")
            let same =
                newState == state && storedPeople == people && startsAt == meeting.start && endsAt == meeting.end
                && summary == meeting.summary && sequence == meeting.sequence
                && organiser == meeting.organiser?.email && storedFeed == feed
            if same {
                intake.unchanged += 1
                continue
            }
            try tx.connection.execute(
                Query.update,
                [
                    id, meeting.sequence, source, feed, meeting.summary, meeting.start, meeting.end, meeting.allDay,
                    meeting.organiser?.email, peopleText, newState.rawValue,
                ])
            intake.updated += 1
        }
        if case .feed(let id) = origin, let window {
            let shown = latest.values.filter { !$0.cancelled }
            intake.withdrawn += try tx.connection.execute(
                Query.withdrawMissing,
                [id, window.start, window.end, shown.map(\.uid), shown.map(\.occurrence)])
        }
        return intake
    }

    /// Drafts in the order of their meetings, of one state (pending unless told) or all when `state` is nil.
    public func list(state: CalendarDraftState? = .pending, limit: Int = 500) throws -> [CalendarDraft] {
        try tx.connection.query(Query.list, [state?.rawValue, limit]).rows.map(Self.decode)
    }

    /// The draft named by its id, or by its first characters (at least 8) when they name only one.
    public func find(_ key: String) throws -> CalendarDraft {
        let text = key.trimmingCharacters(in: .whitespaces).lowercased()
        guard text.count >= 8, text.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
            throw ValidationFailure([ValidationProblem(field: "id", message: "\"\(key)\" is not a draft id (at least its first 8 characters)")])
        }
        let rows = try tx.connection.query(Query.find, [text]).rows
        guard rows.count == 1 else {
            if rows.isEmpty { throw StoreError.notFound(entity: "calendar draft", key: key) }
            throw ValidationFailure([ValidationProblem(field: "id", message: "\"\(key)\" names more than one draft; give more of it")])
        }
        return try Self.decode(try tx.connection.queryRow(Query.byID, [try rows[0].decode("id", as: UUID.self)])!)
    }

    /// Records the pending draft `key` as a conversation from the calendar, through the same recording as every
    /// conversation, with what HR adds; answers the conversation. `now` is the instant of the recording.
    public func confirm(_ key: String, _ confirmation: CalendarConfirmation, now: Date) throws -> Conversation {
        let draft = try pending(key)
        var checks = Checks()
        let participants = draft.participants
        let known = Set(participants.map { Stakeholders.emailKey($0.email) })
        for email in Set(confirmation.engagement.keys).union(confirmation.attendance.keys).sorted()
        where !known.contains(Stakeholders.emailKey(email)) {
            checks.add("participants", "\(email) is not a tracked stakeholder on this meeting")
        }
        try checks.finish()
        func word<V>(_ words: [String: Word<V>], _ email: String) -> Word<V>? {
            words.first { Stakeholders.emailKey($0.key) == Stakeholders.emailKey(email) }?.value
        }
        let organiser = draft.organiserEmail.map(Stakeholders.emailKey).flatMap { known.contains($0) ? $0 : nil }
        let recorded = try Conversations(tx).record(
            ConversationDraft(
                occurredAt: draft.startsAt, kind: confirmation.kind ?? .value(draft.guessedKind),
                purpose: confirmation.purpose, initiatedBy: organiser,
                participants: participants.map { person in
                    ConversationDraft.Participant(
                        email: person.email,
                        attendance: word(confirmation.attendance, person.email)
                            ?? .value(person.attendance(startingAt: draft.startsAt, asOf: now) ?? .attended),
                        engagement: word(confirmation.engagement, person.email))
                },
                guidelines: confirmation.guidelines, notes: confirmation.notes, source: .calendar),
            now: now)
        try tx.connection.execute(Query.confirm, [draft.id, recorded.id])
        return recorded
    }

    /// `meeting` with each alias among its people replaced by the main address of the person it belongs to.
    static func naming(_ meeting: CalendarMeeting, by mainAddresses: [String: String]) -> CalendarMeeting {
        func main(_ person: CalendarPerson) -> CalendarPerson {
            var person = person
            if let address = mainAddresses[Stakeholders.emailKey(person.email)] { person.email = address }
            return person
        }
        var meeting = meeting
        meeting.organiser = meeting.organiser.map(main)
        meeting.attendees = meeting.attendees.map(main)
        return meeting
    }

    /// Takes the pending draft `key` out of the queue for good: a re-import does not bring it back.
    public func dismiss(_ key: String) throws -> CalendarDraft {
        let draft = try pending(key, allowWithdrawn: true)
        try tx.connection.execute(Query.dismiss, [draft.id])
        return try find(draft.id.uuidString)
    }

    /// A meeting ahead, from a calendar, with the tracked people on it: what to prepare a brief for.
    public struct Upcoming: Sendable {
        public var startsAt: Date
        public var allDay: Bool
        public var summary: String?
        public var people: [(id: UUID, name: String, email: String)]
    }

    /// The meetings waiting in the queue that start from `start` until before `end`, soonest first; with `owner`,
    /// only the people that HR user looks after (and the meetings they are on).
    public func upcoming(from start: Date, until end: Date, owner: UUID? = nil) throws -> [Upcoming] {
        var meetings: [Upcoming] = []
        var current: UUID?
        for row in try tx.connection.query(Query.upcoming, [start, end, owner]) {
            let id: UUID = try row.decode("id")
            let person = (
                id: try row.decode("stakeholder_id", as: UUID.self), name: try row.decode("name", as: String.self),
                email: try row.decode("email", as: String.self)
            )
            if id == current {
                meetings[meetings.count - 1].people.append(person)
            } else {
                current = id
                meetings.append(
                    Upcoming(
                        startsAt: try row.decode("starts_at"), allDay: try row.decode("all_day"),
                        summary: try row.decode("summary"), people: [person]))
            }
        }
        return meetings
    }

    /// How many drafts wait and since when the oldest has waited.
    public func queue() throws -> (pending: Int, oldest: Date?) {
        let row = try tx.connection.queryRow(Query.queue)!
        return (try row.decode("pending"), try row.decode("oldest"))
    }

    /// The draft `key`, locked, refused unless it waits for a decision.
    private func pending(_ key: String, allowWithdrawn: Bool = false) throws -> CalendarDraft {
        let draft = try find(key)
        let state: CalendarDraftState = try tx.connection.queryRow(Query.lock, [draft.id])!.word("state")
        guard state == .pending || allowWithdrawn && state == .withdrawn else {
            throw StoreError.settled(entity: "calendar draft", key: String(draft.id.uuidString.prefix(8)).lowercased(), state: state.rawValue)
        }
        return draft
    }

    static func decode(_ row: Row) throws -> CalendarDraft {
        let people = try JSONDecoder().decode(
            [CalendarDraft.Person].self, from: Data((try row.decode("people", as: String?.self) ?? "[]").utf8))
        return CalendarDraft(
            id: try row.decode("id"), uid: try row.decode("uid"), occurrence: try row.decode("occurrence"),
            sequence: try row.decode("sequence"), source: try row.decode("source"), feed: try row.decode("feed"),
            summary: try row.decode("summary"), startsAt: try row.decode("starts_at"), endsAt: try row.decode("ends_at"),
            allDay: try row.decode("all_day"), organiserEmail: try row.decode("organiser_email"), people: people,
            state: try row.word("state"), conversationRef: try row.decode("conversation_ref"),
            createdAt: try row.decode("created_at"))
    }
}

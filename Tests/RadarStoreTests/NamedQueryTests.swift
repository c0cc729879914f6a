import RadarDomain
import RadarTestSupport
import Foundation
import Postgres
@testable import RadarCLI
import RadarStore
import Testing

@Suite("Named queries")
struct NamedQueryTests {
    static let asOf = "2026-03-01T12:00:00Z"

    @Test(arguments: NamedQuery.allCases)
    func everyNamedQueryAnswersForAnEmptyOrganisation(query: NamedQuery) async throws {
        let org = try await TestDatabase.newOrganisation("empty")
        let table = try await answer(query, in: org)
        #expect(!table.columns.isEmpty)
        #expect(!table.columns.contains("org_id"))
        #expect(table.rows.count == (query == .ownership ? 1 : 0))
    }

    @Test func silentListsTheNeverContactedFirstThenTheLongestSilent() async throws {
        let org = try await TestDatabase.newOrganisation("silent")
        try await given(org) { s in
            let ada = try s.stakeholder("Ada", tier: "top_team", role: "sponsor", function: "finance")
            let ben = try s.stakeholder("Ben", role: "champion")
            let cy = try s.stakeholder("Cy", tier: "line_manager", role: "potential_champion")
            let dee = try s.stakeholder("Dee", active: false)
            try s.stakeholder("Eve", tier: "hr")
            // Ada only ever turns down invitations; the first of the last 60 days counts, the day before not.
            try s.conversation("A-1", at: "2026-02-20T10:00:00Z", [.declined(ada)])
            try s.conversation("A-2", at: "2026-01-01T09:00:00Z", [.delegated(ada)])
            try s.conversation("A-3", at: "2025-12-31T23:00:00Z", [.noShow(ada)])
            try s.conversation("B-1", at: "2026-01-01T10:00:00Z", [.attended(ben)])
            try s.conversation("B-2", at: "2026-03-01T13:00:00Z", [.attended(ben)])  // an hour after as-of
            // The last 30 days are 31 January to 1 March.
            try s.conversation("C-1", at: "2026-01-30T10:00:00Z", [.attended(cy), .attended(dee)])
            try s.conversation("C-2", at: "2026-01-31T10:00:00Z", [.attended(cy)])
            try s.conversation("C-3", at: "2026-02-27T10:00:00Z", [.attended(cy)])
        }

        let table = try await answer(.silent, in: org)

        #expect(
            table.columns == [
                "name", "email", "tier", "role", "function", "last_attended_at", "days_since_contact", "contacts_30d",
                "declines_60d",
            ])
        #expect(
            table.rows == [
                ["Ada", "ada@example.org", "top_team", "sponsor", "finance", nil, nil, "0", "2"],
                ["Eve", "eve@example.org", "hr", "stakeholder", nil, nil, nil, "0", "0"],
                ["Ben", "ben@example.org", "senior_leader", "champion", nil, "2026-01-01T10:00:00Z", "59", "0", "0"],
                [
                    "Cy", "cy@example.org", "line_manager", "potential_champion", nil, "2026-02-27T10:00:00Z", "2", "2",
                    "0",
                ],
            ])
    }

    @Test func silenceIsCountedInCalendarDaysOfTheOrganisationsTimeZone() async throws {
        let org = try await TestDatabase.newOrganisation("london", timeZone: "Europe/London")
        try await given(org) { s in
            let ann = try s.stakeholder("Ann")
            let bob = try s.stakeholder("Bob")
            // Half past midnight on 2 July in London is still 1 July in UTC.
            try s.conversation("L-1", at: "2025-07-02T00:30:00+01:00", [.attended(ann)])
            try s.conversation("L-2", at: "2025-07-01T23:30:00+01:00", [.attended(bob)])
        }

        let table = try await answer(.silent, in: org, asOf: "2025-07-31T12:00:00+01:00")

        #expect(
            table.rows.map { [$0[0], $0[5], $0[6], $0[7]] } == [
                ["Bob", "2025-07-01T23:30:00+01:00", "30", "0"],
                ["Ann", "2025-07-02T00:30:00+01:00", "29", "1"],
            ])
    }

    @Test func openFearsAreListedOldestFirstWithTheirAgeAndConversation() async throws {
        let org = try await TestDatabase.newOrganisation("fears")
        try await given(org) { s in
            let ada = try s.stakeholder("Ada", tier: "top_team")
            let ben = try s.stakeholder("Ben")
            let talk = try s.conversation("F-1", at: "2026-01-15T09:00:00Z", [.attended(ada)])
            try s.fear(
                by: ben, raisedOn: "2026-02-20", status: "addressing", category: "exposure",
                statement: "Being coached in front of my team")
            try s.fear(
                by: ada, raisedOn: "2026-01-15", severity: "high", statement: "Coaching will eat my diary",
                in: talk)
            try s.fear(
                by: ada, raisedOn: "2026-01-01", status: "resolved", resolvedOn: "2026-02-01",
                statement: "Nobody will turn up")
            try s.fear(by: ben, raisedOn: "2026-03-02", statement: "Raised after the as-of day")
        }

        let table = try await answer(.openFears, in: org)

        #expect(
            table.columns == [
                "name", "email", "category", "severity", "status", "raised_on", "age_days", "conversation_ref",
                "statement",
            ])
        #expect(
            table.rows == [
                [
                    "Ada", "ada@example.org", "time", "high", "open", "2026-01-15", "45", "F-1",
                    "Coaching will eat my diary",
                ],
                [
                    "Ben", "ben@example.org", "exposure", "medium", "addressing", "2026-02-20", "9", nil,
                    "Being coached in front of my team",
                ],
            ])
    }

    @Test func coverageCountsOnlyConversationsAttendedWithinTheLast180Days() async throws {
        let org = try await TestDatabase.newOrganisation("coverage")
        try await given(org) { s in
            let ada = try s.stakeholder("Ada", tier: "top_team")
            let ben = try s.stakeholder("Ben")
            let cleo = try s.stakeholder("Cleo", active: false)
            try s.conversation(
                "V-1", at: "2026-02-01T10:00:00Z", guidelines: ["G01", "G07"],
                [.attended(ada), .attended(cleo)])
            // 3 September 2025 is the first of the last 180 days before 1 March 2026.
            try s.conversation("V-2", at: "2025-09-03T08:00:00Z", guidelines: ["G07", "P00"], [.attended(ada)])
            try s.conversation("V-3", at: "2025-09-02T20:00:00Z", guidelines: ["G07"], [.attended(ada)])
            try s.conversation(
                "V-4", at: "2026-02-10T10:00:00Z", guidelines: ["G07"],
                [.declined(ada), .attended(ben)])
            try s.conversation("V-5", at: "2026-03-01T13:00:00Z", guidelines: ["G07"], [.attended(ada)])
        }

        let table = try await answer(.coverage, in: org)

        #expect(
            table.columns == [
                "name", "email", "G01", "G02", "G03", "G04", "G05", "G06", "G07", "G08", "G09",
                "G10", "G11", "G12", "P00",
            ])
        #expect(
            table.rows == [
                ["Ada", "ada@example.org", "1", "0", "0", "0", "0", "0", "2", "0", "0", "0", "0", "0", "1"],
                ["Ben", "ben@example.org", "0", "0", "0", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0"],
            ])
    }

    @Test func engagementShowsTheGapAndTheLatestObservationBeforeTheAsOfInstant() async throws {
        let org = try await TestDatabase.newOrganisation("engagement")
        try await given(org) { s in
            let ada = try s.stakeholder("Ada", tier: "top_team", engagement: "resistant", desired: "leading")
            try s.stakeholder("Ben", desired: "supportive")
            try s.stakeholder("Cleo", engagement: "supportive", desired: "neutral")
            try s.conversation("E-1", at: "2026-02-01T10:00:00Z", [.attended(ada, seeming: "neutral")])
            try s.conversation("E-2", at: "2026-02-20T22:00:00Z", [.attended(ada, seeming: "supportive")])
            try s.conversation("E-3", at: "2026-02-25T10:00:00Z", [.attended(ada)])
            try s.conversation("E-4", at: "2026-03-05T10:00:00Z", [.attended(ada, seeming: "leading")])
        }

        let table = try await answer(.engagement, in: org)

        #expect(
            table.columns == [
                "name", "email", "tier", "role", "engagement", "desired_engagement", "gap", "observed_engagement",
                "observed_on",
            ])
        #expect(
            table.rows == [
                [
                    "Ada", "ada@example.org", "top_team", "stakeholder", "resistant", "leading", "3", "supportive",
                    "2026-02-20",
                ],
                ["Cleo", "cleo@example.org", "senior_leader", "stakeholder", "supportive", "neutral", "-1", nil, nil],
                ["Ben", "ben@example.org", "senior_leader", "stakeholder", nil, "supportive", nil, nil, nil],
            ])
    }

    @Test func openCommitmentsShowTheOwnersSideAndDaysOverdue() async throws {
        let org = try await TestDatabase.newOrganisation("commitments")
        try await given(org) { s in
            let ada = try s.stakeholder("Ada", tier: "top_team")
            let hal = try s.stakeholder("Hal", tier: "hr")
            let sam = try s.stakeholder("Sam", tier: "line_manager", role: "sponsor")
            let oli = try s.stakeholder("Oli", tier: "other")
            let talk = try s.conversation("M-1", at: "2026-01-10T10:00:00Z", [.attended(ada), .attended(hal)])
            try s.commitment(by: ada, madeOn: "2026-01-10", dueOn: "2026-02-01", "Sponsor the pilot", in: talk)
            try s.commitment(by: hal, madeOn: "2026-02-01", dueOn: "2026-03-10", "Book the coaches")
            try s.commitment(by: sam, madeOn: "2026-02-15", dueOn: nil, "Talk to the finance team")
            try s.commitment(by: oli, madeOn: "2026-02-20", dueOn: "2026-03-01", "Send the survey")
            try s.commitment(by: ada, madeOn: "2026-01-10", dueOn: "2026-01-20", "Already done", status: "done")
            try s.commitment(by: hal, madeOn: "2026-03-02", dueOn: "2026-03-03", "Made after the as-of day")
        }

        let table = try await answer(.commitments, in: org)

        #expect(
            table.columns == [
                "owner_name", "owner_email", "owner_side", "made_on", "due_on", "days_overdue", "conversation_ref",
                "description",
            ])
        #expect(
            table.rows == [
                ["Ada", "ada@example.org", "leader", "2026-01-10", "2026-02-01", "28", "M-1", "Sponsor the pilot"],
                ["Oli", "oli@example.org", "other", "2026-02-20", "2026-03-01", "0", nil, "Send the survey"],
                ["Hal", "hal@example.org", "hr", "2026-02-01", "2026-03-10", "0", nil, "Book the coaches"],
                ["Sam", "sam@example.org", "leader", "2026-02-15", nil, nil, nil, "Talk to the finance team"],
            ])
    }

    @Test func activityCountsConversationsPerISOWeekOfTheOrganisation() async throws {
        let org = try await TestDatabase.newOrganisation("activity", timeZone: "Europe/London")
        try await given(org) { s in
            let ann = try s.stakeholder("Ann")
            let bob = try s.stakeholder("Bob")
            try s.conversation("W-1", at: "2025-06-29T23:30:00+01:00", [.attended(ann), .declined(bob)])
            // Monday in London, still Sunday (week 26) in UTC.
            try s.conversation("W-2", at: "2025-06-30T00:30:00+01:00", kind: "group", [.attended(ann), .attended(bob)])
            try s.conversation("W-3", at: "2025-07-02T10:00:00+01:00", [.attended(ann)])
            try s.conversation("W-4", at: "2025-07-03T10:00:00+01:00", kind: "group", [.noShow(bob)])
            try s.conversation("W-5", at: "2025-08-05T10:00:00+01:00", [.attended(ann)])
        }

        let table = try await answer(.activity, in: org, asOf: "2025-07-31T12:00:00+01:00")

        #expect(table.columns == ["iso_week", "kind", "conversations", "participants_attended"])
        #expect(
            table.rows == [
                ["2025-W26", "one_to_one", "1", "1"],
                ["2025-W27", "group", "2", "2"],
                ["2025-W27", "one_to_one", "1", "1"],
            ])
    }

    @Test func ownershipGivesHRsShareOfOpenCommitmentsAndLiveInitiatives() async throws {
        let org = try await TestDatabase.newOrganisation("ownership")
        try await given(org) { s in
            let ada = try s.stakeholder("Ada", tier: "top_team")
            let sam = try s.stakeholder("Sam", tier: "line_manager", role: "sponsor")
            let hal = try s.stakeholder("Hal", tier: "hr")
            let oli = try s.stakeholder("Oli", tier: "other")
            for owner in [ada, sam, hal, oli] {
                try s.commitment(by: owner, madeOn: "2026-02-01", dueOn: "2026-04-01", "Open")
            }
            try s.commitment(by: hal, madeOn: "2026-02-01", dueOn: nil, "Done", status: "done")
            try s.commitment(by: hal, madeOn: "2026-03-02", dueOn: nil, "Made after the as-of day")
            try s.initiative("I-1", owner: hal, status: "planned")
            try s.initiative("I-2", owner: ada, status: "running")
            try s.initiative("I-3", owner: nil, status: "running")
            try s.initiative("I-4", owner: hal, status: "done")
        }

        let table = try await answer(.ownership, in: org)

        #expect(
            table.columns == [
                "open_commitments", "hr_owned_commitments", "leader_owned_commitments", "hr_share", "initiatives",
                "hr_owned_initiatives", "leader_owned_initiatives", "hr_initiative_share",
            ])
        #expect(table.rows == [["4", "1", "2", "0.250", "3", "1", "1", "0.333"]])
    }

    @Test func ownershipOfAnOrganisationWithNothingOpenHasNoShares() async throws {
        let org = try await TestDatabase.newOrganisation("idle")
        let table = try await answer(.ownership, in: org)
        #expect(table.rows == [["0", "0", "0", nil, "0", "0", "0", nil]])
    }

    @Test func withNoOrganisationSetTheViewsShowNothing() async throws {
        let database = try await TestDatabase.shared()
        let org = try await TestDatabase.newOrganisation("hidden")
        try await given(org) { s in _ = try s.stakeholder("Ada") }
        let counts = try await database.pool.transaction { connection in
            try connection.execute("SET LOCAL ROLE radar_app")
            return try NamedQuery.allCases.map { query in
                try connection.queryRow("SELECT count(*) AS n FROM \(query.viewName)")!.decode("n", as: Int.self)
            }
        }
        #expect(counts == Array(repeating: 0, count: NamedQuery.allCases.count))
    }

    @Test func aPlainDateAsOfMeansMidnightInTheOrganisationsTimeZone() async throws {
        let org = try await TestDatabase.newOrganisation("cli", timeZone: "Europe/London")
        try await given(org) { s in
            let ann = try s.stakeholder("Ann")
            // 00:30 on 2 July in London: after London's midnight, before UTC's.
            try s.conversation("Q-1", at: "2025-07-01T23:30:00Z", [.attended(ann)])
        }

        let atMidnight = try await radarQuery([
            "silent", "--org", org.slug, "--as-of", "2025-07-02",
            "--format", "csv",
        ])
        let atNoon = try await radarQuery([
            "silent", "--org", org.slug, "--as-of", "2025-07-02T12:00:00+01:00",
            "--format", "csv",
        ])

        let header = "name,email,tier,role,function,last_attended_at,days_since_contact,contacts_30d,declines_60d"
        #expect(atMidnight == header + "\r\nAnn,ann@example.org,senior_leader,stakeholder,,,,0,0\r\n")
        #expect(
            atNoon == header
                + "\r\nAnn,ann@example.org,senior_leader,stakeholder,,2025-07-02T00:30:00+01:00,0,1,0\r\n")
    }

    @Test(arguments: [
        ["nonsense"], ["silent", "--as-of", "yesterday"], ["silent", "--as-of", "2026-02-30"],
        ["silent", "--as-of", "2026-03-01T12:00:00"], [],
    ])
    func aQueryCommandWithBadInputIsRefusedBeforeConnecting(arguments: [String]) {
        #expect(throws: (any Error).self) { try Radar.Query.parse(arguments) }
    }

    @Test func theCommandAcceptsEveryNamedQueryAndBothFormsOfAsOf() throws {
        for query in NamedQuery.allCases {
            _ = try Radar.Query.parse([query.rawValue, "--as-of", "2026-03-01"])
        }
        _ = try Radar.Query.parse(["--list"])
        #expect(
            Radar.Query.AsOf("2026-03-01T12:00:00.250+01:00")
                == .instant(Date(timeIntervalSince1970: 1_772_362_800.25)))
        #expect(Radar.Query.AsOf("2026-03-01") == .day(CalendarDate(year: 2026, month: 3, day: 1)))
    }

    /// Runs a named query in `org` at a fixed instant.
    private func answer(
        _ query: NamedQuery, in org: Organisation, asOf: String = NamedQueryTests.asOf
    ) async throws -> NamedQuery.Table {
        let instant = try Date.ISO8601FormatStyle().parse(asOf)
        return try await TestDatabase.shared().inOrganisation(org.slug, actor: "test") { tx in
            try query.run(in: tx, asOf: instant)
        }
    }

    /// Writes a scenario into `org` in one transaction.
    private func given(_ org: Organisation, _ build: @escaping @Sendable (Scenario) throws -> Void) async throws {
        try await TestDatabase.shared().inOrganisation(org.slug, actor: "test") { tx in
            try build(Scenario(tx: tx))
        }
    }

    /// Runs `radar query …` against the test database and returns what it wrote to standard output.
    private func radarQuery(_ arguments: [String]) async throws -> String {
        _ = try await TestDatabase.shared()
        let output = Captured()
        let console = Console(isTerminal: false, out: { output.append($0) }, error: { output.append($0) })
        let command = try Radar.Query.parse(arguments + ["--database-url", try TestDatabase.superuserURL()])
        try await Console.$current.withValue(console) { try await command.run() }
        return output.text
    }
}

/// Text a command wrote, collected across threads.
private final class Captured: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""

    func append(_ text: String) { lock.withLock { buffer += text } }
    var text: String { lock.withLock { buffer } }
}

/// Someone invited to a conversation, how they responded and how engaged they seemed.
private struct Attendee: Sendable {
    var stakeholder: UUID
    var attendance: String
    var engagement: String?

    static func attended(_ stakeholder: UUID, seeming engagement: String? = nil) -> Attendee {
        Attendee(stakeholder: stakeholder, attendance: "attended", engagement: engagement)
    }
    static func declined(_ stakeholder: UUID) -> Attendee {
        Attendee(stakeholder: stakeholder, attendance: "declined")
    }
    static func delegated(_ stakeholder: UUID) -> Attendee {
        Attendee(stakeholder: stakeholder, attendance: "delegated")
    }
    static func noShow(_ stakeholder: UUID) -> Attendee {
        Attendee(stakeholder: stakeholder, attendance: "no_show")
    }
}

/// Plain parameterised INSERTs for building a test's organisation.
private struct Scenario {
    let tx: TenantTransaction

    @discardableResult
    func stakeholder(
        _ name: String, tier: String = "senior_leader", role: String = "stakeholder", function: String? = nil,
        engagement: String? = nil, desired: String? = nil, active: Bool = true
    ) throws -> UUID {
        try tx.connection.queryRow(
            """
            INSERT INTO stakeholders (org_id, name, email, tier, role, function, engagement, desired_engagement,
                                      active)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5, $6, $7, $8)
            RETURNING id
            """, [name, name.lowercased() + "@example.org", tier, role, function, engagement, desired, active]
        )!.decode("id")
    }

    @discardableResult
    func conversation(
        _ ref: String, at time: String, kind: String = "one_to_one", guidelines: [String] = [],
        _ attendees: [Attendee]
    ) throws -> UUID {
        let id: UUID = try tx.connection.queryRow(
            """
            INSERT INTO conversations (org_id, ref, occurred_at, kind) VALUES (radar_current_org(), $1, $2, $3)
            RETURNING id
            """, [ref, time, kind])!.decode("id")
        for attendee in attendees {
            try tx.connection.execute(
                """
                INSERT INTO conversation_participants (org_id, conversation_id, stakeholder_id, attendance, engagement)
                VALUES (radar_current_org(), $1, $2, $3, $4)
                """, [id, attendee.stakeholder, attendee.attendance, attendee.engagement])
        }
        for guideline in guidelines {
            try tx.connection.execute(
                """
                INSERT INTO conversation_guidelines (org_id, conversation_id, guideline)
                VALUES (radar_current_org(), $1, $2)
                """, [id, guideline])
        }
        return id
    }

    func fear(
        by stakeholder: UUID, raisedOn: String, status: String = "open", resolvedOn: String? = nil,
        category: String = "time", severity: String = "medium", statement: String, in conversation: UUID? = nil
    ) throws {
        try tx.connection.execute(
            """
            INSERT INTO fears (org_id, stakeholder_id, conversation_id, category, statement, severity, status,
                               raised_on, resolved_on)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5, $6, $7, $8)
            """, [stakeholder, conversation, category, statement, severity, status, raisedOn, resolvedOn])
    }

    func commitment(
        by owner: UUID, madeOn: String, dueOn: String?, _ description: String, status: String = "open",
        in conversation: UUID? = nil
    ) throws {
        try tx.connection.execute(
            """
            INSERT INTO commitments (org_id, owner_id, conversation_id, description, made_on, due_on, status)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5, $6)
            """, [owner, conversation, description, madeOn, dueOn, status])
    }

    func initiative(_ ref: String, owner: UUID?, status: String) throws {
        try tx.connection.execute(
            """
            INSERT INTO initiatives (org_id, ref, title, kind, owner_id, starts_on, status)
            VALUES (radar_current_org(), $1, $2, 'pilot', $3, '2026-01-01', $4)
            """, [ref, "Initiative " + ref, owner, status])
    }
}

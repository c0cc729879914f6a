import RadarDomain
import RadarTestSupport
import Foundation
import Postgres
import RadarStore
import Testing

@Suite("Personal data on request: export and erasure")
struct PersonalDataTests {
    @Test func anExportHoldsThePersonsOwnRowsAndNothingPrivateOfAnotherPerson() async throws {
        let org = try await TestDatabase.newOrganisation("gdpr-export")
        let ada = Person(canary: "ada-" + UUID().uuidString.lowercased(), name: "Ada Lovelace")
        let bob = Person(canary: "bob-" + UUID().uuidString.lowercased(), name: "Bob Babbage")
        try await record(ada, and: bob, in: org)

        let run = try await radar("gdpr", "export", ada.email.uppercased(), org: org.slug)
        #expect(run.exitCode == 0, "\(run.err)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let stakeholder = try #require(document["stakeholder"] as? [String: Any])
        #expect(stakeholder["email"] as? String == ada.email)
        #expect(stakeholder["title"] as? String == "Head of \(ada.canary)")
        let fears = strings(document["fears"], "statement").sorted()
        #expect(fears == [ada.fearStatement, ada.soloFearStatement].sorted())
        #expect(strings(document["commitments"], "description") == [ada.commitment])
        #expect(Set(strings(document["conversations"], "ref")) == [ada.sharedRef, ada.soloRef])
        #expect(strings(document["conversations"], "attendance") == ["attended", "attended"])
        #expect(strings(document["conversations"], "notes").contains(ada.sharedNotes))
        #expect(strings(document["initiatives_owned"], "outcome") == [ada.canary + " outcome"])
        #expect(strings(document["priorities_endorsed"], "how_coaching_helps") == [ada.canary + " helps"])
        #expect(strings(document["expectations_naming_them"], "presented_to") == [ada.name + " and the board"])
        #expect(strings(document["audit_events"], "action").contains("create"))
        let created = try #require((document["audit_events"] as? [[String: Any]])?.first?["occurred_at"] as? String)
        #expect(created.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil)
        // Bob was in the same conversation, but his fear, commitment and address are his own.
        #expect(!run.out.contains(bob.canary))
        #expect(!run.out.contains(bob.email))
    }

    @Test func anUnknownEmailIsAUsageError() async throws {
        let org = try await TestDatabase.newOrganisation("gdpr-unknown")
        let export = try await radar("gdpr", "export", "nobody@example.test", org: org.slug)
        #expect(export.exitCode == 2)
        #expect(export.err.contains("stakeholder \"nobody@example.test\" does not exist"))
        let erase = try await radar("gdpr", "erase", "nobody@example.test", "--confirm", org: org.slug)
        #expect(erase.exitCode == 2)
    }

    @Test func eraseWithoutConfirmSaysWhatWouldGoAndChangesNothing() async throws {
        let org = try await TestDatabase.newOrganisation("gdpr-dry")
        let ada = Person(canary: "ada-" + UUID().uuidString.lowercased(), name: "Ada Lovelace")
        let bob = Person(canary: "bob-" + UUID().uuidString.lowercased(), name: "Bob Babbage")
        try await record(ada, and: bob, in: org)
        let before = try await snapshot(of: ada, in: org)

        let run = try await radar("gdpr", "erase", ada.email, org: org.slug)
        #expect(run.exitCode == 2)
        #expect(run.err.contains("pass --confirm"))
        #expect(run.err.contains("fears 2"))
        #expect(run.err.contains("commitments 1"))
        #expect(try await snapshot(of: ada, in: org) == before)
    }

    @Test func erasureLeavesNoTraceInADumpAndLeavesOtherPeopleAlone() async throws {
        let org = try await TestDatabase.newOrganisation("gdpr-erase")
        let ada = Person(canary: "canary-" + UUID().uuidString.lowercased(), name: "Ada Lovelace")
        let bob = Person(canary: "canary2-" + UUID().uuidString.lowercased(), name: "Bob Babbage")
        try await record(ada, and: bob, in: org)
        try await addTrails(about: ada, mentioning: bob, in: org)
        let database = try await TestDatabase.shared()
        let id = try await database.inOrganisation(org.slug, actor: "test") {
            try Stakeholders($0).find(email: ada.email).id
        }
        let dumped = try await TestDatabase.dump()
        #expect(occurrences(of: ada.canary, in: dumped) >= 15, "the canary should be everywhere before erasure")
        let bobBefore = occurrences(of: bob.canary, in: dumped)

        let run = try await radar("gdpr", "erase", ada.email, "--confirm", "--format", "csv", org: org.slug)
        #expect(run.exitCode == 0, "\(run.err)")
        #expect(run.out.contains("stakeholder,1"))

        let after = try await TestDatabase.dump()
        #expect(occurrences(of: ada.canary, in: after) == 0)
        #expect(occurrences(of: bob.canary, in: after) == bobBefore)
        let (bobFears, erasures) = try await database.inOrganisation(org.slug, actor: "test") { tx in
            let fears = try Fears(tx).list(Fears.Filter(email: bob.email, includeClosed: true)).map(\.statement)
            let erasures: Int = try tx.connection.queryRow(
                "SELECT count(*)::int AS n FROM audit_events WHERE action = 'erase' AND details = '{}'")!.decode("n")
            return (fears, erasures)
        }
        #expect(bobFears.sorted() == [bob.fearStatement, bob.soloFearStatement].sorted())
        #expect(erasures == 1)
        let pseudonym = "erased-\(id.uuidString.lowercased().filter { $0 != "-" }.prefix(12))@invalid"
        let export = try await radar("gdpr", "export", pseudonym, org: org.slug)
        #expect(export.exitCode == 0)
        #expect(export.out.contains("Erased person"))
    }
}

/// One person's test data, every text of it marked with their canary.
private struct Person: Sendable {
    var canary: String
    var name: String

    init(canary: String, name: String) {
        self.canary = canary
        self.name = "\(name) \(canary)"
    }

    var email: String { "\(canary)@example.test" }
    var sharedRef: String { "shared-" + canary.suffix(12) }
    var soloRef: String { "solo-" + canary.suffix(12) }
    var sharedNotes: String { "Both were there; \(canary) spoke first" }
    var fearStatement: String { "No time for this, says \(canary)" }
    var soloFearStatement: String { "Being watched, says \(canary)" }
    var commitment: String { "Open the offsite, \(canary)" }
}

/// Adds both people and an HR partner; a conversation they both attend (each voicing a fear and making a
/// commitment) and one each on their own, plus an initiative (presented to them by name) and a priority each.
private func record(_ ada: Person, and bob: Person, in org: Organisation) async throws {
    let database = try await TestDatabase.shared()
    let hr = "hr-\(ada.canary.suffix(8))@example.test"
    try await TestDatabase.addMember(hr, name: "Harper HR", to: org.slug)
    try await database.inOrganisation(org.slug, actor: "test") { tx in
        let people = Stakeholders(tx)
        try people.add(StakeholderDraft(name: "Harper HR", email: hr, tier: "hr"))
        for person in [ada, bob] {
            try people.add(
                StakeholderDraft(
                    name: person.name, email: person.email, title: "Head of \(person.canary)", tier: "top_team",
                    role: "sponsor", function: "\(person.canary) ops", hrOwnerEmail: hr))
        }
        let when = Date(timeIntervalSince1970: 1_772_000_000)
        let conversations = Conversations(tx)
        try conversations.record(
            ConversationDraft(
                ref: ada.sharedRef, occurredAt: when, kind: "group", initiatedBy: hr,
                participants: [.init(email: ada.email, engagement: "supportive"), .init(email: bob.email)],
                guidelines: ["G07"], notes: ada.sharedNotes,
                fears: [
                    .init(email: ada.email, category: "time", statement: ada.fearStatement),
                    .init(email: bob.email, category: "time", statement: bob.fearStatement),
                ],
                commitments: [
                    .init(ownerEmail: ada.email, description: ada.commitment),
                    .init(ownerEmail: bob.email, description: bob.commitment),
                ]), now: when)
        for person in [ada, bob] {
            try conversations.record(
                ConversationDraft(
                    ref: person.soloRef, occurredAt: when, kind: "one_to_one", initiatedBy: hr,
                    participants: [.init(email: person.email)],
                    notes: "Alone with \(person.canary); \(person.name) asked for more"), now: when)
            try Fears(tx).add(
                FearDraft(
                    email: person.email, category: "exposure", statement: person.soloFearStatement,
                    raisedOn: CalendarDate(year: 2026, month: 2, day: 25), mitigation: "Reassure \(person.canary)"))
            try Initiatives(tx).add(
                InitiativeDraft(
                    ref: "pilot-" + person.canary.suffix(12), title: "Pilot", kind: "pilot", ownerEmail: person.email,
                    startsOn: CalendarDate(year: 2026, month: 3, day: 1), successMeasure: person.canary + " measure",
                    outcome: person.canary + " outcome"))
            // The pilot was presented to the person by name, in free text.
            try Strategy(tx).expect(
                initiative: "pilot-" + person.canary.suffix(12), presentedAs: "Managers who coach",
                presentedTo: "\(person.name) and the board", on: CalendarDate(year: 2026, month: 3, day: 2))
            try Priorities(tx).add(
                priority: "Growth " + person.canary.suffix(12), function: "sales",
                howCoachingHelps: person.canary + " helps", endorsedBy: person.email,
                recordedOn: CalendarDate(year: 2026, month: 3, day: 1))
        }
    }
}

/// Flags, flag events, a digest, snapshots and audit events that mention Ada (and, in one place, Bob).
private func addTrails(about ada: Person, mentioning bob: Person, in org: Organisation) async throws {
    let database = try await TestDatabase.shared()
    try await database.inOrganisation(org.slug, actor: ada.email) { tx in
        let c = tx.connection
        let id: String = try c.queryRow("SELECT id::text FROM stakeholders WHERE email = $1", [ada.email])!
            .decode("id")
        // A rule of the test's own, so the flag does not depend on which rules the catalogue ships.
        try c.execute(
            """
            INSERT INTO rules (org_id, code, name, guideline, subject_kind, condition, severity, message_template,
                               next_step)
            VALUES (radar_current_org(), 'gdpr-test', 'Gone quiet', 'G11', 'stakeholder', 'true', 'low',
                    '{name} has gone quiet', 'Call {name}')
            """)
        let flag: String = try c.queryRow(
            """
            INSERT INTO flags (org_id, rule_code, guideline, subject_kind, subject_id, severity, message, next_step,
                               evidence, first_raised_at, last_raised_at, last_seen_at, status_reason)
            VALUES (radar_current_org(), 'gdpr-test', 'G11', 'stakeholder', $1::uuid, 'low', $2, $3, $4::jsonb,
                    now(), now(), now(), $5)
            RETURNING id::text
            """,
            [
                id, "\(ada.name) has gone quiet", "Call \(ada.name)", "{\"said\": \"\(ada.canary)\"}",
                "snoozed for \(ada.canary)",
            ])!.decode("id")
        try c.execute(
            """
            INSERT INTO flag_events (org_id, flag_id, occurred_at, event, severity, actor, reason)
            VALUES (radar_current_org(), $1::uuid, now(), 'acknowledged', 'low', $2, $3)
            """, [flag, ada.email, "\(ada.canary) is on leave"])
        try c.execute(
            """
            INSERT INTO digests (org_id, week_start, iso_week, as_of, content)
            VALUES (radar_current_org(), '2026-03-02', '2026-W10', now(), $1::jsonb)
            """, ["{\"quiet\": [\"\(ada.name)\", \"\(bob.name)\"], \"line\": \"Ask \(ada.name)\\nnow\"}"])
        try c.execute(
            """
            INSERT INTO engagement_snapshots (org_id, stakeholder_id, week_start, score, components)
            VALUES (radar_current_org(), $1::uuid, '2026-03-02', 42.5, $2::jsonb)
            """, [id, "{\"note\": \"\(ada.email)\"}"])
        try c.execute(
            """
            INSERT INTO audit_events (org_id, actor, action, entity, entity_id, details)
            VALUES (radar_current_org(), $1, 'import', 'stakeholder', $2, $3::jsonb),
                   (radar_current_org(), 'test', 'import', 'file', NULL, $4::jsonb)
            """, [ada.email, id, "{\"row\": \"\(ada.canary)\"}", "{\"names\": [\"\(ada.name)\"]}"])
    }
}

/// What erasure would change, read back for comparison: Ada's row, her fears and the org's audit count.
private func snapshot(of person: Person, in org: Organisation) async throws -> [String] {
    let database = try await TestDatabase.shared()
    return try await database.inOrganisation(org.slug, actor: "test") { tx in
        let row = try Stakeholders(tx).find(email: person.email)
        let fears = try Fears(tx).list(Fears.Filter(email: person.email, includeClosed: true))
        let audit: Int = try tx.connection.queryRow("SELECT count(*)::int AS n FROM audit_events")!.decode("n")
        return [row.name, row.title ?? "", String(row.version), String(audit)] + fears.map(\.statement).sorted()
    }
}

/// The string values of `key` in an array of JSON objects.
private func strings(_ array: Any?, _ key: String) -> [String] {
    ((array as? [[String: Any]]) ?? []).compactMap { $0[key] as? String }
}

@Suite("Personal data on request: enrolments in initiatives")
struct EnrolmentPersonalDataTests {
    @Test func anExportListsThePersonsEnrolmentsAndErasureDeletesThemButNotOtherMembers() async throws {
        let org = try await TestDatabase.newOrganisation("gdpr-enrol")
        let database = try await TestDatabase.shared()
        try await database.inOrganisation(org.slug, actor: "test") { tx in
            for (name, email) in [("Ada Lovelace", "ada@x.test"), ("Bob Babbage", "bob@x.test")] {
                try Stakeholders(tx).add(StakeholderDraft(name: name, email: email, tier: "top_team"))
            }
            try Initiatives(tx).add(
                InitiativeDraft(
                    ref: "trio-1", title: "Peer trio", kind: "peer_coaching", startsOn: CalendarDate("2026-01-05"),
                    cadenceDays: 30))
            try InitiativeMembers(tx).enrol(initiative: "trio-1", EnrolmentDraft(email: "ada@x.test", role: "owner"))
            try InitiativeMembers(tx).enrol(initiative: "trio-1", EnrolmentDraft(email: "bob@x.test"))
            let goal = try CoachingGoals(tx).add(
                email: "ada@x.test", CoachingGoalDraft(behaviour: "input_before_concluding"),
                today: CalendarDate("2026-01-10")!)
            try CoachingGoals(tx).observe(
                email: "ada@x.test", goal: goal.id, on: CalendarDate("2026-02-01")!, note: "ada-canary-note")
            try CoachingGoals(tx).addCoaching(
                email: "ada@x.test", kind: "coached", since: CalendarDate("2026-01-01")!, until: nil)
            try CoachingGoals(tx).add(
                email: "bob@x.test", CoachingGoalDraft(behaviour: "questions_before_advice"),
                today: CalendarDate("2026-01-10")!)
        }
        let export = try await radar("gdpr", "export", "ada@x.test", org: org.slug)
        #expect(export.exitCode == 0, "\(export.err)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(export.out.utf8)) as? [String: Any])
        let enrolled = try #require(document["initiatives_enrolled"] as? [[String: Any]])
        #expect(enrolled.map { $0["initiative_ref"] as? String } == ["trio-1"])
        #expect(enrolled.first?["role"] as? String == "owner")
        #expect(!export.out.contains("bob@x.test"))
        #expect(export.out.contains("ada-canary-note"))
        #expect((document["coaching_goals"] as? [[String: Any]])?.count == 1)
        #expect((document["coaching_periods"] as? [[String: Any]])?.first?["kind"] as? String == "coached")

        let erase = try await radar("gdpr", "erase", "ada@x.test", "--confirm", "--format", "csv", org: org.slug)
        #expect(erase.exitCode == 0, "\(erase.err)")
        #expect(erase.out.contains("enrolments,1"), "\(erase.out)")
        #expect(erase.out.contains("coaching goals,1"), "\(erase.out)")
        #expect(erase.out.contains("coaching periods,1"), "\(erase.out)")
        let left = try await database.inOrganisation(org.slug, actor: "test") { tx in
            (
                try CoachingGoals(tx).goals().map(\.email),
                try tx.connection.queryRow("SELECT count(*) AS n FROM coaching_observations")!.decode("n", as: Int.self)
            )
        }
        #expect(left.0 == ["bob@x.test"])
        #expect(left.1 == 0)
        let members = try await database.inOrganisation(org.slug, actor: "test") { tx in
            try InitiativeMembers(tx).members(of: try Initiatives(tx).find(ref: "trio-1")).map(\.email)
        }
        #expect(members == ["bob@x.test"])
    }

    @Test func anExportListsThePersonsPeerGroupsAndPartnershipsAndErasureRemovesThem() async throws {
        let org = try await TestDatabase.newOrganisation("gdpr-peer")
        let database = try await TestDatabase.shared()
        try await database.inOrganisation(org.slug, actor: "test") { tx in
            for (name, email) in [("Ada Lovelace", "ada@x.test"), ("Bob Babbage", "bob@x.test")] {
                try Stakeholders(tx).add(StakeholderDraft(name: name, email: email, tier: "top_team"))
            }
            try Initiatives(tx).add(
                InitiativeDraft(
                    ref: "peer-1", title: "Peer coaching", kind: "peer_coaching", startsOn: CalendarDate("2026-01-05")))
            try PeerGroups(tx).add(
                initiative: "peer-1",
                PeerGroupDraft(name: "Pair one", members: ["ada@x.test", "bob@x.test"], rhythmDays: 14),
                today: CalendarDate("2026-01-12")!)
            try Commitments(tx).add(
                CommitmentDraft(
                    ownerEmail: "bob@x.test", description: "Ask first", madeOn: CalendarDate("2026-01-20"),
                    partnerEmail: "ada@x.test"))
            try LeaderCases(tx).record(
                email: "ada@x.test", LeaderCaseDraft(aspect: "personal_gain", words: "ada-case-canary"),
                today: CalendarDate("2026-01-21")!)
            try Narratives(tx).logTension(
                statedValue: "We trust people", rewardedBehaviour: "Sign-offs for everything", raisedBy: "ada@x.test",
                raisedOn: CalendarDate("2026-01-22")!)
            try Benefits(tx).add(
                initiative: "peer-1", measure: "Pairs meeting", baseline: 0, on: CalendarDate("2026-01-05")!)
            try Benefits(tx).read(
                initiative: "peer-1", measure: "Pairs meeting", value: 1, on: CalendarDate("2026-02-05")!,
                seenBy: ["ada@x.test", "bob@x.test"])
        }
        let export = try await radar("gdpr", "export", "ada@x.test", org: org.slug)
        #expect(export.exitCode == 0, "\(export.err)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(export.out.utf8)) as? [String: Any])
        #expect((document["peer_groups"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Pair one"])
        #expect((document["accountability_partner_of"] as? [[String: Any]])?.count == 1)
        #expect(!export.out.contains("bob@x.test"))
        #expect(!export.out.contains("Ask first"))
        #expect((document["leader_case"] as? [[String: Any]])?.first?["in_their_words"] as? String == "ada-case-canary")
        #expect(
            (document["tensions_raised"] as? [[String: Any]])?.first?["stated_value"] as? String == "We trust people")
        #expect(
            (document["benefit_readings_seen"] as? [[String: Any]])?.first?["measure"] as? String == "Pairs meeting")

        let erase = try await radar("gdpr", "erase", "ada@x.test", "--confirm", "--format", "csv", org: org.slug)
        #expect(erase.exitCode == 0, "\(erase.err)")
        #expect(erase.out.contains("peer group places,1"), "\(erase.out)")
        #expect(erase.out.contains("accountability partnerships,1"), "\(erase.out)")
        #expect(erase.out.contains("leader's case notes,1"), "\(erase.out)")
        #expect(erase.out.contains("benefit readings seen,1"), "\(erase.out)")
        #expect(erase.out.contains("tensions raised,1"), "\(erase.out)")
        let (groups, partners) = try await database.inOrganisation(org.slug, actor: "test") { tx in
            (
                try PeerGroups(tx).groups(asOf: .now).map { $0.members.map(\.email) },
                try Commitments(tx).list().map(\.partnerEmail)
            )
        }
        #expect(groups == [["bob@x.test"]])
        let notes = try await database.inOrganisation(org.slug, actor: "test") { try LeaderCases($0).notes() }
        #expect(notes.isEmpty)
        let (raisedBy, seenBy) = try await database.inOrganisation(org.slug, actor: "test") { tx in
            (try Narratives(tx).tensions().map(\.raisedBy), try Benefits(tx).benefits()[0].readings[0].seenBy)
        }
        #expect(raisedBy == [nil])
        #expect(seenBy == ["bob@x.test"])
        #expect(partners == [nil])
    }
}

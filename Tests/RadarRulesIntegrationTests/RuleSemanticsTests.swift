import RadarTestSupport
import Foundation
import Postgres
import RadarCalendar
import RadarDomain
import RadarRules
import RadarStore
import Testing

/// What each rule means beyond its boundary day (issue 16): a leader's own rhythm, falls that hold until they
/// recover, misses that end when the person attends, asks told from updates, blank entries that prove nothing.
@Suite("Rule semantics")
struct RuleSemanticsTests {
    static let cara = "cara@x.test", dev = "dev@x.test", hana = "hana@x.test", chip = "chip@x.test"

    /// The facts of one stakeholder as of the check instant plus `days`.
    static func facts(
        _ scenario: RuleScenario, _ email: String, daysLater days: Int = 0
    ) async throws
        -> [String: FactValue]
    {
        let instant = RuleScenario.asOf.addingTimeInterval(Double(days) * 86400)
        return try await scenario.write { tx in
            try FactTable.load(.stakeholder, asOf: instant, in: tx).subjects.first { $0.key == email }?.facts ?? [:]
        }
    }

    @Test func aLeaderMetWeeklyIsDriftingAfterThreeWeeksOfSilence() async throws {
        let scenario = try await RuleScenario.make("weekly")
        for days in stride(from: 91, through: 21, by: -7) { try await scenario.converse(days, with: [Self.cara]) }
        let facts = try await Self.facts(scenario, Self.cara)
        #expect(facts["usual_interval_days"] == .number(7))
        // One and a half weeks is under the floor of 14 days, so 14 days are allowed: 21 is 7 too many.
        #expect(facts["silence_allowed_days"] == .number(14))
        #expect(facts["days_overdue"] == .number(7))
        #expect(try await scenario.flagged("silent-leader").contains(Self.cara))
    }

    @Test func aLeaderMetEveryFourWeeksIsNotDriftingAtDayTwentySix() async throws {
        let scenario = try await RuleScenario.make("monthly")
        for days in stride(from: 166, through: 26, by: -28) { try await scenario.converse(days, with: [Self.cara]) }
        let facts = try await Self.facts(scenario, Self.cara)
        #expect(facts["usual_interval_days"] == .number(28))
        #expect(facts["silence_allowed_days"] == .number(42))
        #expect(facts["days_overdue"] == .number(0))
        #expect(facts["next_contact_due"] == .text(scenario.day(16).description))
        #expect(!(try await scenario.flagged("silent-leader")).contains(Self.cara))
        // Past one and a half of her intervals she is.
        #expect(try await scenario.flagged("silent-leader", daysLater: 17).contains(Self.cara))
        // And even a wide rhythm stops at the ceiling an admin sets.
        _ = try await scenario.write { try SilenceBounds.set(floorDays: nil, ceilingDays: 30, in: $0) }
        #expect(try await scenario.flagged("silent-leader", daysLater: 5).contains(Self.cara))
    }

    @Test func aMeetingWaitingInTheCalendarQueueIsContactUnlessDeclinedOrTheOrganisationSaysNot() async throws {
        let scenario = try await RuleScenario.make("pending-contact")
        for days in stride(from: 91, through: 35, by: -7) { try await scenario.converse(days, with: [Self.cara]) }
        #expect(try await scenario.flagged("silent-leader").contains(Self.cara))
        // A one-to-one four days ago came in from a calendar two days ago and waits for HR; Dev declined his.
        let start = RuleScenario.asOf.addingTimeInterval(-4 * 86400)
        func meeting(_ uid: String, _ email: String, _ reply: CalendarReply) -> CalendarMeeting {
            CalendarMeeting(
                uid: uid, summary: "Catch-up", start: start, end: start.addingTimeInterval(1800),
                organiser: CalendarPerson(email: Self.hana, reply: .accepted),
                attendees: [CalendarPerson(email: Self.hana, reply: .accepted), CalendarPerson(email: email, reply: reply)])
        }
        let meetings = [meeting("one-to-one-cara", Self.cara, .noAnswer), meeting("one-to-one-dev", Self.dev, .declined)]
        try await scenario.write { tx in
            _ = try CalendarDrafts(tx).take(meetings, from: .file)
            try tx.connection.execute(
                "UPDATE calendar_drafts SET created_at = $1", [RuleScenario.asOf.addingTimeInterval(-2 * 86400)])
        }
        let facts = try await Self.facts(scenario, Self.cara)
        #expect(facts["days_since_contact"] == .number(4))
        #expect(!(try await scenario.flagged("silent-leader")).contains(Self.cara))
        #expect(try await Self.facts(scenario, Self.dev)["last_contact_on"] != .text(scenario.day(-4).description))
        // Three days ago the meeting had not reached the queue: the check as of then is unchanged.
        #expect(try await scenario.flagged("silent-leader", daysLater: -3).contains(Self.cara))
        // An organisation that counts only what HR confirmed sees the silence again.
        _ = try await scenario.write {
            try SilenceBounds.set(floorDays: nil, ceilingDays: nil, pendingMeetingsCount: false, in: $0)
        }
        #expect(try await scenario.flagged("silent-leader").contains(Self.cara))
    }

    @Test func aLeaderWhoseGapsKeepGrowingIsSeenSlowingBeforeAnyAverageNotices() async throws {
        let scenario = try await RuleScenario.make("slowing")
        // Weekly for ten weeks, then each gap longer than the last: 14, 19, then 27 days.
        for days in stride(from: 133, through: 70, by: -7) { try await scenario.converse(days, with: [Self.cara]) }
        for days in [56, 37, 10] { try await scenario.converse(days, with: [Self.cara]) }
        let facts = try await Self.facts(scenario, Self.cara)
        #expect(facts["recent_gaps"] == .text("14, 19, 27"))
        #expect(facts["rhythm_slowing"] == .bool(true))
        // Her half-year average (every ten days or so) still excuses ten days of silence.
        #expect(facts["days_overdue"] == .number(0))
        let finding = try #require(try await scenario.findings(rule: "slowing-rhythm").first { $0.subject == Self.cara })
        #expect(finding.message.contains("14, 19, 27 days"))
        // The next conversation a week later breaks the lengthening: it clears.
        try await scenario.converse(-7, with: [Self.cara])
        #expect(try await scenario.findings(daysLater: 8, rule: "slowing-rhythm").isEmpty)
    }

    @Test func aHolidayOrAReturnAfterSilenceIsOneJumpNotASlowingRhythm() async throws {
        let scenario = try await RuleScenario.make("jump")
        // Weekly, then one three-week gap (a holiday): 6, 8, 21 is a jump, not a steady lengthening.
        for days in [50, 43, 36, 29] { try await scenario.converse(days, with: [Self.cara]) }
        for days in [23, 15] { try await scenario.converse(days, with: [Self.cara]) }
        try await scenario.converse(-6, with: [Self.cara])
        let facts = try await Self.facts(scenario, Self.cara, daysLater: 6)
        #expect(facts["recent_gaps"] == .text("6, 8, 21"))
        #expect(facts["rhythm_slowing"] == .bool(false))
        // Near miss: gaps that grow steadily but stay under two weeks are an ordinary weekly wobble.
        for days in [60, 53, 47, 40] { try await scenario.converse(days, with: [Self.dev]) }
        for days in [32, 20] { try await scenario.converse(days, with: [Self.dev]) }
        let near = try await Self.facts(scenario, Self.dev)
        #expect(near["recent_gaps"] == .text("7, 8, 12"))
        #expect(near["rhythm_slowing"] == .bool(false))
        #expect(try await scenario.findings(daysLater: 6, rule: "slowing-rhythm").isEmpty)
    }

    @Test func theBoundsOfSilenceAreRefusedNamingTheFieldWhenTheyCross() async throws {
        let scenario = try await RuleScenario.make("bounds")
        await #expect(throws: ValidationFailure.self) {
            try await scenario.write { try SilenceBounds.set(floorDays: 70, ceilingDays: nil, in: $0) }
        }
        await #expect(throws: ValidationFailure.self) {
            try await scenario.write { try SilenceBounds.set(floorDays: 0, ceilingDays: nil, in: $0) }
        }
        let bounds = try await scenario.write { try SilenceBounds.read(in: $0) }
        #expect(bounds == .standard)
        let set = try await scenario.write { try SilenceBounds.set(floorDays: 10, ceilingDays: 45, in: $0) }
        #expect(set == SilenceBounds(floorDays: 10, ceilingDays: 45))
    }

    @Test func aFallInEngagementHoldsUntilAnObservationRecovers() async throws {
        let scenario = try await RuleScenario.make("fall")
        try await scenario.converse(100, with: [Self.cara], engagement: "supportive")
        try await scenario.converse(65, with: [Self.cara], engagement: "neutral")
        try await scenario.converse(20, with: [Self.cara], engagement: "neutral")
        // Sixty-five days after the fall and seen low again since: it still holds.
        let finding = try #require(try await scenario.findings(rule: "engagement-drop").first)
        #expect(finding.evidence["engagement_drop"] == .number(1))
        #expect(finding.message.contains("below the supportive seen on \(scenario.day(-100))"))
        #expect(try await scenario.flagged("engagement-drop", daysLater: 200).contains(Self.cara))
        // Seen supportive again: recovered.
        try await scenario.converse(-1, with: [Self.cara], engagement: "supportive")
        #expect(!(try await scenario.flagged("engagement-drop", daysLater: 1)).contains(Self.cara))
    }

    @Test func missedInvitationsKeepDelegationsAndNoShowsApart() async throws {
        let scenario = try await RuleScenario.make("missed")
        try await scenario.converse(50, with: [Self.dev, Self.hana])
        try await scenario.converse(30, "group", with: [Self.dev], attendance: "declined")
        try await scenario.converse(20, with: [Self.dev], attendance: "delegated")
        try await scenario.converse(10, with: [Self.dev], attendance: "no_show")
        let finding = try #require(try await scenario.findings(rule: "declining-invitations").first)
        #expect(finding.evidence["declined_since_attended"] == .number(1))
        #expect(finding.evidence["delegated_since_attended"] == .number(1))
        #expect(finding.evidence["no_shows_since_attended"] == .number(1))
        #expect(finding.message.hasSuffix("1 declined, 1 delegated, 1 did not turn up."))
    }

    @Test func aDeclinedGroupInvitationIsNotAGroupAsk() async throws {
        let scenario = try await RuleScenario.make("g06declined")
        try await scenario.converse(40, "workshop", with: [Self.chip], attendance: "declined")
        try await scenario.converse(20, with: [Self.chip, Self.hana])
        try await scenario.converse(10, "workshop", with: [Self.chip, Self.hana])
        #expect(!(try await scenario.flagged("group-before-individual")).contains(Self.chip))
    }

    @Test func groupAsksBeforeBeingNamedAChampionDoNotCountButTheFirstAfterDoes() async throws {
        let scenario = try await RuleScenario.make("g06named")
        try await scenario.write { tx in
            try Stakeholders(tx).add(.init(name: "Nia New", email: "nia@x.test", tier: "line_manager"))
        }
        // A workshop as an ordinary stakeholder, then named champion 50 days ago, then one to one.
        try await scenario.converse(60, "workshop", with: ["nia@x.test", Self.hana])
        try await scenario.change("nia@x.test", role: "champion", daysAgo: 50)
        try await scenario.converse(40, with: ["nia@x.test", Self.hana])
        try await scenario.converse(30, "workshop", with: ["nia@x.test", Self.hana])
        #expect(!(try await scenario.flagged("group-before-individual")).contains("nia@x.test"))

        // Someone met one to one long before being named, but asked in a group first afterwards.
        try await scenario.write { tx in
            try Stakeholders(tx).add(.init(name: "Ola Other", email: "ola@x.test", tier: "line_manager"))
        }
        try await scenario.converse(70, with: ["ola@x.test", Self.hana])
        try await scenario.change("ola@x.test", role: "potential_champion", daysAgo: 50)
        try await scenario.converse(30, "group", with: ["ola@x.test", Self.hana])
        let finding = try #require(
            try await scenario.findings(rule: "group-before-individual").first { $0.subject == "ola@x.test" })
        #expect(finding.message.contains("asked in a group on \(scenario.day(-30))"))
        // A one-to-one without G06 does not put it right; one touching G06 does.
        try await scenario.converse(10, with: ["ola@x.test", Self.hana])
        #expect(try await scenario.flagged("group-before-individual").contains("ola@x.test"))
        try await scenario.converse(5, with: ["ola@x.test", Self.hana], guidelines: ["G06"])
        #expect(!(try await scenario.flagged("group-before-individual")).contains("ola@x.test"))
    }

    @Test func anUpdateToTheTopTeamIsNotJudgedAsAnAsk() async throws {
        let scenario = try await RuleScenario.make("update")
        try await scenario.converse(
            10, "presentation", with: [Self.cara, Self.dev, Self.hana], purpose: "update")
        #expect(try await scenario.flagged("hr-before-champions").isEmpty)
        #expect(try await scenario.flagged("timing-unsounded").isEmpty)
        try await scenario.converse(5, "presentation", with: [Self.cara, Self.dev, Self.hana], purpose: "ask")
        #expect(try await scenario.flagged("hr-before-champions").count == 1)
        #expect(try await scenario.flagged("timing-unsounded").count == 1)
    }

    @Test func anHRGroupAskCountsAndSoDoesAnHRDirectorOnTheTopTeam() async throws {
        let scenario = try await RuleScenario.make("hrgroup")
        try await scenario.converse(10, "group", with: [Self.cara, Self.dev, Self.hana], purpose: "ask")
        #expect(try await scenario.flagged("hr-before-champions").count == 1)

        let director = try await RuleScenario.make("hrdirector")
        try await director.write { tx in
            try Stakeholders(tx).add(
                .init(name: "Pat People", email: "pat@x.test", tier: "top_team", function: "Human Resources"))
        }
        try await director.converse(10, "presentation", by: "pat@x.test", with: [Self.cara, Self.dev, "pat@x.test"])
        #expect(try await director.flagged("hr-before-champions").count == 1)
        // A top-team member from finance asking the same is not HR presenting.
        let finance = try await RuleScenario.make("finance")
        try await finance.converse(10, "presentation", by: Self.dev, with: [Self.cara, Self.dev])
        #expect(try await finance.flagged("hr-before-champions").isEmpty)
    }

    @Test func aPriorityWithNoHowAndNoEndorserIsNoBusinessCase() async throws {
        let scenario = try await RuleScenario.make("blankpriority")
        let today = scenario.day(0)
        _ = try await scenario.write { tx in
            try Priorities(tx).add(
                priority: "Faster close", function: "finance", howCoachingHelps: "  ", endorsedBy: nil,
                recordedOn: today)
        }
        #expect(try await scenario.flagged("no-business-case").contains(Self.dev))
    }

    @Test func aTopTeamMemberWithNoFunctionIsFlaggedForIt() async throws {
        let scenario = try await RuleScenario.make("nofunction")
        try await scenario.write { tx in
            try Stakeholders(tx).add(.init(name: "Nell Nofunction", email: "nell@x.test", tier: "top_team"))
        }
        let finding = try #require(
            try await scenario.findings(rule: "no-business-case").first { $0.subject == "nell@x.test" })
        #expect(finding.message.hasPrefix("For Nell Nofunction, no function is recorded for them"))
    }

    @Test(arguments: [
        ("open-ended running", -10, nil as Int?, "running"),
        ("planned but overdue", -3, 30 as Int?, "planned"),
    ])
    func anInitiativeThatSaysNothingAboutWhatIsAheadDoesNotSilenceTheProgrammeGap(
        label: String, starts: Int, ends: Int?, status: String
    ) async throws {
        let scenario = try await RuleScenario.make("gap")
        try await scenario.initiative("loose", "peer_coaching", startsInDays: starts, endsInDays: ends, status: status)
        #expect(try await scenario.flagged("programme-gap").count == 1, "\(label)")
        try await scenario.initiative("real", "peer_coaching", startsInDays: -10, endsInDays: 20, status: "running")
        #expect(try await scenario.flagged("programme-gap").isEmpty)
    }

    @Test func aFearIsStaleWhenNobodyUpdatedItForThirtyDaysNotWhenItIsOld() async throws {
        let scenario = try await RuleScenario.make("stale")
        let fear = try await scenario.fear(Self.cara, raisedDaysAgo: 100)
        let updated = scenario.day(-10)
        _ = try await scenario.write { tx in
            try Fears(tx).update(
                fear.uuidString, expectedVersion: nil, status: "addressing", mitigation: "Talked it through",
                on: updated)
        }
        let facts = try await Self.facts(scenario, Self.cara)
        #expect(facts["oldest_open_fear_days"] == .number(100))
        #expect(facts["stalest_fear_days"] == .number(10))
        #expect(!(try await scenario.flagged("stale-fear")).contains(Self.cara))
        #expect(try await scenario.flagged("stale-fear", daysLater: 21).contains(Self.cara))
        // Before the update, as the record stood then, it was stale.
        #expect(try await scenario.flagged("stale-fear", daysLater: -11).contains(Self.cara))
    }
}

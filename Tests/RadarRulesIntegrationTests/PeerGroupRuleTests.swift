import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore
import Testing

/// A peer-coaching initiative in a `RuleScenario`, and pairs formed in it.
extension RuleScenario {
    static let triosRef = "trios"

    /// A running peer-coaching initiative that started a year before the check instant.
    func addPeerCoaching() async throws {
        try await initiative(Self.triosRef, "peer_coaching", startsInDays: -365, status: "running")
    }

    /// Forms the pair `name` of Cara and Dev (or `members`) from `days` before the check instant.
    func pair(
        _ name: String = "Cara and Dev", members: [String] = ["cara@x.test", "dev@x.test"], startedDaysAgo days: Int,
        rhythm: Int = 30
    ) async throws {
        let startsOn = day(-days)
        try await write { tx in
            try PeerGroups(tx).add(
                initiative: Self.triosRef,
                PeerGroupDraft(name: name, members: members, startsOn: startsOn, rhythmDays: rhythm), today: startsOn)
        }
    }

    /// Records a session of the peer-coaching initiative `days` before the check instant, attended by `came`.
    func peerMeeting(_ days: Int, came: [String]) async throws {
        let at = Self.asOf.addingTimeInterval(-Double(days) * 86400)
        try await write { tx in
            try Conversations(tx).record(
                ConversationDraft(
                    occurredAt: at, kind: "one_to_one", initiatedBy: came[0],
                    participants: came.map { .init(email: $0) }, initiative: Self.triosRef),
                now: max(at, Self.asOf))
        }
    }
}

@Suite("Peer-coaching rules: initiatives with nobody paired, pairs that stopped meeting")
struct PeerGroupRuleTests {
    @Test func aPeerCoachingInitiativeWithNoPairIsFlaggedUntilAPairStartsAndOnlyFromItsFirstDay() async throws {
        let scenario = try await RuleScenario.make("peer-unpaired")
        try await scenario.addPeerCoaching()
        #expect(try await scenario.flagged("peer-coaching-unpaired") == [RuleScenario.triosRef])
        // Starting tomorrow: as of the check instant nobody is paired yet; a day later they are.
        try await scenario.pair(startedDaysAgo: -1)
        #expect(try await scenario.flagged("peer-coaching-unpaired") == [RuleScenario.triosRef])
        #expect(try await scenario.flagged("peer-coaching-unpaired", daysLater: 1).isEmpty)
    }

    @Test func aPairThatEndedLeavesTheInitiativeUnpairedFromTheDayAfter() async throws {
        let scenario = try await RuleScenario.make("peer-ended")
        try await scenario.addPeerCoaching()
        try await scenario.pair(startedDaysAgo: 20)
        let ends = scenario.day(0)
        try await scenario.write { tx in
            let groups = PeerGroups(tx)
            try groups.end(id: try groups.find(initiative: RuleScenario.triosRef, name: "Cara and Dev"), on: ends)
        }
        #expect(try await scenario.flagged("peer-coaching-unpaired").isEmpty)
        #expect(try await scenario.flagged("peer-coaching-unpaired", daysLater: 1) == [RuleScenario.triosRef])
    }

    @Test(arguments: [("training", false), ("peer_coaching", true)])
    func onlyPeerCoachingIsAskedForPairs(kind: String, fires: Bool) async throws {
        let scenario = try await RuleScenario.make("peer-kind-\(kind.prefix(4))")
        try await scenario.initiative("other", kind, startsInDays: -10, status: "running")
        #expect(try await scenario.flagged("peer-coaching-unpaired").contains("other") == fires)
    }

    @Test(arguments: [(45, true), (44, false)])
    func aPairSilentPastItsRhythmPlusFourteenDaysIsFlagged(daysSince: Int, fires: Bool) async throws {
        let scenario = try await RuleScenario.make("peer-gap-\(daysSince)")
        try await scenario.addPeerCoaching()
        try await scenario.pair(startedDaysAgo: 200)
        try await scenario.peerMeeting(daysSince, came: ["cara@x.test", "dev@x.test"])
        let found = try await scenario.findings(rule: "peer-group-stalled")
        #expect(found.map(\.subject) == (fires ? [RuleScenario.triosRef] : []))
        if fires {
            #expect(found[0].severity == .low)
            #expect(
                found[0].message
                    == "Cara and Dev in trios has gone 45 days without meeting; it agreed to meet every 30 days.")
        }
    }

    @Test func aMeetingOfOnlyOneMemberIsNotAMeetingOfThePair() async throws {
        let scenario = try await RuleScenario.make("peer-alone")
        try await scenario.addPeerCoaching()
        try await scenario.pair(startedDaysAgo: 200)
        try await scenario.peerMeeting(100, came: ["cara@x.test", "dev@x.test"])
        try await scenario.peerMeeting(5, came: ["cara@x.test", "hana@x.test"])
        #expect(try await scenario.flagged("peer-group-stalled") == [RuleScenario.triosRef])
        let groups = try await scenario.write {
            try PeerGroups($0).groups(initiative: RuleScenario.triosRef, asOf: RuleScenario.asOf)
        }
        #expect(groups.map(\.lastMetOn) == [scenario.day(-100)])
    }

    @Test func aLongSilenceEscalatesAndAMeetingClearsItOnlyFromItsDayOn() async throws {
        let scenario = try await RuleScenario.make("peer-clear")
        try await scenario.addPeerCoaching()
        try await scenario.pair(startedDaysAgo: 200, rhythm: 14)
        #expect(try await scenario.findings(rule: "peer-group-stalled").map(\.severity) == [.medium])
        try await scenario.peerMeeting(-2, came: ["cara@x.test", "dev@x.test"])
        // The meeting is two days after the check instant: the pair was still silent then, and is not from then on.
        #expect(try await scenario.flagged("peer-group-stalled") == [RuleScenario.triosRef])
        #expect(try await scenario.flagged("peer-group-stalled", daysLater: 2).isEmpty)
    }

    @Test func theGroupFurthestPastItsRhythmIsNamed() async throws {
        let scenario = try await RuleScenario.make("peer-worst")
        try await scenario.addPeerCoaching()
        try await scenario.pair(startedDaysAgo: 50, rhythm: 30)
        try await scenario.pair(
            "Trio", members: ["cara@x.test", "chip@x.test", "hana@x.test"], startedDaysAgo: 80, rhythm: 20)
        let found = try #require(try await scenario.findings(rule: "peer-group-stalled").first)
        #expect(found.message == "Trio in trios has gone 80 days without meeting; it agreed to meet every 20 days.")
        #expect(found.evidence["peer_group_days_over_rhythm"] == .number(60))
    }

    @Test func aPairNeedsTwoOrThreeKnownPeopleInAPeerCoachingInitiative() async throws {
        let scenario = try await RuleScenario.make("peer-invalid")
        try await scenario.addPeerCoaching()
        try await scenario.initiative("course", "training", startsInDays: -10)
        let today = scenario.day(0)
        for (ref, members, field) in [
            (RuleScenario.triosRef, ["cara@x.test"], "members"),
            (RuleScenario.triosRef, ["cara@x.test", "dev@x.test", "hana@x.test", "chip@x.test"], "members"),
            (RuleScenario.triosRef, ["cara@x.test", "nobody@x.test"], "members[1]"),
            ("course", ["cara@x.test", "dev@x.test"], "initiative"),
        ] {
            let error = await #expect(throws: ValidationFailure.self) {
                try await scenario.write { tx in
                    try PeerGroups(tx).add(
                        initiative: ref, PeerGroupDraft(name: "P", members: members, rhythmDays: 30), today: today)
                }
            }
            #expect(error?.problems.map(\.field.description).contains(field) == true, "\(members)")
        }
        try await scenario.pair(startedDaysAgo: 1)
        await #expect(throws: ValidationFailure.self) { try await scenario.pair(startedDaysAgo: 1) }
    }
}

import RadarTestSupport
import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore
import Testing

/// One default rule told three ways: history that makes it fire, the boundary day that must stay quiet, and the
/// activity after which it stops firing. All days count back from `RuleScenario.asOf` (Friday 13 March 2026).
struct RuleCase: Sendable, CustomTestStringConvertible {
    typealias Story = @Sendable (RuleScenario) async throws -> Void

    var rule: String
    /// The flagged subject's key, or nil for "any subject" (the organisation, or the one conversation).
    var subject: String?
    var fires: Story
    var nearMiss: Story
    var activity: Story
    /// How many days after the check instant the rule is checked again once `activity` has happened.
    var checkedAgainAfter = 0

    var testDescription: String { rule }

    func holds(in scenario: RuleScenario, daysLater days: Int = 0) async throws -> Bool {
        let flagged = try await scenario.flagged(rule, daysLater: days)
        return subject.map(flagged.contains) ?? !flagged.isEmpty
    }
}

/// Every rule of the default catalogue, with its boundary spelled out.
enum Catalogue {
    static let cara = "cara@x.test", dev = "dev@x.test", hana = "hana@x.test", chip = "chip@x.test"

    static let cases: [RuleCase] = [
        RuleCase(
            rule: "silent-leader", subject: cara,
            fires: { try await $0.converse(31, with: [cara, hana]) },
            nearMiss: { try await $0.converse(30, with: [cara, hana]) },
            activity: { try await $0.converse(0, with: [cara, hana]) }),
        RuleCase(
            rule: "fading-contact", subject: cara,
            // Six contacts in the 90 days before the last 30 make a usual two a month; none since.
            fires: { s in for days in [35, 45, 55, 65, 75, 119] { try await s.converse(days, with: [cara, hana]) } },
            // Day 120 is outside the 90-day baseline, so the usual rate is under two a month.
            nearMiss: { s in for days in [35, 45, 55, 65, 75, 120] { try await s.converse(days, with: [cara, hana]) } },
            // One contact is still half the usual two (migration 025): the rhythm returns with the second.
            activity: { s in for days in [10, 0] { try await s.converse(days, with: [cara, hana]) } }),
        RuleCase(
            rule: "slowing-rhythm", subject: cara,
            // Gaps of 8, 12 and 15 days: each longer, the last nearly twice the first.
            fires: { s in for days in [44, 36, 24, 9] { try await s.converse(days, with: [cara, hana]) } },
            // 8, 12 and 14: the last is under 1.8 times the first.
            nearMiss: { s in for days in [44, 36, 24, 10] { try await s.converse(days, with: [cara, hana]) } },
            // A conversation nine days after the last is a shorter gap: the lengthening is broken.
            activity: { try await $0.converse(0, with: [cara, hana]) }),
        RuleCase(
            rule: "champion-unbacked", subject: chip,
            // Chip, now a potential champion, reports to Nora, who is only neutral about the programme.
            fires: { s in
                try await s.person("Nora Neutral", "nora@x.test", tier: "senior_leader", engagement: "neutral")
                try await s.change(chip, role: "potential_champion", daysAgo: 10)
                try await s.link(chip, "reports_to", "nora@x.test", daysAgo: 10)
            },
            // The one Chip listens to is Dev, who is supportive.
            nearMiss: { s in
                try await s.change(chip, role: "potential_champion", daysAgo: 10)
                try await s.link(chip, "listens_to", dev, daysAgo: 10)
            },
            // Nora comes on board.
            activity: { try await $0.change("nora@x.test", engagement: "supportive", daysAgo: 0) }),
        RuleCase(
            rule: "cascade-mixed-signal", subject: dev,
            // A finance manager is a champion while Dev, who leads finance, is resistant.
            fires: { s in
                try await s.person("Mo Manager", "mo@x.test", tier: "line_manager", role: "champion", function: "Finance")
                try await s.change(dev, engagement: "resistant", daysAgo: 5)
            },
            // The champion manager works in sales, not in Dev's function.
            nearMiss: { s in
                try await s.person("Mo Manager", "mo@x.test", tier: "line_manager", role: "champion", function: "sales")
                try await s.change(dev, engagement: "resistant", daysAgo: 5)
            },
            // Dev is won over.
            activity: { try await $0.change(dev, engagement: "supportive", daysAgo: 0) }),
        RuleCase(
            rule: "engagement-drop", subject: cara,
            fires: { s in
                try await s.converse(60, with: [cara], engagement: "supportive")
                try await s.converse(5, with: [cara], engagement: "neutral")
            },
            // Seen lower before and higher since: a rise, not a fall.
            nearMiss: { s in
                try await s.converse(60, with: [cara], engagement: "neutral")
                try await s.converse(5, with: [cara], engagement: "supportive")
            },
            // Seen back at the earlier level: recovered.
            activity: { try await $0.converse(0, with: [cara], engagement: "supportive") }),
        RuleCase(
            rule: "declining-invitations", subject: dev,
            fires: { s in
                try await s.converse(59, "group", with: [dev], attendance: "declined")
                try await s.converse(10, with: [dev], attendance: "delegated")
            },
            nearMiss: { s in
                try await s.converse(60, "group", with: [dev], attendance: "declined")
                try await s.converse(10, with: [dev], attendance: "delegated")
            },
            // Attending again ends it at once, though both misses are still within the 60 days.
            activity: { try await $0.converse(0, with: [dev, hana]) }),
        RuleCase(
            rule: "score-decline", subject: cara,
            // Met every week, seen one step less engaged each of the last three weeks: 18.75 points down, computed
            // from the record alone (no snapshot was ever taken).
            fires: { s in
                for days in stride(from: 92, through: 29, by: -7) {
                    try await s.converse(days, with: [cara], engagement: "leading")
                }
                for (days, level) in [(22, "leading"), (15, "supportive"), (8, "neutral"), (1, "resistant")] {
                    try await s.converse(days, with: [cara], engagement: .text(level))
                }
            },
            // Met every four weeks, last 25 days ago: the raw score has fallen three weeks running as the last
            // meeting recedes (the saw-tooth), but within her own rhythm nothing has fallen.
            nearMiss: { s in
                for days in stride(from: 165, through: 25, by: -28) {
                    try await s.converse(days, with: [cara], engagement: "supportive")
                }
            },
            // Seen supportive again today: the score rises this week.
            activity: { try await $0.converse(0, with: [cara], engagement: "supportive") }),
        RuleCase(
            rule: "programme-gap", subject: nil,
            fires: { _ in },
            nearMiss: { try await $0.initiative("trios", "peer_coaching", startsInDays: 42) },
            activity: { try await $0.initiative("trios", "peer_coaching", startsInDays: 10) }),
        RuleCase(
            rule: "fears-not-asked", subject: cara,
            fires: { s in
                try await s.converse(179, with: [cara, hana])
                try await s.converse(10, with: [cara, hana])
            },
            nearMiss: { s in
                try await s.converse(180, with: [cara, hana])
                try await s.converse(10, with: [cara, hana])
            },
            activity: { try await $0.converse(0, with: [cara, hana], guidelines: ["G07"]) }),
        RuleCase(
            rule: "stale-fear", subject: cara,
            fires: { try await $0.fear(cara, raisedDaysAgo: 31) },
            nearMiss: { try await $0.fear(cara, raisedDaysAgo: 30) },
            activity: { s in
                let today = s.day(0)
                _ = try await s.write { tx in
                    let fear = try #require(try Fears(tx).list(Fears.Filter(email: cara)).first)
                    return try Fears(tx).update(
                        fear.id.uuidString, expectedVersion: nil, status: "resolved",
                        resolvedOn: today)
                }
            }),
        RuleCase(
            rule: "group-before-individual", subject: chip,
            fires: { s in
                try await s.converse(40, "workshop", with: [chip, hana])
                try await s.converse(20, with: [chip, hana])
            },
            // The same day, but the one-to-one came an hour before the workshop.
            nearMiss: { s in
                try await s.converse(at: RuleScenario.asOf.addingTimeInterval(-40 * 86400 - 3600), with: [chip, hana])
                try await s.converse(40, "workshop", with: [chip, hana])
            },
            // A one-to-one that goes back to their own experience of coaching (G06) puts it right.
            activity: { try await $0.converse(0, with: [chip, hana], guidelines: ["G06"]) }),
        RuleCase(
            rule: "hr-before-champions", subject: nil,
            fires: { s in
                try await s.converse(71, by: chip, with: [cara, chip])
                try await s.converse(10, "presentation", with: [cara, dev, hana])
            },
            // Sixty days before the presentation still counts as "the 60 days before".
            nearMiss: { s in
                try await s.converse(70, by: chip, with: [cara, chip])
                try await s.converse(10, "presentation", with: [cara, dev, hana])
            },
            activity: { try await $0.converse(20, by: chip, with: [dev, chip]) }),
        RuleCase(
            rule: "timing-unsounded", subject: nil,
            fires: { s in
                try await s.converse(41, with: [cara, hana])
                try await s.converse(10, "presentation", with: [cara, dev, hana])
            },
            // Thirty days before still counts, and one of the two top-team members is half of them.
            nearMiss: { s in
                try await s.converse(40, with: [cara, hana])
                try await s.converse(10, "presentation", with: [cara, dev, hana])
            },
            activity: { try await $0.converse(15, with: [dev, hana]) }),
        RuleCase(
            rule: "pilot-without-evidence", subject: "pilot-1",
            fires: {
                try await $0.initiative("pilot-1", "pilot", startsInDays: -60, endsInDays: -15, status: "running")
            },
            nearMiss: {
                try await $0.initiative("pilot-1", "pilot", startsInDays: -60, endsInDays: -14, status: "running")
            },
            activity: { s in
                let today = s.day(0)
                _ = try await s.write { tx in
                    try Initiatives(tx).complete(ref: "pilot-1", outcome: "Fewer escalations", evidence: nil, on: today)
                }
            }),
        RuleCase(
            rule: "training-only", subject: nil,
            fires: {
                try await $0.initiative("course", "training", startsInDays: -364, endsInDays: -363, status: "done")
            },
            // A course started exactly a year (365 days) ago is no longer in the last twelve months.
            nearMiss: {
                try await $0.initiative("course", "training", startsInDays: -365, endsInDays: -364, status: "done")
            },
            activity: { try await $0.initiative("trios", "peer_coaching", startsInDays: 0, status: "running") }),
        RuleCase(
            rule: "no-business-case", subject: dev,
            fires: { s in
                let tomorrow = s.day(1)
                _ = try await s.write { tx in
                    try Priorities(tx).add(
                        priority: "Cut costs", function: "finance", howCoachingHelps: "Leaner meetings",
                        endorsedBy: dev, recordedOn: tomorrow)
                }
            },
            // Recorded on the check day itself, and in another case: the link holds already.
            nearMiss: { s in
                let today = s.day(0)
                _ = try await s.write { tx in
                    try Priorities(tx).add(
                        priority: "Cut costs", function: "Finance", howCoachingHelps: "Leaner meetings",
                        endorsedBy: dev, recordedOn: today)
                }
            },
            activity: { s in
                let today = s.day(0)
                _ = try await s.write { tx in
                    try Priorities(tx).add(
                        priority: "Faster close", function: "finance", howCoachingHelps: "Shorter reviews",
                        endorsedBy: dev, recordedOn: today)
                }
            }),
        RuleCase(
            rule: "narrative-gaps", subject: cara,
            fires: { s in for days in [179, 20, 10] { try await s.converse(days, with: [cara, hana]) } },
            nearMiss: { s in for days in [180, 20, 10] { try await s.converse(days, with: [cara, hana]) } },
            activity: { try await $0.converse(0, with: [cara, hana], guidelines: ["G02", "G03", "G04", "G05"]) }),
        RuleCase(
            rule: "engagement-gap", subject: cara,
            // Cara is wanted leading; neutral is two steps short, supportive (as she starts) only one.
            fires: { try await $0.assess(cara, engagement: "neutral") },
            nearMiss: { try await $0.assess(cara, engagement: "supportive") },
            activity: { try await $0.assess(cara, engagement: "supportive") }),
        RuleCase(
            rule: "hr-owns-it", subject: nil,
            fires: { s in for owner in [hana, hana, cara] { try await s.commitment(owner, dueInDays: 10) } },
            // Exactly 60% is not "more than 60%".
            nearMiss: { s in
                for owner in [hana, hana, hana, cara, dev] { try await s.commitment(owner, dueInDays: 10) }
            },
            activity: { s in
                let today = s.day(0)
                _ = try await s.write { tx in
                    let first = try #require(try Commitments(tx).list().first { $0.ownerEmail == hana })
                    return try Commitments(tx).markDone(first.id.uuidString, on: today)
                }
            }),
        RuleCase(
            rule: "leader-commitment-overdue", subject: dev,
            fires: { try await $0.commitment(dev, dueInDays: -15) },
            nearMiss: { try await $0.commitment(dev, dueInDays: -14) },
            activity: { s in
                let today = s.day(0)
                _ = try await s.write { tx in
                    let mine = try #require(try Commitments(tx).list().first { $0.ownerEmail == dev })
                    return try Commitments(tx).markDone(mine.id.uuidString, on: today)
                }
            }),
        RuleCase(
            rule: "group-stopped-meeting", subject: RuleScenario.setRef,
            fires: { s in
                try await s.addSet()
                try await s.session(75, came: [cara, dev])
            },
            nearMiss: { s in
                try await s.addSet()
                try await s.session(74, came: [cara, dev])
            },
            activity: { try await $0.session(0, came: [cara]) }),
        RuleCase(
            rule: "member-missing-sessions", subject: dev,
            fires: { s in
                try await s.addSet()
                for days in [30, 15] { try await s.session(days, came: [cara], missed: [dev]) }
            },
            nearMiss: { s in
                try await s.addSet()
                try await s.session(30, came: [cara, dev])
                try await s.session(15, came: [cara], missed: [dev])
            },
            activity: { try await $0.session(0, came: [cara, dev]) }),
        RuleCase(
            rule: "leader-without-coaching-goal", subject: dev,
            fires: { _ in },
            nearMiss: { try await $0.goal(dev, setDaysAgo: 0) },
            activity: { try await $0.goal(dev, setDaysAgo: 0) }),
        RuleCase(
            rule: "coaching-goal-stale", subject: cara,
            fires: { try await $0.goal(cara, setDaysAgo: 181) },
            nearMiss: { try await $0.goal(cara, setDaysAgo: 180) },
            activity: { s in
                let goal = try #require(try await s.write { try CoachingGoals($0).goals(email: cara).first?.id })
                try await s.observe(cara, goal: goal, daysAgo: 0)
            }),
        RuleCase(
            rule: "sponsor-not-coached", subject: cara,
            fires: { _ in },
            nearMiss: { s in
                let since = s.day(0)
                try await s.write { tx in
                    try CoachingGoals(tx).addCoaching(email: cara, kind: "peer_coached", since: since, until: nil)
                }
            },
            activity: { s in
                let since = s.day(0)
                try await s.write { tx in
                    try CoachingGoals(tx).addCoaching(email: cara, kind: "coached", since: since, until: nil)
                }
            }),
        RuleCase(
            rule: "peer-coaching-unpaired", subject: RuleScenario.triosRef,
            fires: { try await $0.addPeerCoaching() },
            // Its first pair starts on the check day: someone is paired already.
            nearMiss: { s in
                try await s.addPeerCoaching()
                try await s.pair(startedDaysAgo: 0)
            },
            activity: { try await $0.pair(startedDaysAgo: 0) }),
        RuleCase(
            rule: "peer-group-stalled", subject: RuleScenario.triosRef,
            // A pair meeting every 30 days that never met: 45 days is 15 past its rhythm, over the grace of 14.
            fires: { s in
                try await s.addPeerCoaching()
                try await s.pair(startedDaysAgo: 45)
            },
            nearMiss: { s in
                try await s.addPeerCoaching()
                try await s.pair(startedDaysAgo: 44)
            },
            activity: { try await $0.peerMeeting(0, came: [cara, dev]) }),
        RuleCase(
            rule: "leader-gain-unrecorded", subject: cara,
            // Cara is supportive and was hoped to lead; nothing of what she would gain is on record.
            fires: { _ in },
            // Said on the check day itself: on record already.
            nearMiss: { try await $0.caseNote(cara, "personal_gain", daysAgo: 0) },
            activity: { try await $0.caseNote(cara, "personal_gain", daysAgo: 0) }),
        RuleCase(
            rule: "leader-cost-undiscussed", subject: cara,
            fires: { _ in },
            nearMiss: { try await $0.caseNote(cara, "personal_cost", daysAgo: 0, roleModel: "with_support") },
            activity: { try await $0.caseNote(cara, "personal_cost", daysAgo: 0) }),
        RuleCase(
            rule: "tension-not-discussed", subject: nil,
            fires: { try await $0.tension(raisedDaysAgo: 43) },
            // Six weeks to the day: still within the time the top team has.
            nearMiss: { try await $0.tension(raisedDaysAgo: 42) },
            activity: { s in
                let id = try await s.write { try Narratives($0).tensions()[0].id }
                try await s.discuss(id, daysAgo: 0)
            }),
        RuleCase(
            rule: "benefit-not-remeasured", subject: "pilot-b",
            fires: { try await $0.pilotWithBenefit(endedDaysAgo: 183) },
            nearMiss: { try await $0.pilotWithBenefit(endedDaysAgo: 182) },
            activity: { try await $0.measureAgain(daysAgo: 0) }),
        RuleCase(
            rule: "pilot-without-success-measure", subject: "pilot-x",
            fires: { try await $0.initiative("pilot-x", "pilot", startsInDays: 0, status: "running") },
            // Starting tomorrow: not under way at the check.
            nearMiss: { try await $0.initiative("pilot-x", "pilot", startsInDays: 1, status: "planned") },
            activity: { s in
                _ = try await s.write { tx in
                    try Initiatives(tx).update(
                        ref: "pilot-x", expectedVersion: nil, InitiativeDraft(successMeasure: "Escalations a week"),
                        changedAt: RuleScenario.asOf.addingTimeInterval(-60))
                }
            }),
        RuleCase(
            rule: "rollout-before-evidence", subject: nil,
            // A pilot began a month ago; a training programme began ten days ago, before the pilot showed anything.
            fires: { s in
                try await s.initiative("pilot-x", "pilot", startsInDays: -30, endsInDays: 30, status: "running")
                try await s.initiative("train-all", "training", startsInDays: -10, endsInDays: 60, status: "running")
            },
            // The training began before the pilot did: it is not the pilot going wider.
            nearMiss: { s in
                try await s.initiative("pilot-x", "pilot", startsInDays: -30, endsInDays: 30, status: "running")
                try await s.initiative("train-all", "training", startsInDays: -31, endsInDays: 60, status: "running")
            },
            // The pilot's outcome is recorded.
            activity: { s in
                _ = try await s.write { tx in
                    try Initiatives(tx).update(
                        ref: "pilot-x", expectedVersion: nil, InitiativeDraft(outcome: "Escalations halved"),
                        changedAt: RuleScenario.asOf.addingTimeInterval(-60))
                }
            }),
        RuleCase(
            rule: "expectation-unagreed", subject: "pilot-x",
            fires: { try await $0.presentedPilot(daysAgo: 0) },
            // Presented tomorrow: nothing was promised yet.
            nearMiss: { try await $0.presentedPilot(daysAgo: -1) },
            activity: { try await $0.agreeOutcome(daysAgo: 0) }),
        RuleCase(
            rule: "strategy-too-thin", subject: nil,
            fires: { try await $0.strands(["peer_coaching", "measurement"], sinceDaysAgo: 0) },
            nearMiss: { try await $0.strands(["peer_coaching", "measurement", "goals"], sinceDaysAgo: 0) },
            activity: { try await $0.strands(["communication"], sinceDaysAgo: 0) }),
        RuleCase(
            rule: "no-active-sponsor", subject: nil,
            // The sponsor left five days ago and nobody took over.
            fires: { try await $0.leave(cara, daysAgo: 5) },
            // Leaving tomorrow: still in office at the check.
            nearMiss: { try await $0.leave(cara, daysAgo: -1) },
            // Dev became the sponsor this morning.
            activity: { try await $0.change(dev, role: "sponsor", daysAgo: 0) }),
    ]
}

@Suite("Default rule catalogue, rule by rule")
struct RuleCatalogueTests {
    @Test func theTableCoversEveryDefaultRule() async throws {
        let scenario = try await RuleScenario.make("catalogue")
        let defaults = try await scenario.write { try RuleEngine($0).rules().filter(\.isDefault).map(\.code) }
        #expect(Set(defaults) == Set(Catalogue.cases.map(\.rule)))
        #expect(defaults.count == 37)
    }

    @Test("fires", arguments: Catalogue.cases)
    func fires(_ rule: RuleCase) async throws {
        let scenario = try await RuleScenario.make("fires")
        try await rule.fires(scenario)
        #expect(try await rule.holds(in: scenario), "\(rule.rule) should fire")
        // Every placeholder of its message and next step is filled in with the subject's facts.
        for finding in try await scenario.findings(daysLater: 0, rule: rule.rule) {
            #expect(!finding.message.contains("{") && !finding.nextStep.contains("{"), "\(finding.nextStep)")
        }
    }

    @Test("stays quiet on the boundary", arguments: Catalogue.cases)
    func nearMiss(_ rule: RuleCase) async throws {
        let scenario = try await RuleScenario.make("near")
        try await rule.nearMiss(scenario)
        #expect(!(try await rule.holds(in: scenario)), "\(rule.rule) should stay quiet on the boundary")
    }

    @Test("stops firing after new activity", arguments: Catalogue.cases)
    func stopsFiring(_ rule: RuleCase) async throws {
        let scenario = try await RuleScenario.make("stops")
        try await rule.fires(scenario)
        try #require(try await rule.holds(in: scenario))
        try await rule.activity(scenario)
        #expect(
            !(try await rule.holds(in: scenario, daysLater: rule.checkedAgainAfter)),
            "\(rule.rule) should stop firing")
    }

    @Test func aCancelledInitiativeDoesNotCountInTheTrainingMix() async throws {
        let scenario = try await RuleScenario.make("cancelled")
        try await scenario.initiative("course", "training", startsInDays: -100, endsInDays: -99, status: "done")
        try await scenario.initiative("trios", "peer_coaching", startsInDays: -50, status: "cancelled")
        let finding = try #require(try await scenario.findings(rule: "training-only").first)
        #expect(finding.message == "1 of the 1 initiatives of the last twelve months were training courses.")
    }

    @Test func aLeaderNobodyHasMetIsSilentAtTheHighestSeverityInWords() async throws {
        let scenario = try await RuleScenario.make("never")
        let finding = try #require(
            try await scenario.findings(rule: "silent-leader").first { $0.subject == "dev@x.test" })
        #expect(finding.severity == .high)
        #expect(finding.message == "Dev Director has not taken part in a conversation about the programme at all yet.")
        try await scenario.converse(45, with: ["dev@x.test"])
        let later = try #require(
            try await scenario.findings(rule: "silent-leader").first { $0.subject == "dev@x.test" })
        #expect(
            later.message
                == "Dev Director has not taken part in a conversation about the programme for 45 days, longer than "
                + "the 30 days allowed before a rhythm is known.")
        #expect(later.severity == .medium)
    }
}

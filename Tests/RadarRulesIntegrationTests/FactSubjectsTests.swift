import Foundation
import RadarDomain
import RadarRules
import RadarStore
import RadarTestSupport
import Testing

/// Reading the facts of named people only (how a check re-judges pending findings on the days before) gives
/// exactly their rows of the read for everyone, at any instant.
@Suite("Facts of named people")
struct FactSubjectsTests {
    @Test func namedPeopleGetTheSameFactsAsInTheReadForEveryone() async throws {
        let s = try await RuleScenario.make("named")
        let (cara, dev, hana) = ("cara@x.test", "dev@x.test", "hana@x.test")
        for days in stride(from: 84, through: 14, by: -7) {
            try await s.converse(days, with: [cara, hana], engagement: "supportive")
        }
        try await s.converse(3, with: [cara, hana], engagement: "neutral")
        try await s.converse(20, with: [dev], attendance: "declined")
        try await s.converse(10, with: [dev], attendance: "no_show")
        _ = try await s.fear(dev, raisedDaysAgo: 45)
        _ = try await s.commitment(dev, dueInDays: -20)
        for instant in [RuleScenario.asOf, RuleScenario.asOf.addingTimeInterval(-3 * 86400)] {
            let (everyone, named) = try await s.write { tx in
                let everyone = try FactTable.load(.stakeholder, asOf: instant, in: tx)
                let wanted = Set(everyone.subjects.filter { [cara, dev].contains($0.key) }.map(\.id))
                return (everyone, try FactTable.load(.stakeholder, asOf: instant, only: wanted, in: tx))
            }
            #expect(everyone.subjects.count > 2)
            #expect(Set(named.subjects.map(\.key)) == [cara, dev])
            #expect(named.types == everyone.types)
            for subject in named.subjects {
                let same = everyone.subjects.first { $0.id == subject.id }
                #expect(same?.facts == subject.facts, "\(subject.key)")
            }
        }
    }
}

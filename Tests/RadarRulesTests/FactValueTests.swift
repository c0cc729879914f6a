import Foundation
import RadarDomain
import RadarRules
import Testing

@Suite("Fact values")
struct FactValueTests {
    @Test(arguments: [
        (FactValue.number(31), "31"), (.number(0.75), "0.75"), (.bool(true), "true"), (.null, "null"),
        (.text("top_team"), "top_team"),
    ])
    func factsReadNaturallyInMessages(value: FactValue, text: String) {
        #expect(value.description == text)
    }

    @Test func factsSurviveAJSONRoundTrip() throws {
        let facts: [String: FactValue] = [
            "days": .number(45), "tier": .text("top_team"), "left": .null,
            "leader": .bool(true), "share": .number(0.8),
        ]
        let decoded = try JSONDecoder().decode([String: FactValue].self, from: JSONEncoder().encode(facts))
        #expect(decoded == facts)
    }
}

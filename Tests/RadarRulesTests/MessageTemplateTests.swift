import RadarDomain
import RadarRules
import Testing

/// Rule messages with `{fact}` placeholders.
@Suite("Message templates")
struct MessageTemplateTests {
    static func template(_ text: String) throws -> MessageTemplate {
        try MessageTemplate.parse(text, knownFacts: StakeholderFacts.types)
    }

    static func parseError(_ text: String) -> ConditionError? {
        do {
            _ = try MessageTemplate.parse(text, knownFacts: StakeholderFacts.types)
            return nil
        } catch {
            return error
        }
    }

    @Test func placeholdersAreFilledWithTheSubjectsFacts() throws {
        let template = try Self.template("{subject_name} has not been met for {days_since_contact} days.")
        let message = template.render(["subject_name": .text("Ana Ruiz"), "days_since_contact": .number(45)])
        #expect(message == "Ana Ruiz has not been met for 45 days.")
    }

    @Test(arguments: [
        (FactValue.number(45), "45"), (.number(-3), "-3"), (.number(0.5), "0.5"), (.number(2.3333333), "2.33"),
        (.number(0.05), "0.05"), (.number(-1.25), "-1.25"), (.number(1.999), "2"), (.number(0.8), "0.8"),
        (.null, "none"), (.bool(true), "yes"), (.bool(false), "no"), (.text("top_team"), "top_team"),
    ])
    func valuesReadNaturally(value: FactValue, rendered: String) throws {
        #expect(try Self.template("[{tier}]").render(["tier": value]) == "[\(rendered)]")
    }

    @Test func aFactMissingAtRenderTimeReadsAsNone() throws {
        #expect(try Self.template("gap: {engagement_gap}").render([:]) == "gap: none")
    }

    @Test(arguments: [
        ("{{tier}} is {tier}", "{tier} is top_team"),
        ("}}{{", "}{"),
        ("{{{tier}}}", "{top_team}"),
        ("{ tier }", "top_team"),
        ("no placeholders", "no placeholders"),
        ("", ""),
    ])
    func doubledBracesAreLiteral(text: String, rendered: String) throws {
        let template = try Self.template(text)
        #expect(template.render(["tier": .text("top_team")]) == rendered)
        #expect(template.text == text)
    }

    @Test(arguments: [
        (
            "Hello {days_since_contct}", ConditionError.Code.unknownFact, 7,
            #"column 8: unknown fact "days_since_contct" (did you mean "days_since_contact"?)"#
        ),
        ("Hi { nobody }", .unknownFact, 5, #"column 6: unknown fact "nobody""#),
        ("Hi {}", .unexpectedToken, 3, "column 4: empty placeholder `{}`; name a fact inside the braces"),
        ("Hi {tier", .unbalancedBrace, 3, "column 4: this `{` is never closed (write `{{` for a brace)"),
        ("Hi tier}", .unbalancedBrace, 7, "column 8: unmatched `}` (write `}}` for a brace)"),
        ("Hi {ti{er}", .unbalancedBrace, 6, "column 7: unexpected `{` inside a placeholder"),
    ])
    func mistakesInTemplatesPointAtTheirPosition(
        text: String, code: ConditionError.Code, position: Int, description: String
    ) throws {
        let error = try #require(Self.parseError(text))
        #expect(error.code == code)
        #expect(error.position == position)
        #expect(error.description == description)
    }

    @Test func factsReadAreThePlaceholdersSortedAndUnique() throws {
        let template = try Self.template("{tier} {role} {tier} {{days_since_contact}}")
        #expect(template.factsRead == ["role", "tier"])
    }
}

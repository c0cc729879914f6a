import RadarTestSupport
import Foundation
import RadarDomain
import RadarRules
import RadarStore
import Testing

/// `radar rules add` with one part changed, and what it must print on stderr.
struct BadRule: Sendable, CustomTestStringConvertible {
    var changes: [String: String]
    var expected: [String]
    var testDescription: String { expected.joined(separator: " / ") }
}

@Suite("Custom rules added by an admin")
struct CustomRuleTests {
    /// A valid custom rule: the sponsor unmet for three weeks.
    static let sponsorSilent: [String: String] = [
        "code": "sponsor-silent",
        "--guideline": "G11",
        "--severity": "high",
        "--subject": "stakeholder",
        "--condition": #"role = "sponsor" and days_since_contact > 21"#,
        "--message": "{subject_name} has not met us for {days_since_contact} days.",
        "--next-step": "Ask her office for twenty minutes this week.",
    ]

    static func arguments(_ parts: [String: String]) -> [String] {
        var arguments = ["rules", "add", parts["code"] ?? ""]
        for key in parts.keys.sorted() where key.hasPrefix("--") { arguments += [key, parts[key]!] }
        return arguments
    }

    @Test func anAddedRuleIsListedAsCustomAndFiresLikeAnyOther() async throws {
        let scenario = try await RuleScenario.make("custom")
        try await scenario.converse(25, with: ["cara@x.test", "hana@x.test"])
        let added = try await radarArray(Self.arguments(Self.sponsorSilent), org: scenario.org.slug)
        #expect(added.exitCode == 0, "\(added.err)")
        #expect(added.out.contains("rule sponsor-silent added"))

        let list = try await radar("rules", "list", "--format", "json", org: scenario.org.slug)
        let rows = try jsonArray(list.out)
        let custom = try #require(rows.first { $0["code"] as? String == "sponsor-silent" })
        #expect(custom["origin"] as? String == "custom")
        #expect(rows.last?["code"] as? String == "sponsor-silent", "custom rules come after the catalogue")
        #expect(rows.filter { $0["origin"] as? String == "default" }.count == 37)

        let finding = try #require(try await scenario.findings(rule: "sponsor-silent").first)
        #expect(finding.subject == "cara@x.test")
        #expect(finding.severity == .high)
        #expect(finding.guideline == "G11")
        #expect(finding.message == "Cara Chief has not met us for 25 days.")
        #expect(finding.evidence == ["days_since_contact": .number(25), "role": .text("sponsor")])
        #expect(try await scenario.check().contains("sponsor-silent cara@x.test"))
    }

    static let badRules: [BadRule] = [
        BadRule(changes: ["code": "Sponsor_Silent"], expected: [#"code: "Sponsor_Silent" is not a rule code"#]),
        BadRule(changes: ["code": "sponsor--silent"], expected: ["code: ", "lower-case letters and digits"]),
        BadRule(changes: ["code": "silent-leader"], expected: [#"code: rule "silent-leader" already exists"#]),
        BadRule(changes: ["--guideline": "G13"], expected: [#"guideline: "G13" is not a guideline code"#]),
        BadRule(changes: ["--severity": "urgent"], expected: [#"severity: "urgent" is not a valid"#]),
        BadRule(changes: ["--subject": "team"], expected: [#"subject: "team" is not a valid"#]),
        BadRule(
            changes: ["--condition": #"role = "sponsor" and days_since_contct > 21"#],
            expected: ["condition: ", "days_since_contct", "days_since_contact", "column 22"]),
        BadRule(
            changes: ["--condition": #"role = "sponsor" and (days_since_contact > 21"#],
            expected: ["condition: "]),
        BadRule(changes: ["--condition": "is_leader > 3"], expected: ["condition: "]),
        // Facts belong to a subject: an initiative has no days since contact.
        BadRule(changes: ["--subject": "initiative"], expected: ["condition: ", "role"]),
        BadRule(
            changes: ["--message": "{subject_name} has not met us for {days_silent} days."],
            expected: ["message: ", "days_silent"]),
        BadRule(changes: ["--message": "{subject_name has not met us."], expected: ["message: "]),
        BadRule(changes: ["--next-step": "  "], expected: ["next-step: is required"]),
        BadRule(changes: ["--escalation-severity": "critical"], expected: ["escalation: give both"]),
        BadRule(
            changes: ["--escalation-condition": "days_since_contact > 60", "--escalation-severity": "medium"],
            expected: ["escalation-severity: medium is not above the rule's severity high"]),
        BadRule(
            changes: ["--escalation-condition": "days_since_contact >", "--escalation-severity": "critical"],
            expected: ["escalation-condition: "]),
        BadRule(
            changes: ["--guideline": "G99", "--severity": "urgent", "--message": "{nobody}"],
            expected: ["guideline: ", "severity: ", "message: "]),
    ]

    @Test(arguments: badRules)
    func aBadRuleIsRefusedWithTheFieldNamedAndNothingStored(_ bad: BadRule) async throws {
        let org = try await TestDatabase.newOrganisation("badrule")
        let run = try await radarArray(Self.arguments(Self.sponsorSilent.merging(bad.changes) { $1 }), org: org.slug)
        #expect(run.exitCode == 2)
        for text in bad.expected { #expect(run.err.contains(text), "stderr was: \(run.err)") }
        let count = try await TestDatabase.shared().inOrganisation(org.slug, actor: "test") { tx in
            try RuleEngine(tx).rules().count
        }
        #expect(count == 37)
    }

    @Test func aDisabledCustomRuleStaysQuietUntilEnabled() async throws {
        let scenario = try await RuleScenario.make("disabled")
        try await scenario.converse(25, with: ["cara@x.test", "hana@x.test"])
        let added = try await radarArray(Self.arguments(Self.sponsorSilent) + ["--disabled"], org: scenario.org.slug)
        #expect(added.out.contains("(disabled)"))
        #expect(!(try await scenario.check()).contains("sponsor-silent cara@x.test"))
        #expect(try await radar("rules", "enable", "sponsor-silent", org: scenario.org.slug).exitCode == 0)
        #expect(try await scenario.check().contains("sponsor-silent cara@x.test"))
    }

    @Test func resetKeepsCustomRulesAndRefusesToResetOneThatHasNoDefault() async throws {
        let scenario = try await RuleScenario.make("resetcustom")
        let slug = scenario.org.slug
        _ = try await radarArray(Self.arguments(Self.sponsorSilent), org: slug)
        _ = try await radar("rules", "set", "sponsor-silent", "--condition", "days_since_contact > 14", org: slug)
        _ = try await radar(
            "rules", "set", "silent-leader", "--condition", "is_leader and days_since_contact > 45",
            org: slug)

        let all = try await radar("rules", "reset", org: slug)
        #expect(all.out.contains("default rule catalogue restored; custom rules kept as they are: sponsor-silent"))
        let rules = try await scenario.write { try RuleEngine($0).rules() }
        #expect(rules.first { $0.code == "sponsor-silent" }?.condition == "days_since_contact > 14")
        #expect(rules.first { $0.code == "silent-leader" }?.condition.contains("days_overdue > 0") == true)

        let one = try await radar("rules", "reset", "sponsor-silent", org: slug)
        #expect(one.exitCode == 2)
        #expect(one.err.contains(#"code: rule "sponsor-silent" was added in this organisation and has no default"#))
        #expect(
            try await scenario.write { try RuleBook($0).find("sponsor-silent") }.condition
                == "days_since_contact > 14")

        _ = try await radar("rules", "set", "stale-fear", "--severity", "low", org: slug)
        let restored = try await radar("rules", "reset", "stale-fear", org: slug)
        #expect(restored.out.contains("rule stale-fear restored to its default"))
        #expect(try await scenario.write { try RuleBook($0).find("stale-fear") }.severity == .medium)
    }

    @Test func theHelpOfRulesAddSaysWhatResetDoesToACustomRule() async throws {
        let help = try await radar("rules", "add", "--help")
        #expect(help.exitCode == 0)
        #expect(help.out.contains("A custom rule has no default"))
        #expect(help.out.contains("radar rules disable CODE"))
    }
}

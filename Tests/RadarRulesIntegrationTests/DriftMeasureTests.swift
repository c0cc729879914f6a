import RadarTestSupport
import Foundation
import RadarRules
import RadarStore
import Testing

/// Issue 16, part 5: the G11 rules measured against truths planted by `radar generate`, at test size.
@Suite("Drift measured against planted truths")
struct DriftMeasureTests {
    static let until = ISO8601DateFormatter().date(from: "2026-11-30T12:00:00Z")!

    @Test func theG11RulesFindTheDriftingLeadersAndNoRuleFlagsTheHealthyOnes() async throws {
        let org = try await TestDatabase.newOrganisation("measure", timeZone: "Europe/London")
        let measures = try await TestDatabase.shared().inOrganisation(org.slug, actor: "test") { tx in
            let summary = try SyntheticHistory(
                tx, plan: .init(stakeholders: 400, weeks: 52, seed: 7, until: Self.until)
            ).populate()
            return try DriftMeasure.measure(summary.labels, end: Self.until, in: tx)
        }
        try #require(measures.count == 2)
        for measure in measures {
            // Enough of both kinds that the ratios mean something.
            #expect(measure.truePositives + measure.falseNegatives >= 8, "\(measure.summary)")
            #expect(measure.healthyLeaders >= 8, "\(measure.summary)")
            #expect(measure.precision >= 0.95, "\(measure.summary) \(measure.misses)")
            #expect(measure.recall >= 0.95, "\(measure.summary) \(measure.misses)")
            #expect(measure.g11FlagsOnSteadyMonthly == 0, "\(measure.summary) \(measure.misses)")
            // No noise on the healthy: no rule of any guideline flags a leader who keeps up the programme.
            #expect(measure.flagsPerHealthyLeader == 0, "\(measure.summary)")
            print(measure.summary, measure.flaggedByRule, measure.misses)
        }
    }

    @Test func theSameSeedPlantsTheSameTruths() async throws {
        var labels: [[SyntheticLabel]] = []
        for _ in 1...2 {
            let org = try await TestDatabase.newOrganisation("labels", timeZone: "Europe/London")
            labels.append(
                try await TestDatabase.shared().inOrganisation(org.slug, actor: "test") { tx in
                    try SyntheticHistory(tx, plan: .init(stakeholders: 100, weeks: 30, seed: 3, until: Self.until))
                        .populate().labels
                })
        }
        #expect(labels[0] == labels[1])
        #expect(Set(labels[0].map(\.pattern)) == Set(SyntheticPattern.allCases))
        #expect(try SyntheticLabel.parse(csv: SyntheticLabel.csv(labels[0])) == labels[0])
    }
}

/// The same measure from the command line: `radar generate --labels`, then `radar rules measure`.
@Suite("radar rules measure")
struct DriftMeasureCLITests {
    @Test func generateWritesTheLabelsAndMeasureReadsThem() async throws {
        _ = try await TestDatabase.shared()
        let slug = "measure-cli-" + UUID().uuidString.prefix(6).lowercased()
        let labels = FileManager.default.temporaryDirectory.appendingPathComponent("\(slug).csv").path
        defer { try? FileManager.default.removeItem(atPath: labels) }
        let until = "2026-11-30T12:00:00Z"
        let generate = try await radar(
            "generate", "--stakeholders", "200", "--weeks", "40", "--seed", "5", "--until", until, "--labels", labels,
            org: slug)
        try #require(generate.exitCode == 0, "\(generate.err)")
        let written = try SyntheticLabel.parse(csv: String(contentsOfFile: labels, encoding: .utf8))
        #expect(written.count == 32 && written.allSatisfy { $0.email.hasSuffix("@synthetic.example") })

        let measure = try await radar("rules", "measure", "--labels", labels, "--as-of", until, org: slug)
        try #require(measure.exitCode == 0, "\(measure.err)")
        let lines = measure.out.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("G11 on leaders eight weeks before: precision ") == true, "\(measure.out)")
        #expect(lines.last?.hasPrefix("G11 on leaders at the end: precision ") == true, "\(measure.out)")
        #expect(measure.out.contains("0 G11 flags on steady-monthly leaders"), "\(measure.out)")
    }
}

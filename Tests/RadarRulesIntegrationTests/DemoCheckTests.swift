import RadarTestSupport
import Foundation
import Testing

/// The issue's "done when", from the command line: `radar demo`, then `radar check` and `radar explain`.
@Suite("radar check on the demo organisation")
struct DemoCheckTests {
    static let asOf = "2026-03-13T12:00:00Z"
    static let healthy = [
        "maya.okafor@harbourline.example", "ben.carter@harbourline.example",
        "aisha.rahman@harbourline.example",
    ]

    /// A JSON value as `radar explain` prints a fact: text without quotes, numbers and booleans as JSON has them.
    static func plain(_ value: Any) throws -> String {
        let text = String(decoding: try JSONSerialization.data(withJSONObject: [value]), as: UTF8.self)
        let inner = String(text.dropFirst().dropLast())
        if let string = value as? String, inner.hasPrefix("\"") { return string }
        return inner
    }

    @Test func checkFlagsTheGuidelinesTheDemoBreaksAndNoneOfItsHealthyPeople() async throws {
        // The CLI does not migrate: make sure the shared test database is ready before `radar demo` runs.
        _ = try await TestDatabase.shared()
        let slug = "demo-check-" + UUID().uuidString.prefix(6).lowercased()
        let demo = try await radar("demo", "--slug", slug, "--as-of", Self.asOf)
        try #require(demo.exitCode == 0, "\(demo.err)")
        let check = try await radar("check", "--as-of", Self.asOf, "--format", "json", "--fail-on", "high", org: slug)
        #expect(check.exitCode == 3, "high flags exist, so --fail-on high exits 3")
        let flags = try jsonArray(check.out)

        let guidelines = Set(flags.compactMap { $0["guideline"] as? String })
        for broken in ["G01", "G03", "G05", "G06", "G07", "G08", "G09", "G10", "G11", "G12", "P00"] {
            #expect(guidelines.contains(broken), "the demo breaks \(broken)")
        }
        let aboutHealthy = flags.filter { Self.healthy.contains($0["subject"] as? String ?? "") }
        #expect(aboutHealthy.isEmpty, "\(aboutHealthy.map { "\($0["rule"]!) \($0["subject"]!)" })")

        for flag in flags {
            let message = try #require(flag["message"] as? String)
            #expect(!message.contains("{") && !message.contains("none days"), "\(message)")
            #expect(!(flag["next_step"] as? String ?? "").isEmpty)
            #expect(flag["status"] as? String == "open")
        }

        // Every stakeholder flag's evidence reads the same as `radar explain` shows it.
        let stakeholderFlags = flags.filter { $0["subject_type"] as? String == "stakeholder" }
        #expect(!stakeholderFlags.isEmpty)
        var explained: [String: String] = [:]
        for flag in stakeholderFlags {
            let email = try #require(flag["subject"] as? String)
            if explained[email] == nil {
                explained[email] = try await radar("explain", email, "--as-of", Self.asOf, org: slug).out
            }
            let rule = try #require(flag["rule"] as? String)
            #expect(explained[email]!.contains("\(rule) (\(flag["guideline"]!)): FIRES"), "\(rule) for \(email)")
            let evidence = try #require(flag["evidence"] as? [String: Any])
            for (fact, value) in evidence {
                let shown = try Self.plain(value)
                #expect(explained[email]!.contains("  \(fact) = \(shown)\n"), "\(fact) = \(shown) for \(email)")
            }
        }
    }
}

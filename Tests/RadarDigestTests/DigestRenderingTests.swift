import Foundation
import Postgres
import RadarDigest
import RadarDomain
import RadarRules
import RadarStore
import RadarTestSupport
import Testing

/// The demo organisation with a fixed history: the fixed scenario of the golden files and the HTML brief.
enum DemoDigest {
    /// A Friday afternoon in week 26 of 2026; the demo's six months of history end here.
    static let asOf = DigestScenario.at("2026-06-26T16:00:00Z")
    static let week = ISOWeek("2026-W26")!

    /// Built once per test process: every rendering test reads the same digest.
    static let shared = Task<Digest, any Error> { try await build() }

    /// Builds the demo, then plays its last eight weeks as the nightly jobs would (a snapshot and a check each
    /// Friday), with one flag acknowledged in week 25 and a few things happening in week 26 itself: a fear voiced,
    /// invitations declined, the pilot's results recorded and the next initiative planned. Returns the week-26
    /// digest with the organisation's slug fixed (the real one differs per test run).
    static func build() async throws -> Digest {
        let database = try await TestDatabase.shared()
        let slug = "demo-digest-" + UUID().uuidString.prefix(8).lowercased()
        try await Organisations(database: database).create(
            slug: slug, name: "Harbourline Foods (demo)", timeZone: "Europe/London", actor: "test"
        ) { tx in
            try DemoOrganisation(tx, asOf: asOf).populate()
        }
        try await database.inOrganisation(slug, actor: "helen.ward@harbourline.example") { tx in
            for weeksBack in (1..<8).reversed() {
                let instant = asOf.addingTimeInterval(-Double(weeksBack) * 7 * 86400)
                try Snapshots(tx).take(asOf: instant)
                try FlagBook(tx).apply(RuleEngine(tx).findings(asOf: instant), asOf: instant)
            }
            let flag = try FlagBook(tx).all().first { $0.rule == "training-only" }!
            _ = try FlagBook(tx).acknowledge(
                flag.id.uuidString, reason: "Peer coaching trios are being planned",
                at: asOf.addingTimeInterval(-7 * 86400))
            try weekTwentySix(tx)
            try Snapshots(tx).take(asOf: asOf)
            try FlagBook(tx).apply(RuleEngine(tx).findings(asOf: asOf), asOf: asOf)
        }
        var digest = try await database.inOrganisation(slug, actor: "test") { tx in
            try DigestBuilder.build(in: tx, week: week)
        }
        // The slug differs per run; it is the organisation's name in the ledger as well.
        digest.organisation.slug = "demo"
        func fixed(_ flags: [DigestFlag]) -> [DigestFlag] {
            flags.map { flag in
                var flag = flag
                if flag.subjectType == "organisation" { flag.subject = "demo" }
                return flag
            }
        }
        digest.newRisks = fixed(digest.newRisks)
        digest.stillOpen = fixed(digest.stillOpen)
        digest.setAside = fixed(digest.setAside)
        digest.improved.resolvedFlags = fixed(digest.improved.resolvedFlags)
        return digest
    }

    /// Monday 22 to Friday 26 June 2026.
    static func weekTwentySix(_ tx: TenantTransaction) throws {
        let conversations = Conversations(tx)
        let mail = { (first: String) in DemoOrganisation.people.first { $0.email.hasPrefix(first + ".") }!.email }
        _ = try conversations.record(
            ConversationDraft(
                ref: "w26-ops", occurredAt: DigestScenario.at("2026-06-24T09:00:00Z"), kind: "one_to_one",
                initiatedBy: mail("helen"),
                participants: [.init(email: mail("priya"), engagement: "neutral"), .init(email: mail("helen"))],
                guidelines: ["G07", "G10"],
                fears: [
                    .init(
                        email: mail("priya"), category: "time",
                        statement: "Expects the next pilot to pull her best supervisors off the floor again.",
                        severity: "medium")
                ]), now: asOf)
        _ = try conversations.record(
            ConversationDraft(
                ref: "w26-sales", occurredAt: DigestScenario.at("2026-06-23T14:00:00Z"), kind: "group",
                initiatedBy: mail("omar"),
                participants: [
                    .init(email: mail("sofia"), attendance: "declined"), .init(email: mail("aisha")),
                    .init(email: mail("omar")),
                ]), now: asOf)
        _ = try conversations.record(
            ConversationDraft(
                ref: "w26-workshop", occurredAt: DigestScenario.at("2026-06-25T10:00:00Z"), kind: "workshop",
                initiatedBy: mail("omar"),
                participants: [
                    .init(email: mail("sofia"), attendance: "delegated"), .init(email: mail("ben")),
                    .init(email: mail("omar")),
                ]), now: asOf)
        let initiatives = Initiatives(tx)
        _ = try initiatives.complete(
            ref: "ops-pilot", outcome: "Escalations to the shift manager fell by a fifth.",
            evidence: nil, on: DigestScenario.day("2026-06-25"))
        // The leadership learning set meets again after months without a session, without the CIO.
        _ = try conversations.record(
            ConversationDraft(
                ref: "w26-set", occurredAt: DigestScenario.at("2026-06-24T14:00:00Z"), kind: "group",
                initiatedBy: mail("priya"),
                participants: [.init(email: mail("omar")), .init(email: mail("priya"), engagement: "neutral")],
                initiative: "leaders-learning-set"), now: asOf)
        _ = try initiatives.add(
            InitiativeDraft(
                ref: "top-team-trios", title: "Peer coaching trios for the top team", kind: "peer_coaching",
                ownerEmail: mail("maya"), startsOn: DigestScenario.day("2026-07-13"),
                endsOn: DigestScenario.day("2026-10-30"), status: "planned"))
    }
}

@Suite("Digest: renderers")
struct DigestRenderingTests {
    /// Where the golden files live in the source tree (written there with RADAR_UPDATE_GOLDEN=1).
    static let goldenSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden")

    @Test(arguments: DigestFormat.allCases)
    func eachRendererMatchesItsGoldenFile(format: DigestFormat) async throws {
        let rendered = DigestRenderer.render(try await DemoDigest.shared.value, as: format)
        let name = "demo-2026-W26.\(format.fileExtension)"
        if ProcessInfo.processInfo.environment["RADAR_UPDATE_GOLDEN"] == "1" {
            try rendered.write(to: Self.goldenSource.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let url = try #require(
            Bundle.module.resourceURL?.appendingPathComponent("Golden/\(name)"),
            "no copied Golden folder")
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(rendered == golden, "\(name) differs; review it and run with RADAR_UPDATE_GOLDEN=1 to accept")
    }

    @Test func theJSONReadsBackAsTheSameDigest() async throws {
        let digest = try await DemoDigest.shared.value
        let data = try digest.jsonData()
        #expect(try Digest.decode(data) == digest)
        // Whatever encoder the archive uses, the keys and the instants come out the same.
        let plain = try JSONDecoder().decode(Digest.self, from: JSONEncoder().encode(digest))
        #expect(plain == digest)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["week"] as? String == "2026-W26")
        #expect(object["as_of"] as? String == "2026-06-28T23:00:00Z")
        #expect(
            Set(object.keys) == [
                "organisation", "week", "week_start", "week_end", "as_of", "headline",
                "new_risks", "still_open", "still_open_listed", "still_open_note",
                "leaders_dropping_off", "fears", "commitments",
                "programme", "coverage", "improved", "set_aside",
            ])
    }

    @Test func theTextFitsAnEightyColumnTerminal() async throws {
        let text = DigestRenderer.render(try await DemoDigest.shared.value, as: .text)
        let long = text.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.count > 80 }
        #expect(long.isEmpty, "lines over 80 columns: \(long)")
        #expect(text.contains("NEW AND REOPENED RISKS"))
    }

    @Test func theHTMLIsSelfContained() async throws {
        let html = DigestRenderer.render(try await DemoDigest.shared.value, as: .html)
        #expect(!html.contains("<link"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("url("))
        #expect(html.contains("<svg"))
    }

    @Test func theDemoWeekHasSomethingInEverySection() async throws {
        let digest = try await DemoDigest.shared.value
        #expect(digest.newRisks.keys.contains("declining-invitations sofia.marquez@harbourline.example"))
        #expect(digest.improved.resolvedFlags.map(\.rule).contains("pilot-without-evidence"))
        #expect(digest.improved.resolvedFlags.map(\.rule).contains("group-stopped-meeting"))
        #expect(digest.fears.voiced.map(\.email) == ["priya.nair@harbourline.example"])
        #expect(digest.programme.startingSoon.map(\.ref) == ["top-team-trios"])
        // The learning set met again this week; the trio keeps its monthly rhythm with everyone there.
        let rhythm = Dictionary(uniqueKeysWithValues: digest.programme.rhythm.map { ($0.ref, $0) })
        #expect(rhythm["leaders-learning-set"]?.stopped == false)
        #expect(rhythm["leaders-learning-set"]?.held == 1)
        #expect(rhythm["leaders-learning-set"]?.attendancePercent == 67)
        #expect(rhythm["peer-trio-maya"]?.held == 3)
        #expect(rhythm["peer-trio-maya"]?.due == 3)
        #expect(rhythm["peer-trio-maya"]?.attendancePercent == 100)
        #expect(digest.programme.coachingGoals == DigestCoachingGoals(open: 3, reviewedThisWeek: 0, notReviewed180: 1))
        #expect(!digest.stillOpen.isEmpty)
        #expect(digest.stillOpenListed < digest.stillOpen.count)
        #expect(digest.stillOpenNote != nil)
        #expect(!digest.leadersDroppingOff.leaders.isEmpty)
        #expect(digest.leadersDroppingOff.leaders.allSatisfy { $0.scores.count == 8 })
        #expect(digest.fears.open > 0)
        #expect(!digest.commitments.leadersOverdue.isEmpty)
        #expect(digest.coverage.leaders.count == 4)
        #expect(digest.coverage.leaders.allSatisfy { $0.conversations.count == 12 })
        #expect(digest.setAside.map(\.rule) == ["training-only"])
        #expect(digest.setAside.first?.setAsideBy == "helen.ward@harbourline.example")
        #expect(digest.headline.engagementTrend != .unknown)
    }
}

@Suite("Digest: text layout")
struct TextLayoutTests {
    @Test func aLongWordIsCutRatherThanRunningPastTheWidth() {
        let digest = Digest.emptyForLayout(name: String(repeating: "x", count: 120))
        let text = DigestRenderer.render(digest, as: .text)
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }
}

extension Digest {
    /// A digest with nothing in it, for layout checks that need no database.
    static func emptyForLayout(name: String) -> Digest {
        let week = ISOWeek("2026-W26")!
        return Digest(
            organisation: DigestOrganisation(slug: "x", name: name, timeZone: "UTC"), week: week,
            weekStart: week.monday, weekEnd: week.sunday, asOf: week.end(in: .gmt),
            headline: DigestHeadline(
                summary: name, openBySeverity: [],
                counts: DigestFlagCounts(
                    new: 0, reopened: 0, stillOpen: 0, resolved: 0,
                    setAside: 0, open: 0),
                engagementTrend: .unknown, engagementSentence: "", leaderAverageScore: nil,
                leaderAverageScoreLastWeek: nil),
            newRisks: [], stillOpen: [], leadersDroppingOff: DigestLeaderTrends(weeks: [], leaders: []),
            fears: DigestFears(open: 0, voiced: [], openLongest: [], resolved: []),
            commitments: DigestCommitments(
                open: 0, ownedByLeaders: 0, ownedByHR: 0, ownedByOthers: 0,
                hrSharePercent: nil, ownershipSentence: "", leadersOverdue: [],
                doneByLeadersThisWeek: 0),
            programme: DigestProgramme(running: [], startingSoon: [], pilotsAwaitingEvidence: [], sentence: ""),
            coverage: DigestCoverage(
                since: week.monday, windowDays: 180, guidelines: [], leaders: [], untouched: [],
                sentence: ""),
            improved: DigestImprovements(
                resolvedFlags: [], risingScores: [], fearsResolved: 0,
                commitmentsDoneByLeaders: 0, sentence: ""),
            setAside: [])
    }
}

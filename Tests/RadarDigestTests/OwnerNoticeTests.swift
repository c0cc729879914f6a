import Foundation
import Postgres
import RadarCalendar
import RadarDigest
import RadarDomain
import RadarRules
import RadarStore
import RadarTestSupport
import Testing

/// An HR owner (Hana's account) who looks after Cara and Dev, in the digest scenario's organisation, with two new
/// risks raised by the check of 6 March 2026 at noon: Dev silent since January (high) and Cara's stale fear.
struct OwnerScenario {
    let scenario: DigestScenario
    let owner: String
    let ownerID: UUID
    var slug: String { scenario.org.slug }
    static let secret = "a-test-secret-that-is-long-enough-for-hmac-256"
    static let publicURL = "https://radar.example.com"

    static func make(_ label: String) async throws -> OwnerScenario {
        let scenario = try await DigestScenario.make(label, rules: ["silent-leader", "stale-fear"])
        let owner = "owner-\(UUID().uuidString.prefix(8).lowercased())@x.test"
        let ownerID = try await TestDatabase.addMember(owner, name: "Olive Owner", to: scenario.org.slug)
        _ = try await scenario.write { tx in try HROwners(tx).assign(owner, to: ["cara@x.test", "dev@x.test"]) }
        try await scenario.converse("2026-01-25T10:00:00Z", with: ["cara@x.test"])
        try await scenario.converse("2026-01-31T10:00:00Z", with: ["dev@x.test"])
        try await scenario.converse("2026-02-20T10:00:00Z", with: ["cara@x.test"])
        try await scenario.write { tx in
            try Fears(tx).add(
                FearDraft(
                    email: "cara@x.test", category: "exposure", statement: "Being seen to need help.",
                    severity: "high", raisedOn: DigestScenario.day("2026-01-25")))
        }
        try await scenario.check("2026-03-06T12:00:00Z")
        return OwnerScenario(scenario: scenario, owner: owner, ownerID: ownerID)
    }

    /// Sets the owner's preference: told at `at` in London by `kind` to `target`.
    func prefer(_ kind: String, _ target: String?, at: String = "08:00") async throws {
        let owner = owner
        try await scenario.write { tx in
            try NoticePreferences(tx).save(
                email: owner,
                .init(sendAt: at, timeZone: "Europe/London", kind: kind, target: target))
        }
    }

    /// Writes the notices due at `instant`, as the scheduler does.
    @discardableResult
    func writeDue(_ instant: String) async throws -> [OwnerNotices.Outcome] {
        let at = DigestScenario.at(instant)
        return try await scenario.write { tx in
            try OwnerNotices(tx).writeDue(
                at: at, signer: NoticeLinkSigner(secret: Self.secret), publicURL: Self.publicURL)
        }
    }

    func send(_ instant: String, tries: Int = 1) async throws -> [NoticeAttempt] {
        var configuration = DeliveryConfiguration()
        configuration.webhookTries = tries
        configuration.webhookRetryDelay = 0.05
        configuration.publicURL = Self.publicURL
        return try await NoticeWorker(database: TestDatabase.shared(), configuration: configuration)
            .run(organisation: slug, now: DigestScenario.at(instant))
    }

    func notice(_ id: UUID) async throws -> OwnerNotice {
        try await scenario.write { try OwnerNotices($0).content(id) }
    }
}

@Suite("Each HR owner is told once a day what changed for their people")
struct OwnerNoticeTests {
    @Test("at their time the owner gets one Slack message with the three most important changes and signed links")
    func toldAtTheirTime() async throws {
        let world = try await OwnerScenario.make("notice-slack")
        let slack = try WebhookReceiver()
        defer { slack.stop() }
        try await world.prefer("slack", slack.url, at: "08:00")
        // 07:59 in London on 7 March: not yet their time.
        #expect(try await world.writeDue("2026-03-07T07:59:00Z").isEmpty)
        let written = try await world.writeDue("2026-03-07T08:00:00Z")
        #expect(written.map(\.status) == ["pending"])
        #expect(written.first?.changes == 2)
        // A second tick the same day writes nothing more.
        #expect(try await world.writeDue("2026-03-07T18:00:00Z").isEmpty)

        let attempts = try await world.send("2026-03-07T08:01:00Z")
        #expect(attempts.map(\.result) == [.sent])
        let request = try #require(try slack.requests().first)
        let body = try #require(request.body)
        let message = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let attachments = try #require(message["attachments"] as? [[String: Any]])
        let lines = attachments.compactMap {
            (($0["blocks"] as? [[String: Any]])?.first?["text"] as? [String: Any])?["text"] as? String
        }
        #expect(lines.count == 2)
        #expect(lines.contains { $0.contains("* Dev Director: new,") }, "\(lines)")
        #expect(lines.allSatisfy { $0.contains("|Acknowledge>") && $0.contains("|Snooze a week>") }, "\(lines)")
        let blocks = try #require(message["blocks"] as? [[String: Any]])
        let button = try #require((blocks.first { $0["type"] as? String == "actions" }?["elements"] as? [[String: Any]])?.first)
        #expect(button["url"] as? String == "https://radar.example.com/mine")
        #expect(request.body?.contains("Being seen to need help") == false, "fears never leave in a notice")
        // Sent once: the next run finds nothing due.
        #expect(try await world.send("2026-03-07T09:00:00Z").isEmpty)
    }

    @Test("a day with nothing new keeps a quiet notice and sends nothing")
    func quietDaySendsNothing() async throws {
        let world = try await OwnerScenario.make("notice-quiet")
        let hook = try WebhookReceiver()
        defer { hook.stop() }
        try await world.prefer("webhook", hook.url)
        try await world.writeDue("2026-03-07T08:00:00Z")
        #expect(try await world.send("2026-03-07T08:00:00Z").count == 1)
        let quiet = try await world.writeDue("2026-03-08T08:00:00Z")
        #expect(quiet.map(\.status) == ["quiet"])
        #expect(quiet.first?.changes == 0)
        #expect(try await world.send("2026-03-08T08:05:00Z").isEmpty)
        #expect(try hook.requests().count == 1)
    }

    @Test("the day before a calendar meeting with one of my people, my notice links their brief; later meetings wait")
    func briefTheDayBefore() async throws {
        let world = try await OwnerScenario.make("notice-brief")
        let directory = try temporaryDirectory("notices-brief")
        try await world.prefer("directory", directory.path)
        try await world.writeDue("2026-03-07T08:00:00Z")
        // Meetings from a calendar, still in the review queue: Dev on 9 March at 10:30 London time, Cara on the
        // 10th, and Chip, whom the owner does not look after, on the 9th.
        func meeting(_ uid: String, _ start: String, _ who: String) -> CalendarMeeting {
            let at = DigestScenario.at(start)
            return CalendarMeeting(
                uid: uid, summary: "Check-in", start: at, end: at.addingTimeInterval(1_800),
                organiser: CalendarPerson(email: "hr@x.test", reply: .accepted),
                attendees: [CalendarPerson(email: who, reply: .accepted)])
        }
        let meetings = [
            meeting("dev-9", "2026-03-09T10:30:00Z", "dev@x.test"),
            meeting("cara-10", "2026-03-10T09:00:00Z", "cara@x.test"),
            meeting("chip-9", "2026-03-09T11:00:00Z", "chip@x.test"),
        ]
        try await world.scenario.write { tx in _ = try CalendarDrafts(tx).take(meetings, from: .file) }
        let devID = try await world.scenario.write { tx in try Stakeholders(tx).find(email: "dev@x.test").id }

        // On the 8th nothing changed about the flags, yet the meeting of the 9th makes the notice worth sending.
        let eighth = try #require(try await world.writeDue("2026-03-08T08:00:00Z").first)
        #expect(eighth.status == "pending")
        let notice = try await world.notice(eighth.id)
        #expect(notice.people.map(\.name) == ["Dev Director"])
        let change = try #require(notice.people.first?.changes.first)
        #expect(change.kind == .meetingTomorrow)
        #expect(change.line == "is on a meeting tomorrow at 10:30: \"Check-in\"")
        #expect(change.briefURL == "https://radar.example.com/stakeholders/\(devID.uuidString.lowercased())/brief")
        let attempts = try await world.send("2026-03-08T08:00:00Z")
        #expect(attempts.map(\.result).contains(.sent))
        let file = try #require(
            try FileManager.default.contentsOfDirectory(atPath: directory.path).first {
                $0.contains("2026-03-08") && $0.hasSuffix(".txt")
            })
        let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        #expect(text.contains("Meeting tomorrow: is on a meeting tomorrow at 10:30"), "\(text)")
        #expect(text.contains("Brief for the meeting: https://radar.example.com/stakeholders/"), "\(text)")

        // On the 9th it is Cara's turn.
        let ninth = try #require(try await world.writeDue("2026-03-09T08:00:00Z").first)
        let next = try await world.notice(ninth.id)
        #expect(next.people.map(\.name) == ["Cara Chief"])
        #expect(next.people.first?.changes.map(\.kind) == [.meetingTomorrow])
    }

    @Test("only what changed since the last notice: a flag resolved the day after shows as resolved, nothing else")
    func onlyWhatChanged() async throws {
        let world = try await OwnerScenario.make("notice-changes")
        let directory = try temporaryDirectory("notices")
        try await world.prefer("directory", directory.path)
        try await world.writeDue("2026-03-07T08:00:00Z")
        // Dev is met on 7 March; the check that evening resolves his silence.
        try await world.scenario.converse("2026-03-07T10:00:00Z", with: ["dev@x.test"])
        try await world.scenario.check("2026-03-07T20:00:00Z")
        let next = try #require(try await world.writeDue("2026-03-08T08:00:00Z").first)
        let notice = try await world.notice(next.id)
        #expect(notice.people.map(\.name) == ["Dev Director"])
        #expect(notice.people.first?.changes.map(\.kind) == [.resolved])
        #expect(notice.people.first?.changes.first?.acknowledgeURL == nil)
        let attempts = try await world.send("2026-03-08T08:00:00Z")
        #expect(attempts.map(\.result) == [.sent, .sent])
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files.contains { $0.hasSuffix("2026-03-08-\(world.owner.map { $0.isLetter || $0.isNumber ? $0 : "-" }.map(String.init).joined()).txt") }, "\(files)")
        let text = try String(contentsOf: directory.appendingPathComponent(try #require(files.first { $0.contains("2026-03-08") && $0.hasSuffix(".txt") })), encoding: .utf8)
        #expect(text.contains("Resolved: silent-leader no longer applies"), "\(text)")
    }

    @Test("a receiver that fails is tried again after the back-off, and the notice goes once it answers")
    func retriedWithBackOff() async throws {
        let world = try await OwnerScenario.make("notice-retry")
        let teams = try WebhookReceiver(answering: [503])
        defer { teams.stop() }
        try await world.prefer("teams", teams.url)
        try await world.writeDue("2026-03-07T08:00:00Z")
        let first = try await world.send("2026-03-07T08:00:00Z")
        #expect(first.map(\.result) == [.retrying])
        // Before the back-off (60 s after the first attempt) nothing is due.
        #expect(try await world.send("2026-03-07T08:00:30Z").isEmpty)
        let second = try await world.send("2026-03-07T08:01:01Z")
        #expect(second.map(\.result) == [.sent])
        #expect(second.first?.attempts == 2)
        let body = try #require(try teams.requests().last?.body)
        let card = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let content = try #require((card["attachments"] as? [[String: Any]])?.first?["content"] as? [String: Any])
        #expect(content["type"] as? String == "AdaptiveCard")
        let words = (content["body"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == "ColumnSet" }
            .compactMap { ((($0["columns"] as? [[String: Any]])?.first?["items"] as? [[String: Any]])?.first)?["text"] as? String }
        #expect(words.count == 2 && words.allSatisfy { ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"].contains($0) }, "\(words)")
    }
}

@Suite("One-click links in a notice are signed, single-use, expiring, and refused once the flag changed")
struct NoticeLinkTests {
    /// The owner's first notice and the link ids behind its acknowledge links.
    func linked(_ label: String) async throws -> (OwnerScenario, OwnerNotice) {
        let world = try await OwnerScenario.make(label)
        try await world.prefer("email", nil)
        let outcome = try #require(try await world.writeDue("2026-03-07T08:00:00Z").first)
        return (world, try await world.notice(outcome.id))
    }

    func claims(_ url: String?) throws -> NoticeLinkSigner.Claims {
        let token = try #require(url?.components(separatedBy: "/notice/").last)
        return try #require(NoticeLinkSigner(secret: OwnerScenario.secret)).verify(
            token, now: DigestScenario.at("2026-03-07T09:00:00Z"))
    }

    func use(_ link: UUID, in world: OwnerScenario, at instant: String) async throws -> Flag {
        try await world.scenario.write { tx in try NoticeLinks(tx).use(link, now: DigestScenario.at(instant)).1 }
    }

    @Test("acknowledging from the link acknowledges the flag once; the second use is refused")
    func acknowledgeOnce() async throws {
        let (world, notice) = try await linked("link-once")
        let change = try #require(notice.people.flatMap(\.changes).first { $0.acknowledgeURL != nil })
        let link = try claims(change.acknowledgeURL)
        #expect(link.organisation == world.slug)
        let flag = try await use(link.link, in: world, at: "2026-03-07T09:00:00Z")
        #expect(flag.status == .acknowledged)
        await #expect(throws: NoticeLinks.Refusal.used) {
            _ = try await use(link.link, in: world, at: "2026-03-07T09:01:00Z")
        }
    }

    @Test("a link whose flag changed since the notice is refused and changes nothing")
    func refusedAfterTheFlagChanged() async throws {
        let (world, notice) = try await linked("link-changed")
        let change = try #require(notice.people.flatMap(\.changes).first { $0.acknowledgeURL != nil })
        let snooze = try claims(change.snoozeURL)
        let acknowledge = try claims(change.acknowledgeURL)
        _ = try await use(acknowledge.link, in: world, at: "2026-03-07T09:00:00Z")
        await #expect(throws: NoticeLinks.Refusal.flagChanged) {
            _ = try await use(snooze.link, in: world, at: "2026-03-07T09:05:00Z")
        }
        let flag = try await world.scenario.write { try FlagBook($0).find(try #require(change.flagID).uuidString) }
        #expect(flag.status == .acknowledged)
    }

    @Test("an expired link, an altered one and one signed with another secret are refused")
    func expiredAndForged() async throws {
        let (world, notice) = try await linked("link-forged")
        let url = try #require(notice.people.flatMap(\.changes).first?.acknowledgeURL)
        let token = try #require(url.components(separatedBy: "/notice/").last)
        let signer = try #require(NoticeLinkSigner(secret: OwnerScenario.secret))
        #expect(throws: NoticeLinkSigner.Refusal.expired) {
            _ = try signer.verify(token, now: DigestScenario.at("2026-03-14T08:00:01Z"))
        }
        var parts = token.split(separator: ".").map(String.init)
        parts[3] = String(Int(parts[3])! + 86_400)
        #expect(throws: NoticeLinkSigner.Refusal.badSignature) {
            _ = try signer.verify(parts.joined(separator: "."), now: DigestScenario.at("2026-03-07T09:00:00Z"))
        }
        let other = try #require(NoticeLinkSigner(secret: String(OwnerScenario.secret.reversed())))
        #expect(throws: NoticeLinkSigner.Refusal.badSignature) {
            _ = try other.verify(token, now: DigestScenario.at("2026-03-07T09:00:00Z"))
        }
        // The stored link too refuses use after its expiry.
        let link = try claims(url)
        await #expect(throws: NoticeLinks.Refusal.expired) {
            _ = try await use(link.link, in: world, at: "2026-03-15T08:00:00Z")
        }
        #expect(NoticeLinkSigner(secret: "short") == nil)
    }
}

@Suite("The scheduler writes owners' notices once across instances")
struct OwnerNoticeScheduleTests {
    @Test("two instances ticking at the same moment write and send one notice")
    func onceAcrossInstances() async throws {
        let world = try await OwnerScenario.make("notice-schedule")
        let hook = try WebhookReceiver()
        defer { hook.stop() }
        try await world.prefer("webhook", hook.url)
        var configuration = DeliveryConfiguration()
        configuration.publicURL = OwnerScenario.publicURL
        configuration.linkSigner = NoticeLinkSigner(secret: OwnerScenario.secret)
        let database = try await TestDatabase.asService()
        let scheduler = DigestScheduler(
            database: database, delivery: DeliveryWorker(database: database, configuration: configuration),
            organisations: [world.slug])
        let now = DigestScenario.at("2026-03-07T08:00:00Z")
        async let first = scheduler.tick(now: now)
        async let second = scheduler.tick(now: now)
        let reports = try await [first, second]
        let runs = reports.flatMap(\.runs).filter { $0.job == .ownerNotice }
        #expect(runs.count == 1, "\(runs.map(\.outcome))")
        #expect(reports.flatMap(\.notices).map(\.result) == [.sent])
        #expect(try hook.requests().count == 1)
        let sent = try #require(try hook.requests().first?.body)
        #expect(sent.contains("\"owner\":\"\(world.owner)\""))
        #expect(sent.contains("https://radar.example.com/notice/v1."))
    }
}

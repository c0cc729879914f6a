import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import RadarDigest
@testable import RadarServer
import RadarStore
import RadarTestSupport
import ServiceLifecycle
import Testing

@Suite("The digest archive over the API, and the scheduler inside the service")
struct DigestServiceTests {
    /// Monday 9 March 2026, 09:00 UTC: the digest of 2026-W10 (due Monday 07:00) has fallen due.
    static let mondayMorning = Date(timeIntervalSince1970: 1_773_046_800)

    /// Records the fear and commitment of `RecordingFlowTests` in week 2026-W10.
    static func recordWeek(_ client: any TestClientProtocol, _ fixture: ServerFixture) async throws {
        let org = "/api/v1/orgs/\(fixture.org.slug)"
        _ = try await addStakeholder(client, fixture, name: "Fay", email: "fay@example.org")
        _ = try await client.send(
            .post, "\(org)/stakeholders", as: fixture.hr,
            json: stakeholderJSON(name: "Gus", email: "gus@example.org", tier: "top_team"))
        let recorded = try await client.send(
            .post, "\(org)/conversations", as: fixture.hr,
            json: RecordingFlowTests.conversationJSON(
                ref: "c-digest-1", participant: "fay@example.org",
                owner: "gus@example.org"))
        #expect(recorded.status == 201, "\(recorded.text)")
    }

    /// The scheduler service of `fixture`'s organisation only, ticking fast at `mondayMorning`.
    static func scheduler(_ fixture: ServerFixture) -> SchedulerService {
        let database = fixture.dependencies.database
        let delivery = DeliveryWorker(database: database, configuration: DeliveryConfiguration())
        return SchedulerService(
            scheduler: DigestScheduler(database: database, delivery: delivery, organisations: [fixture.org.slug]),
            metrics: fixture.dependencies.metrics, logger: Logger(label: "test.schedule"),
            interval: .milliseconds(100), clock: { mondayMorning })
    }

    @Test func aServedInstanceWithTheSchedulerOnMakesTheDueDigestOnceAndStopsPromptly() async throws {
        let fixture = try await ServerFixture.make("sched")
        try await fixture.withClient { client in try await Self.recordWeek(client, fixture) }
        let group = ServiceGroup(
            configuration: .init(
                services: [Self.scheduler(fixture)], logger: Logger(label: "test.group")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // Until the week's digest is there (a busy machine may need more than a tick), then ten ticks or more:
            // every one after the first finds the week done.
            let database = fixture.dependencies.database, slug = fixture.org.slug
            for _ in 0..<300 {
                let made = try await database.inOrganisation(slug, actor: "test") { try !DigestArchive($0).list().isEmpty }
                if made { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            try await Task.sleep(for: .seconds(1))
            let stopping = ContinuousClock.now
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            #expect(ContinuousClock.now - stopping < .seconds(3))
        }
        let archive = try await fixture.dependencies.database.inOrganisation(fixture.org.slug, actor: "test") { tx in
            try DigestArchive(tx).list()
        }
        #expect(archive.map(\.week.description) == ["2026-W10"])
        try await fixture.withClient { client in
            let list = try await client.send(.get, "/api/v1/orgs/\(fixture.org.slug)/digests", as: fixture.viewer)
            #expect(list.status == 200, "\(list.text)")
            let items = try #require(list.json["items"] as? [[String: Any]])
            #expect(items.map { $0["week"] as? String } == ["2026-W10"])
            let metrics = try await client.send(
                .get, "/metrics", headers: [.authorization: "Bearer \(ServerFixture.metricsToken)"])
            #expect(metrics.text.contains("radar_digest_duration_seconds"))
        }
    }

    @Test func aWeekIsShownInEveryFormatAndViewersGetNoFearStatements() async throws {
        let fixture = try await ServerFixture.make("digest")
        try await fixture.withClient { client in try await Self.recordWeek(client, fixture) }
        await Self.scheduler(fixture).tick()
        try await fixture.withClient { client in
            let path = "/api/v1/orgs/\(fixture.org.slug)/digests/2026-W10"
            let json = try await client.send(.get, path, as: fixture.hr)
            #expect(json.status == 200, "\(json.text)")
            #expect(json.contentType.hasPrefix("application/json"))
            #expect(json.json["week"] as? String == "2026-W10")
            #expect(json.text.contains("I have no time for this"))
            let fears = try #require(json.json["fears"] as? [String: Any])
            #expect((fears["voiced"] as? [[String: Any]])?.first?["statement"] as? String == "I have no time for this")

            for (format, mediaType, marker) in [
                ("text", "text/plain; charset=utf-8", "2026-W10"),
                ("markdown", "text/markdown; charset=utf-8", "#"),
                ("html", "text/html; charset=utf-8", "<html"),
            ] {
                let rendered = try await client.send(.get, "\(path)?format=\(format)", as: fixture.hr)
                #expect(rendered.status == 200, "\(format): \(rendered.text)")
                #expect(rendered.contentType == mediaType)
                #expect(rendered.text.contains(marker), "\(format)")
                #expect(rendered.text.contains("I have no time for this"), "\(format)")
                // Only the HTML is a document a browser would run anything in: it may style itself, nothing more.
                let policy = rendered.headers[.contentSecurityPolicy]
                #expect((policy?.contains("default-src 'none'") == true) == (format == "html"), "\(format)")
            }
            let negotiated = try await client.send(.get, path, as: fixture.hr, headers: [.accept: "text/markdown"])
            #expect(negotiated.contentType == "text/markdown; charset=utf-8")
            let wildcard = try await client.send(.get, path, as: fixture.hr, headers: [.accept: "*/*"])
            #expect(wildcard.contentType.hasPrefix("application/json"))

            let viewed = try await client.send(.get, path, as: fixture.viewer)
            #expect(viewed.status == 200, "\(viewed.text)")
            #expect(!viewed.text.contains("I have no time for this"))
            #expect(!viewed.text.contains("Send the pilot brief"))
            let viewerFears = try #require(viewed.json["fears"] as? [String: Any])
            let voiced = try #require((viewerFears["voiced"] as? [[String: Any]])?.first)
            #expect(voiced["statement"] == nil)
            #expect(voiced["category"] as? String == "time")
            for format in ["text", "markdown", "html"] {
                let rendered = try await client.send(.get, "\(path)?format=\(format)", as: fixture.viewer)
                #expect(rendered.status == 200)
                #expect(!rendered.text.contains("I have no time for this"), "\(format)")
                #expect(!rendered.text.contains("Send the pilot brief"), "\(format)")
            }
        }
    }

    @Test func aBadWeekNamesTheFieldAndAMissingWeekIs404() async throws {
        let fixture = try await ServerFixture.make("digest-bad")
        try await fixture.withClient { client in
            let org = "/api/v1/orgs/\(fixture.org.slug)/digests"
            let bad = try await client.send(.get, "\(org)/2026-W60", as: fixture.viewer)
            #expect(bad.status == 422)
            #expect(bad.problemFields == ["week"])
            let missing = try await client.send(.get, "\(org)/2026-W10", as: fixture.viewer)
            #expect(missing.status == 404)
            #expect(missing.contentType.hasPrefix("application/problem+json"))
            let format = try await client.send(.get, "\(org)/2026-W10?format=pdf", as: fixture.viewer)
            #expect(format.status == 400 || format.status == 422)
            let empty = try await client.send(.get, org, as: fixture.viewer)
            #expect(empty.status == 200)
            #expect((empty.json["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func twoLoginsInTheSameSecondGetTokensWithDistinctNames() async throws {
        let fixture = try await ServerFixture.make("login-twice")
        let instant = Date(timeIntervalSince1970: 1_773_046_800)
        #expect(RadarAPI.loginTokenName(at: instant) != RadarAPI.loginTokenName(at: instant))
        try await fixture.withClient { client in
            let body = #"{"email": "\#(fixture.hr.email)", "password": "\#(ServerFixture.password)"}"#
            let answers = try await withThrowingTaskGroup(of: Answer.self) { group in
                for _ in 0..<4 { group.addTask { try await client.send(.post, "/api/v1/login", json: body) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.map(\.status) == [200, 200, 200, 200], "\(answers.map(\.text))")
            #expect(Set(answers.compactMap { $0.json["token"] as? String }).count == 4)
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import RadarServer
import RadarDomain
import RadarStore
import RadarTestSupport
import Testing

@Suite("Who may read the metrics")
struct MetricsAccessTests {
    @Test("with a metrics token set, /metrics answers only to that token, and names organisations by id")
    func theTokenIsRequired() async throws {
        let fixture = try await ServerFixture.make("metrics-token")
        try await fixture.withClient { client in
            let check = try await client.send(
                .post, "/api/v1/orgs/\(fixture.org.slug)/check", as: fixture.hr,
                json: #"{"as_of": "2026-03-09T09:00:00Z"}"#)
            #expect(check.status == 200, "\(check.text)")
            let anonymous = try await client.send(.get, "/metrics")
            #expect(anonymous.status == 401)
            #expect(anonymous.contentType.hasPrefix("application/problem+json"))
            let wrong = try await client.send(
                .get, "/metrics", headers: [.authorization: "Bearer not-the-token-at-all"])
            #expect(wrong.status == 401)
            let right = try await client.send(
                .get, "/metrics", headers: [.authorization: "Bearer \(ServerFixture.metricsToken)"])
            #expect(right.status == 200)
            #expect(right.text.contains(#"org_id="\#(fixture.org.id.uuidString.lowercased())""#))
            #expect(!right.text.contains(fixture.org.slug))
        }
    }

    @Test("the operator sees the pool's borrows and waits, the scheduler's lag and the digest outbox's backlog")
    func operatorSeries() async throws {
        let fixture = try await ServerFixture.make("metrics-operator")
        try await fixture.withClient { client in
            _ = try await client.send(.get, "/api/v1/orgs/\(fixture.org.slug)/stakeholders", as: fixture.viewer)
            // The outbox is read with a two-second limit, so on a machine busy enough to miss it a scrape leaves it
            // out; as Prometheus would, scrape again (at most five times) until it is there.
            var values: [String: Double] = [:]
            for _ in 0..<5 where values["radar_delivery_oldest_due_seconds"] == nil {
                let answer = try await client.send(
                    .get, "/metrics", headers: [.authorization: "Bearer \(ServerFixture.metricsToken)"])
                #expect(answer.status == 200)
                values = Self.samples(answer.text)
            }
            #expect((values["radar_db_pool_acquisitions"] ?? 0) >= 1, "\(values)")
            #expect(values["radar_db_pool_waited_acquisitions"] != nil)
            #expect((values["radar_db_pool_wait_seconds"] ?? -1) >= 0)
            // No scheduler runs in these tests: the lag says so with -1.
            #expect(values["radar_scheduler_lag_seconds"] == -1)
            for state in ["pending", "due", "failed"] {
                #expect((values[#"radar_delivery_backlog{state="\#(state)"}"#] ?? -1) >= 0, "\(state)")
            }
            #expect((values["radar_delivery_oldest_due_seconds"] ?? -1) >= 0)
        }
    }

    /// Each sample line of the Prometheus text, by series (name and labels) with its value.
    static func samples(_ text: String) -> [String: Double] {
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            values[String(line[..<space])] = value
        }
        return values
    }

    @Test("without a token, /metrics answers this machine only")
    func loopbackOnlyWithoutAToken() async throws {
        let shared = try await TestDatabase.shared()
        let application = Application(router: try buildRouter(ServerDependencies(database: shared)))
        // In process there is no socket, so no loopback address: refused.
        try await application.test(.router) { client in
            let answer = try await client.execute(uri: "/metrics", method: .get)
            #expect(answer.status == .forbidden)
        }
        // Over a real connection from 127.0.0.1: served.
        try await application.test(.live) { client in
            let answer = try await client.execute(uri: "/metrics", method: .get)
            #expect(answer.status == .ok)
            #expect(String(buffer: answer.body).contains("radar_db_pool_connections_open"))
        }
    }

    @Test("a metrics token must be long enough to guess at no better than a password")
    func theTokenIsChecked() throws {
        let failure = try #require(throws: ValidationFailure.self) {
            try ServerConfiguration.resolve(
                hostname: nil, port: nil, databaseURL: nil, environment: ["RADAR_METRICS_TOKEN": "short"])
        }
        #expect(failure.problems.map(\.field.description) == ["RADAR_METRICS_TOKEN"])
        let configured = try ServerConfiguration.resolve(
            hostname: nil, port: nil, databaseURL: nil,
            environment: ["RADAR_METRICS_TOKEN": "a-long-enough-metrics-token"])
        #expect(configured.metricsToken == "a-long-enough-metrics-token")
    }
}

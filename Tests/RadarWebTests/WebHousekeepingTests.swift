import Foundation
import Logging
import Postgres
import RadarAccess
import RadarDigest
@testable import RadarServer
import RadarStore
import RadarTestSupport
@testable import RadarWeb
import Testing

/// The scheduler's tick clears ended web sessions, spent one-time form ids and idempotency keys past their lifetime,
/// and leaves live ones. In a database of its own: the purges are global, and would end the sessions of page tests
/// running at the same time.
@Suite("Web housekeeping")
struct WebHousekeepingTests {
    @Test(
        "a scheduler tick deletes the expired session row, the old form id and the spent idempotency key, and keeps the live ones"
    )
    func tick() async throws {
        let (database, _) = try await TestDatabase.freshDatabase()
        try await database.setUpRoles()
        try await database.migrate()
        let org = try await Organisations(database: database)
            .create(slug: "housekeeping", name: "Housekeeping", timeZone: "UTC", actor: "test")
        let account = try await Accounts(database: database, passwordCost: 4).addUser(
            email: "hr@example.org", displayName: "HR", password: WebFixture.password,
            memberships: [org.slug: .hr], actor: "test")
        let principal = Principal(
            userID: account.id, email: account.email, displayName: "HR",
            memberships: [org.slug: .hr])
        let policy = SessionPolicy()
        let sessions = WebSessions(database: database, policy: policy)
        let start = WebFixture.start
        let stale = try await sessions.start(for: principal, organisation: org.slug, now: start)
        let now = start.addingTimeInterval(policy.idle + 60)
        let live = try await sessions.start(for: principal, organisation: org.slug, now: now)
        try await database.inOrganisation(org.slug, actor: "test") { tx in
            let claim = """
                INSERT INTO web_form_submissions (org_id, form_id, user_id, claimed_at, location)
                VALUES (radar_current_org(), $1, $2, $3, '/')
                """
            try tx.connection.execute(
                claim,
                [
                    "old-form-id-0123456789", account.id,
                    now.addingTimeInterval(-policy.absolute - 60),
                ])
            try tx.connection.execute(claim, ["new-form-id-0123456789", account.id, now.addingTimeInterval(-60)])
        }
        func sessionRows() async throws -> [String] {
            try await database.asOwner(actor: "test") { connection in
                try connection.query("SELECT encode(digest, 'hex') AS digest FROM web_sessions ORDER BY 1")
                    .map { try $0.decode("digest", as: String.self) }
            }
        }
        #expect(try await sessionRows() == [WebSessions.digest(stale), WebSessions.digest(live)].sorted())
        // An idempotency key past its lifetime, and one still able to answer a retry.
        let keys = IdempotencyKeys(database: database)
        for (key, made) in [
            ("spent", now.addingTimeInterval(-keys.lifetime - 60)), ("fresh", now.addingTimeInterval(-60)),
        ] {
            #expect(try await keys.begin(userID: account.id, key: key, requestHash: "h", now: made) == .proceed)
            try await keys.complete(userID: account.id, key: key, status: 201, headers: [:], body: Data(), now: made)
        }
        let service = SchedulerService(
            scheduler: DigestScheduler(
                database: database,
                delivery: DeliveryWorker(database: database, configuration: DeliveryConfiguration()),
                organisations: [org.slug]),
            metrics: ServerMetrics(), logger: Logger(label: "test.housekeeping"),
            clock: { now }, housekeeping: WebHousekeeping(database: database, policy: policy), idempotencyKeys: keys)
        await service.tick()
        let keptKeys = try await database.asOwner(actor: "test") { connection in
            try connection.query("SELECT key FROM idempotency_keys ORDER BY key").map {
                try $0.decode("key", as: String.self)
            }
        }
        #expect(keptKeys == ["fresh"])
        #expect(try await sessionRows() == [WebSessions.digest(live)])
        let formIDs = try await database.inOrganisation(org.slug, actor: "test") { tx in
            try tx.connection.query("SELECT form_id FROM web_form_submissions")
                .map { try $0.decode("form_id", as: String.self) }
        }
        #expect(formIDs == ["new-form-id-0123456789"])
        // The live session still opens pages after the tick.
        #expect(try await sessions.find(id: live, now: now) != nil)
        await database.close()
    }
}

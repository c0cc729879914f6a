import Foundation
import Postgres
import RadarDigest
import RadarDomain
import RadarStore
import RadarTestSupport
import Testing

@Suite("Erasure reaches the digests already archived and delivered")
struct ErasureReachTests {
    @Test("after a digest was archived and delivered to a folder and a webhook, erasing the sponsor leaves their fear, promise and title nowhere in the database or the folder, and names the webhook copy it cannot reach")
    func erasureReachesDeliveredDigests() async throws {
        // Markers that are not the person's name or e-mail: only removing their entries gets rid of them.
        let marker = "marker\(UUID().uuidString.prefix(8).lowercased())"
        let scenario = try await DigestScenario.make("erase-reach")
        let slug = scenario.org.slug
        let at = DigestScenario.at("2026-06-24T10:00:00Z")
        try await scenario.write { tx in
            try tx.connection.execute(
                "UPDATE stakeholders SET title = $1 WHERE email = 'cara@x.test'", ["Chief \(marker) Officer"])
            _ = try Conversations(tx).record(
                ConversationDraft(
                    occurredAt: at, kind: "one_to_one", initiatedBy: "hana@x.test",
                    participants: [.init(email: "cara@x.test"), .init(email: "hana@x.test")],
                    fears: [.init(email: "cara@x.test", category: "exposure", statement: "fear \(marker)")],
                    commitments: [
                        .init(
                            ownerEmail: "cara@x.test", description: "promise \(marker)",
                            dueOn: DigestScenario.day("2026-06-25"))
                    ]), now: at)
        }
        let folder = try temporaryDirectory("erase-reach")
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        try await addChannel("directory", folder.path, in: slug, audience: "hr")
        try await addChannel("webhook", receiver.url, in: slug, audience: "hr")
        let now = DigestScenario.at("2026-07-06T07:00:00Z")
        try await publish("2026-W27", in: slug, now: now, refresh: true)
        #expect(try await worker().run(organisation: slug, now: now).map(\.result) == [.sent, .sent])

        func folderText() throws -> String {
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map {
                try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
            }.joined(separator: "\n")
        }
        #expect(occurrences(of: marker, in: try folderText()) > 0, "the delivered files should carry the fear")
        #expect(occurrences(of: marker, in: try await TestDatabase.dump()) > 0)

        let run = try await radar("gdpr", "erase", "cara@x.test", "--confirm", "--format", "csv", org: slug)
        #expect(run.exitCode == 0, "\(run.err)")
        #expect(run.out.contains("delivered digest files rewritten,1"))
        #expect(run.err.contains("2026-W27 digest sent to webhook \(receiver.url)"), "\(run.err)")

        let files = try folderText()
        #expect(occurrences(of: marker, in: files) == 0)
        #expect(occurrences(of: "Cara Chief", in: files) == 0)
        #expect(occurrences(of: "cara@x.test", in: files) == 0)
        #expect(files.contains("Dev Director"), "other people stay in the rewritten digest")
        #expect(occurrences(of: marker, in: try await TestDatabase.dump()) == 0)
        // Every scenario's sponsor has this address, so it is looked for in this organisation's archive only.
        let naming = try await scenario.write { tx in
            try tx.connection.queryRow(
                "SELECT count(*)::int AS n FROM digests WHERE content::text ~* 'cara@x\\.test|Cara Chief'")!
                .decode("n", as: Int.self)
        }
        #expect(naming == 0)
    }

    @Test("erasing a person who can sign in ends their sessions and tokens, and forgets the answers stored for retries")
    func erasureEndsSignInsAndForgetsStoredAnswers() async throws {
        let scenario = try await DigestScenario.make("erase-signin")
        let slug = scenario.org.slug
        // As the superuser, who may write accounts across organisations without an organisation of its own.
        let connection = try Connection.connect(try TestDatabase.superuserURL())
        defer { connection.close() }
        // Dev can sign in; an answer kept for an idempotent retry mentions him.
        let (dev, hana): (UUID, UUID) = try {
            func user(_ email: String) throws -> UUID {
                let id: UUID = try connection.queryRow(
                    "INSERT INTO users (email, display_name) VALUES ($1, 'Someone') RETURNING id", [email])!
                    .decode("id")
                try connection.execute(
                    """
                    INSERT INTO memberships (org_id, user_id, role)
                    SELECT id, $1, 'hr' FROM organisations WHERE slug = $2
                    """, [id, slug])
                return id
            }
            let dev = try user("dev@x.test")
            let hana = try user("hana-\(UUID().uuidString.prefix(6).lowercased())@x.test")
            try connection.execute(
                """
                INSERT INTO api_tokens (user_id, name, token_hash, expires_at)
                VALUES ($1, 'cli', sha256(gen_random_uuid()::text::bytea), now() + interval '1 day')
                """, [dev])
            try connection.execute(
                """
                INSERT INTO web_sessions (digest, user_id, org_slug, csrf_token, created_at, last_seen_at)
                VALUES (sha256(gen_random_uuid()::text::bytea), $1, $2, repeat('c', 32), now(), now())
                """, [dev, slug])
            // Stored as the service stores them: base64 of the answer's bytes.
            for (key, body) in [("about-dev", "{\"fear\": \"Dev Director worries\"}"), ("other", "{\"ok\": true}")] {
                try connection.execute(
                    """
                    INSERT INTO idempotency_keys (user_id, key, request_hash, created_at, completed_at, status, body)
                    VALUES ($1, $2, 'h', now(), now(), 201, $3)
                    """, [hana, key, Data(body.utf8).base64EncodedString()])
            }
            return (dev, hana)
        }()

        let run = try await radar("gdpr", "erase", "dev@x.test", "--confirm", org: slug)
        #expect(run.exitCode == 0, "\(run.err)")

        let (tokens, sessions, keys): (Int, Int, [String]) = try {
            let tokens: Int = try connection.queryRow(
                "SELECT count(*)::int AS n FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL", [dev])!
                .decode("n")
            let sessions: Int = try connection.queryRow(
                "SELECT count(*)::int AS n FROM web_sessions WHERE user_id = $1", [dev])!.decode("n")
            // Sealed answers cannot be searched, so every one kept for the organisation's members loses its body;
            // the keys stay, so a retry is told the request was carried out instead of writing again.
            let keys: [String] = try connection.query(
                "SELECT key FROM idempotency_keys WHERE user_id = $1 AND body IS NULL ORDER BY key", [hana]
            ).map { try $0.decode("key") }
            return (tokens, sessions, keys)
        }()
        #expect(tokens == 0)
        #expect(sessions == 0)
        #expect(keys == ["about-dev", "other"])
    }
}

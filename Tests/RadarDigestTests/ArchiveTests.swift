import Foundation
import Postgres
import RadarDigest
import RadarStore
import RadarTestSupport
import Testing

@Suite("The digest archive: one digest per organisation and week")
struct ArchiveTests {
    @Test("five generators sending the same week at once make one digest and one set of deliveries, each sent once")
    func concurrentGeneratorsMakeOneDigest() async throws {
        let org = try await TestDatabase.newOrganisation("five")
        let folder = try temporaryDirectory("five")
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        try await addChannel("directory", folder.path, in: org.slug)
        try await addChannel("webhook", receiver.url, in: org.slug)

        // Five separate `radar` processes in spirit: each opens its own pool, so five connections race.
        let runs = try await withThrowingTaskGroup(of: RadarRun.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    try await radar("digest", "send", "--as-of", "2026-06-29T07:00:00Z", org: org.slug)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }

        #expect(runs.allSatisfy { $0.exitCode == 0 }, "\(runs.map(\.err))")
        #expect(runs.filter { $0.out.contains("digest 2026-W26: archived,") }.count == 1)
        #expect(runs.filter { $0.out.contains("already archived") }.count == 4)
        let digests = try await rows("SELECT iso_week FROM digests", in: org.slug)
        #expect(try digests.map { try $0.decode("iso_week", as: String.self) } == ["2026-W26"])
        let deliveries = try await rows("SELECT status FROM digest_deliveries", in: org.slug)
        #expect(try deliveries.map { try $0.decode("status", as: String.self) } == ["sent", "sent"])
        #expect(try receiver.requests().count == 1, "the webhook got the digest once")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(files.count == 4, "\(files)")
    }

    @Test("a stored digest is rendered again from its content, the same as when it was made")
    func showRendersStoredContent() async throws {
        let org = try await TestDatabase.newOrganisation("show")
        let sent = try await radar("digest", "send", "--as-of", "2026-06-29T07:00:00Z", org: org.slug)
        #expect(sent.exitCode == 0, "\(sent.err)")
        let rendered = try await radar("digest", "--week", "2026-W26", "--format", "json", org: org.slug)

        for format in DigestFormat.allCases {
            let shown = try await radar("digest", "show", "2026-W26", "--format", format.rawValue, org: org.slug)
            #expect(shown.exitCode == 0, "\(shown.err)")
            #expect(!shown.out.isEmpty)
            if format == .json { #expect(shown.out == rendered.out) }
        }
        let listed = try await radar("digest", "list", "--format", "csv", org: org.slug)
        #expect(listed.out.split(separator: "\r\n").count == 2)
        #expect(listed.out.contains("2026-W26,"))
        let missing = try await radar("digest", "show", "2026-W20", org: org.slug)
        #expect(missing.exitCode == 2 && missing.err.contains("2026-W20"))
    }

    @Test("sending a week again queues only channels added since, and never a second digest")
    func sendingAgainQueuesOnlyNewChannels() async throws {
        let org = try await TestDatabase.newOrganisation("again")
        let first = try temporaryDirectory("again-1")
        let second = try temporaryDirectory("again-2")
        try await addChannel("directory", first.path, in: org.slug)
        let now = try instant("2026-06-29T07:00:00Z")
        #expect(try await publish("2026-W26", in: org.slug, now: now).queued == 1)
        try await addChannel("directory", second.path, in: org.slug)

        let again = try await publish("2026-W26", in: org.slug, now: now)

        #expect(!again.created && again.queued == 1)
        #expect(try await rows("SELECT id FROM digests", in: org.slug).count == 1)
        #expect(try await rows("SELECT id FROM digest_deliveries", in: org.slug).count == 2)
    }
}
